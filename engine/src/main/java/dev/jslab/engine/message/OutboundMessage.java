package dev.jslab.engine.message;

/**
 * A message the engine sends: a PubAck, an API response, a delivery, an advisory.
 *
 * @param subject the subject the receiver sees
 * @param reply its reply subject, or null
 * @param headers header block, or empty
 * @param data payload, or empty
 * @param deliverTo where it is routed when that differs from {@code subject}, or null: a consumer
 *     delivers a message stored on {@code orders.new} to its deliver subject or a pull request's
 *     inbox, and the receiver sees {@code orders.new}
 */
public record OutboundMessage(
    String subject, String reply, byte[] headers, byte[] data, String deliverTo) {
  private static final byte[] EMPTY = new byte[0];

  public OutboundMessage {
    headers = headers == null ? EMPTY : headers;
    data = data == null ? EMPTY : data;
  }

  /** A message routed to its own subject. */
  public OutboundMessage(String subject, String reply, byte[] headers, byte[] data) {
    this(subject, reply, headers, data, null);
  }

  /** The subject whose subscribers receive it: {@code deliverTo} when set, else {@code subject}. */
  public String route() {
    return deliverTo != null ? deliverTo : subject;
  }
}
