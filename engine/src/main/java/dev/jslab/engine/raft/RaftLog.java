package dev.jslab.engine.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A member's in-memory view of its log: the latest snapshot's position and the entries after it.
 * Index 0 (term 0) is the empty log's position.
 *
 * <p>Not thread-safe: confined to its {@link RaftNode}.
 */
final class RaftLog {
  private Snapshot snapshot;
  private long snapshotIndex;
  private long snapshotTerm;
  private final ArrayList<Entry> entries = new ArrayList<>();

  RaftLog(Optional<Snapshot> snapshot, List<Entry> entries) {
    snapshot.ifPresent(this::resetTo);
    this.entries.addAll(entries);
  }

  Optional<Snapshot> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  long snapshotIndex() {
    return snapshotIndex;
  }

  long firstIndex() {
    return snapshotIndex + 1;
  }

  long lastIndex() {
    return snapshotIndex + entries.size();
  }

  long lastTerm() {
    return termAt(lastIndex());
  }

  /** The term of the entry at {@code index}, or -1 when it is beyond the log or compacted away. */
  long termAt(long index) {
    if (index == snapshotIndex) {
      return snapshotTerm;
    }
    if (index < snapshotIndex || index > lastIndex()) {
      return -1;
    }
    return entries.get((int) (index - snapshotIndex - 1)).term();
  }

  Entry get(long index) {
    return entries.get((int) (index - snapshotIndex - 1));
  }

  /** Entries {@code from..to} inclusive, both within the log. */
  List<Entry> slice(long from, long to) {
    return new ArrayList<>(entries.subList((int) (from - snapshotIndex - 1), (int) (to - snapshotIndex)));
  }

  /** Whether a log ending at {@code index}/{@code term} is at least as up to date as this one (§5.4.1). */
  boolean isUpToDate(long index, long term) {
    long myTerm = lastTerm();
    return term > myTerm || (term == myTerm && index >= lastIndex());
  }

  void append(Entry entry) {
    if (entry.index() != lastIndex() + 1) {
      throw new IllegalStateException("append " + entry + " after " + lastIndex());
    }
    entries.add(entry);
  }

  /** Drops the entries from {@code index} on. */
  void truncateFrom(long index) {
    int keep = (int) (index - snapshotIndex - 1);
    entries.subList(keep, entries.size()).clear();
  }

  /** The first index of the term of the entry at {@code index} (no earlier than the first index). */
  long firstIndexOfTerm(long index) {
    long term = termAt(index);
    long i = index;
    while (i - 1 > snapshotIndex && termAt(i - 1) == term) {
      i--;
    }
    return i;
  }

  /** The last index holding {@code term}, or -1 when the log has no entry of that term. */
  long lastIndexOfTerm(long term) {
    for (long i = lastIndex(); i > snapshotIndex; i--) {
      long t = termAt(i);
      if (t == term) {
        return i;
      }
      if (t < term) {
        return -1;
      }
    }
    return -1;
  }

  /** Drops the entries up to the snapshot's position and keeps those after it. */
  void compact(Snapshot taken) {
    int drop = (int) (taken.lastIndex() - snapshotIndex);
    entries.subList(0, drop).clear();
    snapshot = taken;
    snapshotIndex = taken.lastIndex();
    snapshotTerm = taken.lastTerm();
  }

  /** Replaces the whole log by a snapshot (installed from the leader). */
  void resetTo(Snapshot installed) {
    entries.clear();
    snapshot = installed;
    snapshotIndex = installed.lastIndex();
    snapshotTerm = installed.lastTerm();
  }

  /** The (index, term) of up to {@code count} last entries, oldest first. */
  List<RaftStatus.LogPosition> tail(int count) {
    List<RaftStatus.LogPosition> tail = new ArrayList<>();
    for (long i = Math.max(firstIndex(), lastIndex() - count + 1); i <= lastIndex(); i++) {
      tail.add(new RaftStatus.LogPosition(i, termAt(i)));
    }
    return tail;
  }

  List<Entry> entries() {
    return entries;
  }
}
