package dev.jslab.engine.raft;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The voting members of a group as one member's log says: the members in the latest snapshot (or
 * the initial configuration), with every removal and addition entry after it applied in order. The latest configuration entry
 * counts as soon as it is in the log, committed or not (thesis §4.1), so truncating it away brings
 * the members back.
 *
 * <p>Not thread-safe: confined to its {@link RaftNode}.
 */
final class Membership {
  private final Set<String> initial;
  private TreeSet<String> current;
  private long configIndex;

  Membership(Set<String> initial, RaftLog log) {
    this.initial = Set.copyOf(initial);
    recompute(log);
  }

  /** The members now, sorted (do not modify). */
  TreeSet<String> current() {
    return current;
  }

  boolean contains(String id) {
    return current.contains(id);
  }

  /** Index of the latest removal or addition entry in the log, 0 if none. */
  long configIndex() {
    return configIndex;
  }

  /** The members as of {@code index} (at least the log's snapshot index). */
  TreeSet<String> at(RaftLog log, long index) {
    TreeSet<String> result = new TreeSet<>(log.snapshot().map(Snapshot::members).orElse(initial));
    for (Entry e : log.entries()) {
      if (e.index() > index) {
        break;
      }
      if (e.type() == EntryType.REMOVE_PEER) {
        result.remove(e.peer());
      } else if (e.type() == EntryType.ADD_PEER) {
        result.add(e.peer());
      }
    }
    return result;
  }

  /** Reads the members from the log again; returns whether they changed. */
  boolean recompute(RaftLog log) {
    TreeSet<String> now = at(log, Long.MAX_VALUE);
    configIndex = 0;
    List<Entry> entries = log.entries();
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).isMembershipChange()) {
        configIndex = entries.get(i).index();
        break;
      }
    }
    boolean changed = !now.equals(current);
    current = now;
    return changed;
  }
}
