package dev.jslab.engine.consumer;

import java.util.Optional;

/**
 * Where a consumer keeps its replicated {@link ConsumerState} across restarts. The consumer calls
 * {@link #save} after every operation it applies; what survives a {@link #crash} is up to the
 * implementation (memory: nothing beyond the process; MapDB: what was written).
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public interface ConsumerStateStore extends AutoCloseable {
  /** The state saved last, as an independent copy; empty when nothing was ever saved. */
  Optional<ConsumerState> load();

  /**
   * Records {@code state} as the consumer's current state. The object stays the consumer's: an
   * implementation that keeps it must copy it, or may hold the reference only if it is the
   * consumer's own memory (a memory store).
   */
  void save(ConsumerState state);

  /** Makes the last save durable (an fsync for file stores). No-op for memory. */
  default void sync() {}

  /** Clean shutdown: makes the last save durable and releases resources. Idempotent. */
  @Override
  void close();

  /** Abrupt stop as a killed process: unsynced state may be lost. Idempotent. */
  void crash();

  /** Removes everything this store holds. */
  void delete();
}
