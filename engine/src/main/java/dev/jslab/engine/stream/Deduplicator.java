package dev.jslab.engine.stream;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code Nats-Msg-Id} window of a stream: ids seen within the duplicate window, each with the
 * sequence it was stored at. Expiry is decided by message timestamps, never by a clock, so every
 * replica agrees.
 *
 * <p>Not thread-safe: confined to the stream.
 */
final class Deduplicator {
  private record Entry(String id, long seq, long timestampNanos) {}

  private final Map<String, Entry> byId = new HashMap<>();
  private final ArrayDeque<Entry> byAge = new ArrayDeque<>();
  private long windowNanos;

  Deduplicator(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  void setWindow(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  /** The sequence of {@code id} if it was seen within the window before {@code nowNanos}, else -1. */
  long find(String id, long nowNanos) {
    expire(nowNanos);
    Entry e = byId.get(id);
    return e == null ? -1 : e.seq;
  }

  /** Records {@code id} as stored at {@code seq} at {@code timestampNanos}. */
  void record(String id, long seq, long timestampNanos) {
    if (windowNanos <= 0) {
      return;
    }
    Entry e = new Entry(id, seq, timestampNanos);
    byId.put(id, e);
    byAge.addLast(e);
  }

  /** The ids recorded and not yet expired, oldest first. */
  java.util.List<SeenId> seen() {
    java.util.List<SeenId> out = new java.util.ArrayList<>();
    for (Entry e : byAge) {
      if (byId.get(e.id) == e) {
        out.add(new SeenId(e.id, e.seq, e.timestampNanos));
      }
    }
    return out;
  }

  /** Records each of {@code ids} not recorded yet (oldest first). */
  void recordAbsent(java.util.List<SeenId> ids) {
    for (SeenId s : ids) {
      if (!byId.containsKey(s.id())) {
        record(s.id(), s.seq(), s.timestampNanos());
      }
    }
  }

  /** Number of ids in the window. */
  int size() {
    return byId.size();
  }

  void clear() {
    byId.clear();
    byAge.clear();
  }

  private void expire(long nowNanos) {
    long cutoff = nowNanos - windowNanos;
    while (!byAge.isEmpty() && byAge.peekFirst().timestampNanos <= cutoff) {
      Entry e = byAge.pollFirst();
      if (byId.get(e.id) == e) {
        byId.remove(e.id);
      }
    }
  }
}
