package dev.jslab.engine.store;

import dev.jslab.engine.subject.Subjects;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Per-subject bookkeeping of a store: how many messages each subject holds and its first and last
 * sequence. First and last are recomputed lazily after a removal, by reading the store through the
 * loader it was given.
 *
 * <p>Not thread-safe: confined to its store.
 */
public final class SubjectTracker {
  private final Map<String, Entry> bySubject = new HashMap<>();
  private final LongFunction<StoredMessage> loader;

  /** @param loader reads a stored message by sequence (null when absent) */
  public SubjectTracker(LongFunction<StoredMessage> loader) {
    this.loader = loader;
  }

  /** Records a message stored at {@code seq}, the highest sequence so far. */
  public void added(String subject, long seq) {
    Entry e = bySubject.get(subject);
    if (e == null) {
      bySubject.put(subject, new Entry(seq));
    } else {
      e.messages++;
      e.last = seq;
      e.lastStale = false;
    }
  }

  /**
   * Records {@code messages} messages on {@code subject} from {@code firstSeq} to {@code lastSeq},
   * all above every sequence recorded so far: a file store rebuilding its subjects from per-block
   * summaries on reopen, without reading each message.
   */
  public void addedRange(String subject, long messages, long firstSeq, long lastSeq) {
    if (messages <= 0) {
      return;
    }
    Entry e = bySubject.get(subject);
    if (e == null) {
      e = new Entry(firstSeq);
      e.messages = messages;
      e.last = lastSeq;
      bySubject.put(subject, e);
    } else {
      e.messages += messages;
      e.last = lastSeq;
      e.lastStale = false;
    }
  }

  /** Records that the message at {@code seq} on {@code subject} is gone. */
  public void removed(String subject, long seq) {
    Entry e = bySubject.get(subject);
    if (e == null) {
      return;
    }
    if (e.messages <= 1) {
      bySubject.remove(subject);
      return;
    }
    e.messages--;
    e.firstStale |= seq == e.first;
    e.lastStale |= seq == e.last;
  }

  /** The state of one literal subject. */
  public SubjectState state(String subject) {
    Entry e = bySubject.get(subject);
    if (e == null) {
      return SubjectState.EMPTY;
    }
    refresh(subject, e);
    return new SubjectState(e.messages, e.first, e.last);
  }

  /** Totals over every subject matching {@code filter} (a literal counts as its one subject). */
  public SubjectState total(String filter) {
    if (Subjects.isLiteral(filter)) {
      return state(filter);
    }
    long messages = 0;
    long first = Long.MAX_VALUE;
    long last = 0;
    for (Map.Entry<String, Entry> e : bySubject.entrySet()) {
      if (Subjects.matches(filter, e.getKey())) {
        refresh(e.getKey(), e.getValue());
        messages += e.getValue().messages;
        first = Math.min(first, e.getValue().first);
        last = Math.max(last, e.getValue().last);
      }
    }
    return messages == 0 ? SubjectState.EMPTY : new SubjectState(messages, first, last);
  }

  /** Each subject matching {@code filter} with its state, in subject order. */
  public Map<String, SubjectState> matching(String filter) {
    Map<String, SubjectState> out = new TreeMap<>();
    for (Map.Entry<String, Entry> e : bySubject.entrySet()) {
      if (Subjects.matches(filter, e.getKey())) {
        refresh(e.getKey(), e.getValue());
        Entry v = e.getValue();
        out.put(e.getKey(), new SubjectState(v.messages, v.first, v.last));
      }
    }
    return out;
  }

  /** Number of distinct subjects. */
  public int count() {
    return bySubject.size();
  }

  public void clear() {
    bySubject.clear();
  }

  private void refresh(String subject, Entry e) {
    if (e.firstStale) {
      for (long s = e.first + 1; s <= e.last; s++) {
        StoredMessage m = loader.apply(s);
        if (m != null && m.subject().equals(subject)) {
          e.first = s;
          break;
        }
      }
      e.firstStale = false;
    }
    if (e.lastStale) {
      for (long s = e.last - 1; s >= e.first; s--) {
        StoredMessage m = loader.apply(s);
        if (m != null && m.subject().equals(subject)) {
          e.last = s;
          break;
        }
      }
      e.lastStale = false;
    }
  }

  private static final class Entry {
    long messages = 1;
    long first;
    long last;
    boolean firstStale;
    boolean lastStale;

    Entry(long seq) {
      first = seq;
      last = seq;
    }
  }
}
