package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.store.MessageSizes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The block being filled: messages are encoded into memory as they are appended and reach MapDB
 * only when the block is written, whole when it is sealed, or as a piece (what was appended since
 * the last write) at a sync or checkpoint. It keeps its summary up to date as it grows.
 *
 * <p>Not thread-safe.
 */
final class OpenBlock {
  final Block block;
  private final BlockEncoder encoder;
  private long[] subjectCounts = new long[4];
  private long[] subjectFirst = new long[4];
  private long[] subjectLast = new long[4];
  private long bytes;
  private int writtenBytes;
  private int writtenCount;

  /**
   * @param maxBytes the size at which the block will be sealed: its buffer starts small and grows
   *     towards it without overshooting
   * @param maxRecords the message count at which it will be sealed
   */
  OpenBlock(Block block, int maxBytes, int maxRecords) {
    this.block = block;
    this.encoder = new BlockEncoder(maxBytes, maxRecords);
  }

  /** Encodes a message; returns what it counts for in the store's bytes. */
  long append(long seq, String subject, byte[] headers, byte[] data, long ts) {
    int id = encoder.append(seq, subject, headers, data, ts);
    BlockRecords records = encoder.records();
    long size = MessageSizes.file(subject, records.headerLength(records.count() - 1),
        records.dataLength(records.count() - 1));
    if (id >= subjectCounts.length) {
      int n = Math.max(id + 1, subjectCounts.length * 2);
      subjectCounts = Arrays.copyOf(subjectCounts, n);
      subjectFirst = Arrays.copyOf(subjectFirst, n);
      subjectLast = Arrays.copyOf(subjectLast, n);
    }
    if (subjectCounts[id]++ == 0) {
      subjectFirst[id] = seq;
    }
    subjectLast[id] = seq;
    bytes += size;
    block.added(seq, ts, subject, size);
    return size;
  }

  BlockRecords records() {
    return encoder.records();
  }

  int encodedBytes() {
    return encoder.size();
  }

  boolean isFull(MapDbStoreOptions options) {
    return block.count() >= options.blockMaxMessages() || encoder.size() >= options.blockMaxBytes();
  }

  /** True when messages were appended since the block was last written. */
  boolean hasUnwritten() {
    return writtenCount < block.count();
  }

  /** Key of the piece {@link #nextPiece()} returns: the sequence of its first record. */
  long nextPieceKey() {
    return encoder.records().seq(writtenCount);
  }

  /** What was appended since the last write, as a stored value; marks it written. */
  byte[] nextPiece() {
    encoder.closeRun();
    byte[] value = encoder.value(writtenBytes);
    writtenBytes = encoder.size();
    writtenCount = block.count();
    return value;
  }

  /** The whole block as one stored value; marks everything written. */
  byte[] whole() {
    encoder.closeRun();
    writtenBytes = encoder.size();
    writtenCount = block.count();
    return encoder.value(0);
  }

  BlockSummary summary() {
    BlockRecords records = encoder.records();
    List<BlockSummary.SubjectCount> subjects = new ArrayList<>();
    for (int id = 0; id < records.subjectCount(); id++) {
      if (subjectCounts[id] > 0) {
        subjects.add(new BlockSummary.SubjectCount(
            records.subjectName(id), subjectCounts[id], subjectFirst[id], subjectLast[id]));
      }
    }
    return new BlockSummary(block.first, block.last(), block.count(), bytes, block.maxTs(),
        block.gappedSeqs(), subjects);
  }
}
