package dev.jslab.engine.consumer;

import java.nio.charset.StandardCharsets;

/**
 * The header-only status messages a consumer sends, byte for byte as nats-server writes them
 * ({@code NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 1\r\nNats-Pending-Bytes: 0\r\n
 * \r\n}, …).
 *
 * <p>Stateless and thread-safe.
 */
public final class StatusMessages {
  public static final String PENDING_MESSAGES = "Nats-Pending-Messages";
  public static final String PENDING_BYTES = "Nats-Pending-Bytes";
  public static final String LAST_CONSUMER = "Nats-Last-Consumer";
  public static final String LAST_STREAM = "Nats-Last-Stream";
  public static final String CONSUMER_STALLED = "Nats-Consumer-Stalled";
  public static final String MSG_SIZE = "Nats-Msg-Size";

  private StatusMessages() {}

  /** {@code NATS/1.0 <code> <description>} with no other header. */
  public static byte[] status(int code, String description) {
    return ascii("NATS/1.0 " + code + " " + description + "\r\n\r\n");
  }

  /** A status with the remaining batch and bytes of a pull request. */
  public static byte[] withPending(int code, String description, long messages, long bytes) {
    return ascii(
        "NATS/1.0 " + code + " " + description + "\r\n" + PENDING_MESSAGES + ": " + messages
            + "\r\n" + PENDING_BYTES + ": " + bytes + "\r\n\r\n");
  }

  /** {@code 408 Request Timeout} with the request's remaining batch and bytes. */
  public static byte[] requestTimeout(long messages, long bytes) {
    return withPending(408, "Request Timeout", messages, bytes);
  }

  /** {@code 409 Message Size Exceeds MaxBytes} with the request's remaining batch and bytes. */
  public static byte[] messageSizeExceedsMaxBytes(long messages, long bytes) {
    return withPending(409, "Message Size Exceeds MaxBytes", messages, bytes);
  }

  /** {@code 409 Batch Completed}: the batch is done but bytes were left. */
  public static byte[] batchCompleted(long messages, long bytes) {
    return withPending(409, "Batch Completed", messages, bytes);
  }

  /**
   * {@code 100 Idle Heartbeat} with the last consumer and stream sequences, and {@code
   * Nats-Consumer-Stalled} when a flow control request is unanswered ({@code stalledOn}, or null).
   */
  public static byte[] idleHeartbeat(long lastConsumerSeq, long lastStreamSeq, String stalledOn) {
    StringBuilder sb = new StringBuilder("NATS/1.0 100 Idle Heartbeat\r\n")
        .append(LAST_CONSUMER).append(": ").append(lastConsumerSeq).append("\r\n")
        .append(LAST_STREAM).append(": ").append(lastStreamSeq).append("\r\n");
    if (stalledOn != null && !stalledOn.isEmpty()) {
      sb.append(CONSUMER_STALLED).append(": ").append(stalledOn).append("\r\n");
    }
    return ascii(sb.append("\r\n").toString());
  }

  /** {@code 100 FlowControl Request}. */
  public static byte[] flowControlRequest() {
    return status(100, "FlowControl Request");
  }

  /**
   * A headers-only delivery's header block: the stored headers (or a bare version line) with
   * {@code Nats-Msg-Size: <payload length>} appended.
   */
  public static byte[] headersOnly(byte[] headers, int payloadLength) {
    String line = MSG_SIZE + ": " + payloadLength + "\r\n\r\n";
    byte[] tail = ascii(line);
    if (headers == null || headers.length == 0) {
      byte[] version = ascii("NATS/1.0\r\n");
      byte[] out = new byte[version.length + tail.length];
      System.arraycopy(version, 0, out, 0, version.length);
      System.arraycopy(tail, 0, out, version.length, tail.length);
      return out;
    }
    int keep = headers.length - 2;
    byte[] out = new byte[keep + tail.length];
    System.arraycopy(headers, 0, out, 0, keep);
    System.arraycopy(tail, 0, out, keep, tail.length);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
