package dev.jslab.engine.raft;

import java.util.List;

/**
 * Where a member's persistent state lives: hard state, latest snapshot and the log after it. A
 * driver calls {@link #persist} with each {@link Ready} before it sends that Ready's messages, and
 * {@link #load} on restart.
 *
 * <p>Implementations are confined to the member's driver unless they say otherwise.
 */
public interface RaftStorage {
  /** Everything persisted so far. */
  PersistentState load();

  void saveHardState(HardState state);

  /** Keeps {@code snapshot} and drops every stored entry at or before its last index. */
  void saveSnapshot(Snapshot snapshot);

  /** Drops the stored entries from {@code index} on. */
  void truncateFrom(long index);

  /** Appends entries that follow the stored log without a gap. */
  void append(List<Entry> entries);

  /** Makes what the calls since the last sync durable; a no-op for memory. */
  default void sync() {}

  /** Persists what {@code ready} asks, in the order the protocol needs, then syncs. */
  default void persist(Ready ready) {
    ready.hardState().ifPresent(this::saveHardState);
    ready.snapshotToPersist().ifPresent(this::saveSnapshot);
    if (ready.truncateFrom() > 0) {
      truncateFrom(ready.truncateFrom());
    }
    if (!ready.entries().isEmpty()) {
      append(ready.entries());
    }
    sync();
  }
}
