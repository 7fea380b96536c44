package dev.jslab.engine.consumer;

/**
 * A delivery awaiting its ack, as nats-server's {@code Pending}.
 *
 * @param consumerSeq the consumer sequence of its first delivery
 * @param timestampNanos the time recorded for it (see {@link ConsumerState})
 */
public record Pending(long consumerSeq, long timestampNanos) {}
