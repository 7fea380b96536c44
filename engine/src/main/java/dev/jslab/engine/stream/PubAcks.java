package dev.jslab.engine.stream;

import dev.jslab.engine.api.ApiError;
import dev.jslab.engine.api.Json;
import java.nio.charset.StandardCharsets;

/**
 * PubAck bodies byte for byte as nats-server writes them: {@code {"stream":"S", "seq":7}}, with
 * {@code "domain"} when the domain is set, {@code ,"duplicate": true} for a duplicate, and
 * {@code {"error":{...},"stream":"S","seq":0}} for a refusal.
 *
 * <p>Stateless and thread-safe.
 */
public final class PubAcks {
  private PubAcks() {}

  /** The acknowledgement of a stored message. */
  public static byte[] stored(String stream, String domain, long seq) {
    return stored(prefix(stream, domain), seq);
  }

  /** The acknowledgement of a stored message, after {@link #prefix} (which callers may keep). */
  public static byte[] stored(String prefix, long seq) {
    return (prefix + seq + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** The acknowledgement of a duplicate, carrying the original's sequence. */
  public static byte[] duplicate(String stream, String domain, long seq) {
    return duplicate(prefix(stream, domain), seq);
  }

  /** The acknowledgement of a duplicate, after {@link #prefix}. */
  public static byte[] duplicate(String prefix, long seq) {
    return (prefix + seq + ",\"duplicate\": true}").getBytes(StandardCharsets.UTF_8);
  }

  /** The refusal of a message. */
  public static byte[] error(String stream, String domain, ApiError error) {
    return Json.write(
        g -> {
          g.writeStartObject();
          Json.writeErrorField(g, error);
          g.writeStringField("stream", stream); // nats-server's refusals never name the domain
          g.writeNumberField("seq", 0);
          g.writeEndObject();
        });
  }

  /** What every acknowledgement from {@code stream} in {@code domain} starts with. */
  public static String prefix(String stream, String domain) {
    String quotedStream = quote(stream);
    if (domain != null && !domain.isEmpty()) {
      return "{\"stream\":" + quotedStream + ", \"domain\":" + quote(domain) + ", \"seq\":";
    }
    return "{\"stream\":" + quotedStream + ", \"seq\":";
  }

  private static String quote(String s) {
    return new String(Json.write(g -> g.writeString(s)), StandardCharsets.UTF_8);
  }
}
