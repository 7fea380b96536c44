package dev.jslab.engine.consumer;

/**
 * Server and account limits that nats-server applies to consumer configurations; 0 means no
 * limit.
 *
 * @param serverMaxAckPending the server's {@code max_ack_pending} limit
 * @param serverMaxRequestBatch the server's {@code max_request_batch} limit (also the default
 *     {@code max_batch} of pull consumers)
 * @param accountMaxAckPending the account's {@code max_ack_pending} limit
 * @param accountMaxConsumers the account's {@code max_consumers} limit per stream
 */
public record ConsumerCheckLimits(
    int serverMaxAckPending,
    int serverMaxRequestBatch,
    int accountMaxAckPending,
    int accountMaxConsumers) {
  /** No limits, nats-server's default. */
  public static final ConsumerCheckLimits NONE = new ConsumerCheckLimits(0, 0, 0, 0);
}
