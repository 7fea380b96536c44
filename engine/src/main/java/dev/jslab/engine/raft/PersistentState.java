package dev.jslab.engine.raft;

import java.util.List;
import java.util.Optional;

/**
 * What a member restarts from: its hard state, its latest snapshot if any, and the log entries
 * after that snapshot, contiguous and in index order.
 *
 * <p>Immutable and thread-safe.
 */
public record PersistentState(HardState hardState, Optional<Snapshot> snapshot, List<Entry> entries) {
  public static final PersistentState EMPTY =
      new PersistentState(HardState.INITIAL, Optional.empty(), List.of());

  public PersistentState {
    entries = List.copyOf(entries);
    long expected = snapshot.map(s -> s.lastIndex() + 1).orElse(1L);
    for (Entry e : entries) {
      if (e.index() != expected++) {
        throw new IllegalArgumentException("log is not contiguous after the snapshot at " + e);
      }
    }
  }
}
