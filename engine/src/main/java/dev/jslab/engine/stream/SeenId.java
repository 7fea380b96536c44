package dev.jslab.engine.stream;

/**
 * A {@code Nats-Msg-Id} a stream saw within its duplicate window: the sequence it was stored at
 * and the message's time. Part of a replicated stream's snapshot.
 *
 * <p>Immutable and thread-safe.
 */
public record SeenId(String id, long seq, long timestampNanos) {}
