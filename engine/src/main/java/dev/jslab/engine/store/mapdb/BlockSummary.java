package dev.jslab.engine.store.mapdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * What a stored block holds, without its messages: stored next to the block so a store reopens
 * from summaries instead of decoding every message. Counts are as written; removals are recorded
 * elsewhere (tombstones, the store's first sequence).
 *
 * @param first sequence of the first record
 * @param last sequence of the last record
 * @param count records in the block
 * @param bytes their sizes summed ({@code MessageSizes.file})
 * @param maxTs the newest timestamp among them
 * @param seqs every record's sequence when they have gaps, else null
 * @param subjects per subject: how many records and the first and last sequence
 */
record BlockSummary(
    long first, long last, int count, long bytes, long maxTs, long[] seqs,
    List<SubjectCount> subjects) {
  private static final int MAGIC = 0x4A53424D; // "JSBM"

  /** One subject's records in a block. */
  record SubjectCount(String subject, long count, long first, long last) {}

  /** The summary of every record in {@code records} (a rebuilt or re-encoded block). */
  static BlockSummary of(BlockRecords records) {
    int n = records.count();
    long[] perCount = new long[records.subjectCount()];
    long[] perFirst = new long[records.subjectCount()];
    long[] perLast = new long[records.subjectCount()];
    long bytes = 0;
    long maxTs = Long.MIN_VALUE;
    boolean gapped = false;
    for (int i = 0; i < n; i++) {
      int id = records.subjectIdAt(i);
      if (perCount[id]++ == 0) {
        perFirst[id] = records.seq(i);
      }
      perLast[id] = records.seq(i);
      bytes += records.size(i);
      maxTs = Math.max(maxTs, records.timestamp(i));
      gapped |= i > 0 && records.seq(i) != records.seq(i - 1) + 1;
    }
    List<SubjectCount> subjects = new ArrayList<>();
    for (int id = 0; id < perCount.length; id++) {
      if (perCount[id] > 0) {
        subjects.add(new SubjectCount(records.subjectName(id), perCount[id], perFirst[id], perLast[id]));
      }
    }
    long[] seqs = null;
    if (gapped) {
      seqs = new long[n];
      for (int i = 0; i < n; i++) {
        seqs[i] = records.seq(i);
      }
    }
    return new BlockSummary(records.seq(0), records.seq(n - 1), n, bytes, maxTs, seqs, subjects);
  }

  byte[] encode() {
    ByteSink out = new ByteSink(64 + subjects.size() * 24 + (seqs == null ? 0 : seqs.length * 2));
    out.writeInt(MAGIC);
    out.writeInt(0);
    out.writeLong(first);
    out.writeVarLong(last - first);
    out.writeVarLong(count);
    out.writeVarLong(bytes);
    out.writeLong(maxTs);
    out.writeByte(seqs == null ? 0 : 1);
    if (seqs != null) {
      for (int i = 1; i < seqs.length; i++) {
        out.writeVarLong(seqs[i] - seqs[i - 1]);
      }
    }
    out.writeVarLong(subjects.size());
    for (SubjectCount s : subjects) {
      byte[] name = s.subject().getBytes(StandardCharsets.UTF_8);
      out.writeVarLong(name.length);
      out.writeBytes(name);
      out.writeVarLong(s.count());
      out.writeVarLong(s.first() - first);
      out.writeVarLong(s.last() - first);
    }
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 8, out.size() - 8);
    out.setInt(4, (int) crc.getValue());
    return out.toByteArray();
  }

  /** @throws CorruptDataException when the bytes fail their checksum or do not decode */
  static BlockSummary decode(byte[] bytes) {
    ByteSource in = new ByteSource(bytes, 0, bytes.length);
    if (in.readInt() != MAGIC) {
      throw new CorruptDataException("not a block summary");
    }
    int expected = in.readInt();
    CRC32C crc = new CRC32C();
    crc.update(bytes, 8, bytes.length - 8);
    if ((int) crc.getValue() != expected) {
      throw new CorruptDataException("block summary checksum mismatch");
    }
    long first = in.readLong();
    long last = first + in.readVarLong();
    int count = in.readVarInt();
    long totalBytes = in.readVarLong();
    long maxTs = in.readLong();
    long[] seqs = null;
    if (in.readByte() == 1) {
      seqs = new long[count];
      seqs[0] = first;
      for (int i = 1; i < count; i++) {
        seqs[i] = seqs[i - 1] + in.readVarLong();
      }
    }
    int n = in.readVarInt();
    List<SubjectCount> subjects = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int len = in.readVarInt();
      int at = in.skip(len);
      String subject = new String(bytes, at, len, StandardCharsets.UTF_8);
      subjects.add(new SubjectCount(subject, in.readVarLong(), first + in.readVarLong(),
          first + in.readVarLong()));
    }
    if (count <= 0 || n == 0 || (seqs == null && last - first + 1 != count)) {
      throw new CorruptDataException("inconsistent block summary");
    }
    return new BlockSummary(first, last, count, totalBytes, maxTs, seqs, subjects);
  }
}
