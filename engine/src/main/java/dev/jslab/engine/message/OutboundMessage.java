package dev.jslab.engine.message;

/**
 * A message the engine sends: a PubAck, an API response, a delivery, an advisory.
 *
 * @param subject where it goes
 * @param reply its reply subject, or null
 * @param headers header block, or empty
 * @param data payload, or empty
 */
public record OutboundMessage(String subject, String reply, byte[] headers, byte[] data) {
  private static final byte[] EMPTY = new byte[0];

  public OutboundMessage {
    headers = headers == null ? EMPTY : headers;
    data = data == null ? EMPTY : data;
  }
}
