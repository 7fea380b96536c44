package dev.jslab.engine.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Server-to-client frames, byte-exact as nats-server writes them: {@code MSG}, {@code HMSG},
 * {@code +OK}, {@code -ERR}, {@code PONG}, and the no-responders status. Stateless.
 */
public final class MessageFrames {
  /** {@code +OK\r\n}. */
  public static final byte[] OK = ascii("+OK\r\n");
  /** {@code PONG\r\n}. */
  public static final byte[] PONG = ascii("PONG\r\n");
  /** {@code PING\r\n}. */
  public static final byte[] PING = ascii("PING\r\n");
  /** The header block of the {@code 503} no-responders status message. */
  public static final byte[] NO_RESPONDERS_HEADERS = ascii("NATS/1.0 503\r\n\r\n");

  private static final byte[] CRLF = ascii("\r\n");

  private MessageFrames() {}

  /** {@code -ERR '<text>'\r\n}. */
  public static byte[] err(String text) {
    return ("-ERR '" + text + "'\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** {@code MSG <subject> <sid> [reply] <size>\r\n<payload>\r\n}. */
  public static byte[] msg(String subject, String sid, String reply, byte[] payload) {
    String line =
        "MSG " + subject + " " + sid + (reply == null ? "" : " " + reply) + " " + payload.length
            + "\r\n";
    return frame(line, null, payload);
  }

  /** {@code HMSG <subject> <sid> [reply] <hdr size> <total size>\r\n<headers><payload>\r\n}. */
  public static byte[] hmsg(
      String subject, String sid, String reply, byte[] headers, byte[] payload) {
    String line =
        "HMSG " + subject + " " + sid + (reply == null ? "" : " " + reply) + " " + headers.length
            + " " + (headers.length + payload.length) + "\r\n";
    return frame(line, headers, payload);
  }

  /** {@code MSG} or {@code HMSG} depending on whether {@code headers} is null. */
  public static byte[] message(
      String subject, String sid, String reply, byte[] headers, byte[] payload) {
    return headers == null
        ? msg(subject, sid, reply, payload)
        : hmsg(subject, sid, reply, headers, payload);
  }

  /** The {@code 503} status a requester with {@code no_responders} gets on {@code inbox}. */
  public static byte[] noResponders(String inbox, String sid) {
    return hmsg(inbox, sid, null, NO_RESPONDERS_HEADERS, new byte[0]);
  }

  private static byte[] frame(String line, byte[] headers, byte[] payload) {
    byte[] head = line.getBytes(StandardCharsets.UTF_8);
    int headerLength = headers == null ? 0 : headers.length;
    byte[] frame = new byte[head.length + headerLength + payload.length + CRLF.length];
    System.arraycopy(head, 0, frame, 0, head.length);
    if (headers != null) {
      System.arraycopy(headers, 0, frame, head.length, headerLength);
    }
    System.arraycopy(payload, 0, frame, head.length + headerLength, payload.length);
    System.arraycopy(CRLF, 0, frame, frame.length - CRLF.length, CRLF.length);
    return frame;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
