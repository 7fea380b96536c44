package dev.jslab.engine.monitor;

import java.nio.charset.StandardCharsets;

/**
 * One answer of the monitoring endpoint: HTTP status, content type and body. Immutable once
 * built (the body array is not copied; nobody writes to it).
 *
 * @param status HTTP status code
 * @param contentType the {@code Content-Type} header
 * @param body the bytes to send
 */
public record MonitorResponse(int status, String contentType, byte[] body) {
  /** nats-server's JSON content type. */
  public static final String JSON = "application/json";
  /** Go's sniffed type for a plain-text error body. */
  public static final String TEXT = "text/plain; charset=utf-8";
  /** Prometheus text exposition format 0.0.4. */
  public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  static MonitorResponse json(int status, byte[] body) {
    return new MonitorResponse(status, JSON, body);
  }

  static MonitorResponse text(int status, String body) {
    return new MonitorResponse(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
