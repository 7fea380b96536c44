package dev.jslab.engine.store;

/**
 * A stream store's numbers, as nats-server reports them in a stream's {@code state}.
 *
 * <p>An empty store that has held messages keeps {@code lastSeq} and has {@code firstSeq =
 * lastSeq + 1}; {@code numDeleted} counts the gaps between first and last.
 *
 * @param messages stored messages
 * @param bytes their size as the storage type accounts it ({@link MessageSizes})
 * @param firstSeq sequence of the first stored message
 * @param firstTimestampNanos its timestamp, 0 when empty
 * @param lastSeq the last sequence ever assigned
 * @param lastTimestampNanos timestamp of the last stored message, 0 before any
 * @param numSubjects distinct subjects among the stored messages
 * @param numDeleted sequences between first and last that hold no message
 */
public record StoreState(
    long messages,
    long bytes,
    long firstSeq,
    long firstTimestampNanos,
    long lastSeq,
    long lastTimestampNanos,
    long numSubjects,
    long numDeleted) {}
