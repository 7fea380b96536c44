package dev.jslab.engine.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link RaftStorage} in plain collections: survives a simulated crash of its member (the member is
 * rebuilt from {@link #load}) but not the process.
 *
 * <p>Not thread-safe: confined to the member's driver.
 */
public final class InMemoryRaftStorage implements RaftStorage {
  private HardState hardState = HardState.INITIAL;
  private Snapshot snapshot;
  private final List<Entry> entries = new ArrayList<>();

  @Override
  public PersistentState load() {
    return new PersistentState(hardState, Optional.ofNullable(snapshot), entries);
  }

  @Override
  public void saveHardState(HardState state) {
    hardState = state;
  }

  @Override
  public void saveSnapshot(Snapshot taken) {
    snapshot = taken;
    entries.removeIf(e -> e.index() <= taken.lastIndex());
    if (!entries.isEmpty() && entries.get(0).index() != taken.lastIndex() + 1) {
      entries.clear();
    }
  }

  @Override
  public void truncateFrom(long index) {
    entries.removeIf(e -> e.index() >= index);
  }

  @Override
  public void append(List<Entry> more) {
    long expected = nextIndex();
    for (Entry e : more) {
      if (e.index() != expected++) {
        throw new IllegalStateException("gap in stored log: " + e + " after " + (expected - 2));
      }
    }
    entries.addAll(more);
  }

  private long nextIndex() {
    if (!entries.isEmpty()) {
      return entries.get(entries.size() - 1).index() + 1;
    }
    return snapshot == null ? 1 : snapshot.lastIndex() + 1;
  }
}
