package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.store.MessageSizes;
import dev.jslab.engine.store.StoredMessage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The records of one block in memory, as columns over the block's encoded bytes: sequence,
 * timestamp, subject id and where each record's headers and payload lie. Reading a message copies
 * its bytes out, so a returned {@link StoredMessage} never shares the block's buffer.
 *
 * <p>Not thread-safe.
 */
final class BlockRecords {
  private final ByteSink bytes;
  private int count;
  private long[] seqs;
  private long[] timestamps;
  private int[] subjectIds;
  private int[] headerOffsets;
  private int[] headerLengths;
  private int[] dataOffsets;
  private int[] dataLengths;
  private String[] subjects = new String[4];
  private int subjectCount;
  private final Map<String, Integer> subjectIdsByName = new HashMap<>();

  BlockRecords(ByteSink bytes, int capacity) {
    this.bytes = bytes;
    int n = Math.max(8, capacity);
    seqs = new long[n];
    timestamps = new long[n];
    subjectIds = new int[n];
    headerOffsets = new int[n];
    headerLengths = new int[n];
    dataOffsets = new int[n];
    dataLengths = new int[n];
  }

  /** The id of {@code subject} in this block, registering it when new. */
  int subjectId(String subject) {
    Integer id = subjectIdsByName.get(subject);
    if (id != null) {
      return id;
    }
    if (subjectCount == subjects.length) {
      subjects = Arrays.copyOf(subjects, subjectCount * 2);
    }
    subjects[subjectCount] = subject;
    subjectIdsByName.put(subject, subjectCount);
    return subjectCount++;
  }

  int subjectCount() {
    return subjectCount;
  }

  String subjectName(int id) {
    return subjects[id];
  }

  /** Records a message whose bytes were written at the given offsets of the buffer. */
  void add(long seq, long ts, int subjectId, int headerOffset, int headerLength, int dataOffset,
      int dataLength) {
    if (count == seqs.length) {
      grow();
    }
    seqs[count] = seq;
    timestamps[count] = ts;
    subjectIds[count] = subjectId;
    headerOffsets[count] = headerOffset;
    headerLengths[count] = headerLength;
    dataOffsets[count] = dataOffset;
    dataLengths[count] = dataLength;
    count++;
  }

  int count() {
    return count;
  }

  long seq(int i) {
    return seqs[i];
  }

  long timestamp(int i) {
    return timestamps[i];
  }

  int subjectIdAt(int i) {
    return subjectIds[i];
  }

  String subject(int i) {
    return subjects[subjectIds[i]];
  }

  int headerLength(int i) {
    return headerLengths[i];
  }

  int dataLength(int i) {
    return dataLengths[i];
  }

  /** What record {@code i} counts for in the store's bytes, as nats-server's file store counts. */
  long size(int i) {
    return MessageSizes.file(subject(i), headerLengths[i], dataLengths[i]);
  }

  byte[] headers(int i) {
    int off = headerOffsets[i];
    return Arrays.copyOfRange(bytes.array(), off, off + headerLengths[i]);
  }

  byte[] data(int i) {
    int off = dataOffsets[i];
    return Arrays.copyOfRange(bytes.array(), off, off + dataLengths[i]);
  }

  StoredMessage message(int i) {
    return new StoredMessage(seqs[i], subject(i), headers(i), data(i), timestamps[i]);
  }

  /** Index of the record with sequence {@code seq}, or -1. */
  int indexOf(long seq) {
    int i = Arrays.binarySearch(seqs, 0, count, seq);
    return i >= 0 ? i : -1;
  }

  private void grow() {
    int n = seqs.length * 2;
    seqs = Arrays.copyOf(seqs, n);
    timestamps = Arrays.copyOf(timestamps, n);
    subjectIds = Arrays.copyOf(subjectIds, n);
    headerOffsets = Arrays.copyOf(headerOffsets, n);
    headerLengths = Arrays.copyOf(headerLengths, n);
    dataOffsets = Arrays.copyOf(dataOffsets, n);
    dataLengths = Arrays.copyOf(dataLengths, n);
  }
}
