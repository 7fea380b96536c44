package dev.jslab.engine.store.memory;

import dev.jslab.engine.store.MessageSizes;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.Purges;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.store.SubjectState;
import dev.jslab.engine.store.SubjectTracker;
import dev.jslab.engine.subject.Subjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Memory storage: every message on the heap, indexed by sequence; nothing survives the node.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class MemoryMessageStore implements MessageStore {
  private final SequenceWindow window = new SequenceWindow();
  private final SubjectTracker subjects = new SubjectTracker(this::load);
  private long messages;
  private long bytes;
  private long firstSeq = 1;
  private long firstTs;
  private long lastSeq;
  private long lastTs;
  private boolean closed;
  private long applied;

  /** An empty store whose first message will get sequence {@code firstSeq}. */
  public MemoryMessageStore(long firstSeq) {
    if (firstSeq < 1) {
      throw new IllegalArgumentException("first sequence must be at least 1: " + firstSeq);
    }
    this.firstSeq = firstSeq;
    this.lastSeq = firstSeq - 1;
    window.reset(firstSeq);
  }

  public MemoryMessageStore() {
    this(1);
  }

  @Override
  public StorageType type() {
    return StorageType.MEMORY;
  }

  @Override
  public long append(String subject, byte[] headers, byte[] data, long timestampNanos) {
    long seq = lastSeq + 1;
    appendAt(seq, subject, headers, data, timestampNanos);
    return seq;
  }

  @Override
  public void appendAt(long seq, String subject, byte[] headers, byte[] data, long timestampNanos) {
    checkOpen();
    if (seq <= lastSeq) {
      throw new IllegalArgumentException("sequence " + seq + " is not after last " + lastSeq);
    }
    StoredMessage message = new StoredMessage(seq, subject, headers, data, timestampNanos);
    if (messages == 0) {
      firstSeq = seq;
      firstTs = timestampNanos;
      window.reset(seq);
    }
    window.put(message);
    messages++;
    bytes += size(message);
    lastSeq = seq;
    lastTs = timestampNanos;
    subjects.added(subject, seq);
  }

  @Override
  public void skipTo(long seq) {
    checkOpen();
    if (seq - 1 <= lastSeq) {
      return;
    }
    lastSeq = seq - 1;
    if (messages == 0) {
      firstSeq = seq;
      window.reset(seq);
    }
  }

  @Override
  public StoredMessage load(long seq) {
    return window.get(seq);
  }

  @Override
  public StoredMessage loadNext(String filter, long fromSeq) {
    long from = Math.max(fromSeq, firstSeq);
    long to = lastSeq;
    if (Subjects.isLiteral(filter) && !filter.isEmpty()) {
      SubjectState state = subjects.state(filter);
      if (state.messages() == 0) {
        return null;
      }
      from = Math.max(from, state.firstSeq());
      to = Math.min(to, state.lastSeq());
    }
    boolean all = isAll(filter);
    for (long seq = from; seq <= to; seq++) {
      StoredMessage m = window.get(seq);
      if (m != null && (all || Subjects.matches(filter, m.subject()))) {
        return m;
      }
    }
    return null;
  }

  @Override
  public StoredMessage loadLast(String filter) {
    if (isAll(filter)) {
      return loadPrevious(lastSeq);
    }
    if (Subjects.isLiteral(filter)) {
      SubjectState state = subjects.state(filter);
      return state.messages() == 0 ? null : load(state.lastSeq());
    }
    long best = 0;
    for (Map.Entry<String, SubjectState> e : subjects.matching(filter).entrySet()) {
      best = Math.max(best, e.getValue().lastSeq());
    }
    return best == 0 ? null : load(best);
  }

  @Override
  public StoredMessage loadPrevious(long seq) {
    for (long s = Math.min(seq, lastSeq); s >= firstSeq; s--) {
      StoredMessage m = window.get(s);
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  @Override
  public boolean remove(long seq) {
    checkOpen();
    StoredMessage removed = window.clear(seq);
    if (removed == null) {
      return false;
    }
    messages--;
    bytes -= size(removed);
    subjects.removed(removed.subject(), seq);
    if (seq == firstSeq) {
      advanceFirst();
    }
    return true;
  }

  @Override
  public long purgeAll() {
    checkOpen();
    long purged = messages;
    messages = 0;
    bytes = 0;
    firstSeq = lastSeq + 1;
    firstTs = 0;
    subjects.clear();
    window.reset(firstSeq);
    return purged;
  }

  @Override
  public long compact(long seq) {
    checkOpen();
    if (seq <= firstSeq) {
      return 0;
    }
    if (seq > lastSeq) {
      long purged = messages;
      messages = 0;
      bytes = 0;
      subjects.clear();
      firstSeq = seq;
      firstTs = 0;
      lastSeq = seq - 1;
      window.reset(seq);
      return purged;
    }
    long purged = 0;
    for (long s = firstSeq; s < seq; s++) {
      StoredMessage m = window.clear(s);
      if (m != null) {
        purged++;
        messages--;
        bytes -= size(m);
        subjects.removed(m.subject(), s);
      }
    }
    firstSeq = seq;
    advanceFirst();
    return purged;
  }

  @Override
  public long purge(String filter, long beforeSeq, long keep) {
    return Purges.purge(this, filter, beforeSeq, keep);
  }

  @Override
  public long seqAtOrAfter(long timestampNanos) {
    for (long s = firstSeq; s <= lastSeq; s++) {
      StoredMessage m = window.get(s);
      if (m != null && m.timestampNanos() >= timestampNanos) {
        return s;
      }
    }
    return lastSeq + 1;
  }

  @Override
  public StoreState state() {
    long deleted = messages == 0 ? 0 : (lastSeq - firstSeq + 1) - messages;
    // a store that never held anything reports first_seq 0, as nats-server's stores do
    long first = messages == 0 && lastSeq == 0 ? 0 : firstSeq;
    return new StoreState(
        messages, bytes, first, firstTs, lastSeq, lastTs, subjects.count(), deleted);
  }

  @Override
  public SubjectState filteredState(String filter, long fromSeq) {
    if (fromSeq <= firstSeq) {
      if (isAll(filter)) {
        return messages == 0 ? SubjectState.EMPTY : new SubjectState(messages, firstSeq, lastSeq());
      }
      return subjects.total(filter);
    }
    long count = 0;
    long first = 0;
    long last = 0;
    boolean all = isAll(filter);
    for (long s = fromSeq; s <= lastSeq; s++) {
      StoredMessage m = window.get(s);
      if (m != null && (all || Subjects.matches(filter, m.subject()))) {
        count++;
        first = first == 0 ? s : first;
        last = s;
      }
    }
    return new SubjectState(count, first, last);
  }

  @Override
  public Map<String, SubjectState> subjectsState(String filter) {
    return subjects.matching(isAll(filter) ? ">" : filter);
  }

  @Override
  public long numPending(long fromSeq, String filter, boolean lastPerSubject) {
    if (lastPerSubject) {
      return subjects.matching(isAll(filter) ? ">" : filter).values().stream()
          .filter(s -> s.lastSeq() >= fromSeq)
          .count();
    }
    return filteredState(filter, fromSeq).messages();
  }

  @Override
  public List<Long> deletedSequences() {
    List<Long> deleted = new ArrayList<>();
    if (messages == 0) {
      return deleted;
    }
    for (long s = firstSeq; s <= lastSeq; s++) {
      if (window.get(s) == null) {
        deleted.add(s);
      }
    }
    return deleted;
  }

  @Override
  public void markApplied(long index) {
    applied = index;
  }

  @Override
  public long appliedMark() {
    return applied;
  }

  /** Opens this closed store again with what it held (a memory "disk" that outlived its node). */
  public MemoryMessageStore reopen() {
    closed = false;
    return this;
  }

  @Override
  public void sync() {
    // memory: nothing is durable
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public void crash() {
    closed = true;
  }

  @Override
  public void powerLoss() {
    closed = true;
  }

  @Override
  public void delete() {
    closed = true;
    window.reset(lastSeq + 1);
    subjects.clear();
  }

  private long lastSeq() {
    StoredMessage last = loadPrevious(lastSeq);
    return last == null ? 0 : last.seq();
  }

  private void advanceFirst() {
    long s = firstSeq;
    while (s <= lastSeq && window.get(s) == null) {
      s++;
    }
    firstSeq = s;
    StoredMessage first = window.get(s);
    firstTs = first == null ? 0 : first.timestampNanos();
    window.dropBefore(s);
  }

  private static boolean isAll(String filter) {
    return filter == null || filter.isEmpty() || Subjects.REST.equals(filter);
  }

  private static long size(StoredMessage m) {
    return MessageSizes.memory(m.subject(), m.headers().length, m.data().length);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }
}
