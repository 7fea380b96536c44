package dev.jslab.engine.consumer;

/**
 * A consumer and stream sequence with the time of the last activity, as in consumer info's
 * {@code delivered} and {@code ack_floor}.
 *
 * @param consumerSeq {@code consumer_seq}
 * @param streamSeq {@code stream_seq}
 * @param lastActiveNanos {@code last_active}, nanoseconds since the epoch; 0 when there was none
 *     (the field is then left out)
 */
public record SequenceInfo(long consumerSeq, long streamSeq, long lastActiveNanos) {}
