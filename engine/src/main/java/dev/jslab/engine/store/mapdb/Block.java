package dev.jslab.engine.store.mapdb;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What the store keeps in memory about one block, enough to answer "is this sequence stored"
 * without reading the block: its sequence range, which records were removed, how many live
 * messages and bytes remain, its newest timestamp and, when it has only one, its subject.
 *
 * <p>Records are numbered by index in sequence order. A block's sequences are contiguous unless
 * messages were stored with gaps ({@code appendAt}); only then are they kept as an array.
 *
 * <p>Not thread-safe.
 */
final class Block {
  final long first;
  final Segment segment;
  private long last;
  private int count;
  private long[] seqs;
  private BitSet removed;
  private int live;
  private long liveBytes;
  private long maxTs = Long.MIN_VALUE;
  private String singleSubject;
  private boolean manySubjects;

  Block(long first, Segment segment) {
    this.first = first;
    this.last = first - 1;
    this.segment = segment;
  }

  /** A stored block as its summary describes it, every record live. */
  static Block of(BlockSummary summary, Segment segment) {
    Block b = new Block(summary.first(), segment);
    b.last = summary.last();
    b.count = summary.count();
    b.seqs = summary.seqs();
    b.live = summary.count();
    b.liveBytes = summary.bytes();
    b.maxTs = summary.maxTs();
    if (summary.subjects().size() == 1) {
      b.singleSubject = summary.subjects().get(0).subject();
    } else {
      b.manySubjects = true;
    }
    return b;
  }

  /** Adds a record after the last one (the open block growing). */
  void added(long seq, long ts, String subject, long size) {
    if (seqs == null && seq != first + count) {
      seqs = new long[Math.max(16, count * 2)];
      for (int i = 0; i < count; i++) {
        seqs[i] = first + i;
      }
    }
    if (seqs != null) {
      if (count == seqs.length) {
        seqs = Arrays.copyOf(seqs, count * 2);
      }
      seqs[count] = seq;
    }
    count++;
    last = seq;
    live++;
    liveBytes += size;
    maxTs = Math.max(maxTs, ts);
    if (!manySubjects) {
      if (singleSubject == null) {
        singleSubject = subject;
      } else if (!singleSubject.equals(subject)) {
        singleSubject = null;
        manySubjects = true;
      }
    }
  }

  long last() {
    return last;
  }

  int count() {
    return count;
  }

  int live() {
    return live;
  }

  long liveBytes() {
    return liveBytes;
  }

  long maxTs() {
    return maxTs;
  }

  /** The subject of every record, or null when the block has several. */
  String singleSubject() {
    return manySubjects ? null : singleSubject;
  }

  /** The sequences when they have gaps, else null; trimmed to {@link #count()}. */
  long[] gappedSeqs() {
    return seqs == null ? null : Arrays.copyOf(seqs, count);
  }

  long seqAt(int i) {
    return seqs == null ? first + i : seqs[i];
  }

  /** Index of the record with sequence {@code seq}, or -1. */
  int indexOf(long seq) {
    if (seqs == null) {
      return seq >= first && seq < first + count ? (int) (seq - first) : -1;
    }
    int i = Arrays.binarySearch(seqs, 0, count, seq);
    return i >= 0 ? i : -1;
  }

  /** Index of the first record at or after {@code seq} (may be {@link #count()}). */
  int ceilingIndex(long seq) {
    if (seq <= first) {
      return 0;
    }
    if (seqs == null) {
      return (int) Math.min(count, seq - first);
    }
    int i = Arrays.binarySearch(seqs, 0, count, seq);
    return i >= 0 ? i : -i - 1;
  }

  /** Index of the last record at or before {@code seq} (may be -1). */
  int floorIndex(long seq) {
    if (seq < first) {
      return -1;
    }
    if (seqs == null) {
      return (int) Math.min(count - 1, seq - first);
    }
    int i = Arrays.binarySearch(seqs, 0, count, seq);
    return i >= 0 ? i : -i - 2;
  }

  boolean isLive(int i) {
    return i >= 0 && i < count && (removed == null || !removed.get(i));
  }

  /** The first live index at or after {@code from}, or -1. */
  int nextLive(int from) {
    if (from >= count) {
      return -1;
    }
    int i = removed == null ? from : removed.nextClearBit(from);
    return i < count ? i : -1;
  }

  /** The last live index at or before {@code from}, or -1. */
  int previousLive(int from) {
    if (from < 0) {
      return -1;
    }
    int i = Math.min(from, count - 1);
    return removed == null ? i : removed.previousClearBit(i);
  }

  /** Marks record {@code i} removed; it must be live. */
  void remove(int i, long size) {
    if (removed == null) {
      removed = new BitSet();
    }
    removed.set(i);
    live--;
    liveBytes -= size;
  }

  /** Marks every record removed. */
  void removeAll() {
    if (removed == null) {
      removed = new BitSet();
    }
    removed.set(0, count);
    live = 0;
    liveBytes = 0;
  }

  boolean hasRemovals() {
    return removed != null && !removed.isEmpty();
  }
}
