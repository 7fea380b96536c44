package dev.jslab.engine.store.mapdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The stored form of a block: one or more values, each {@code magic, crc32c, runs} where the
 * checksum covers the runs ({@link BlockEncoder} describes them). A block is normally one value;
 * a block that was synced while still filling is stored as several pieces until it is sealed.
 *
 * <p>Stateless and thread-safe.
 */
final class BlockCodec {
  static final int MAGIC = 0x4A53424B; // "JSBK"
  static final int HEADER = 8;

  private BlockCodec() {}

  /** Frames {@code body[from, to)} as a stored value. */
  static byte[] frame(byte[] body, int from, int to) {
    byte[] value = new byte[HEADER + to - from];
    System.arraycopy(body, from, value, HEADER, to - from);
    CRC32C crc = new CRC32C();
    crc.update(value, HEADER, to - from);
    ByteSink header = new ByteSink(HEADER);
    header.writeInt(MAGIC);
    header.writeInt((int) crc.getValue());
    System.arraycopy(header.array(), 0, value, 0, HEADER);
    return value;
  }

  /**
   * Decodes the values of one block, in sequence order, into its records.
   *
   * @throws CorruptDataException when a value fails its checksum or does not decode
   */
  static BlockRecords decode(List<byte[]> values) {
    if (values.isEmpty()) {
      throw new CorruptDataException("block has no stored value");
    }
    byte[] buffer;
    List<int[]> bodies = new ArrayList<>();
    if (values.size() == 1) {
      buffer = values.get(0);
      bodies.add(new int[] {HEADER, buffer.length});
      check(buffer);
    } else {
      int total = 0;
      for (byte[] v : values) {
        check(v);
        total += v.length - HEADER;
      }
      buffer = new byte[total];
      int at = 0;
      for (byte[] v : values) {
        System.arraycopy(v, HEADER, buffer, at, v.length - HEADER);
        bodies.add(new int[] {at, at + v.length - HEADER});
        at += v.length - HEADER;
      }
    }
    BlockRecords records = new BlockRecords(new ByteSink(buffer), 64);
    for (int[] body : bodies) {
      ByteSource in = new ByteSource(buffer, body[0], body[1]);
      while (in.hasMore()) {
        readRun(in, buffer, records);
      }
    }
    if (records.count() == 0) {
      throw new CorruptDataException("block holds no record");
    }
    return records;
  }

  private static void check(byte[] value) {
    if (value.length < HEADER) {
      throw new CorruptDataException("block value of " + value.length + " bytes");
    }
    ByteSource header = new ByteSource(value, 0, HEADER);
    if (header.readInt() != MAGIC) {
      throw new CorruptDataException("not a block value");
    }
    int expected = header.readInt();
    CRC32C crc = new CRC32C();
    crc.update(value, HEADER, value.length - HEADER);
    if ((int) crc.getValue() != expected) {
      throw new CorruptDataException("block checksum mismatch");
    }
  }

  private static void readRun(ByteSource in, byte[] buffer, BlockRecords records) {
    int count = in.readInt();
    int length = in.readInt();
    long seq = in.readLong();
    long ts = in.readLong();
    if (count <= 0 || length < 0) {
      throw new CorruptDataException("bad run header: " + count + " records, " + length + " bytes");
    }
    int end = in.position() + length;
    List<Integer> table = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      seq += in.readVarLong();
      ts += ByteSource.unZigZag(in.readVarLong());
      int ref = in.readVarInt();
      int id;
      if (ref == 0) {
        int len = in.readVarInt();
        int at = in.skip(len);
        id = records.subjectId(new String(buffer, at, len, StandardCharsets.UTF_8));
        table.add(id);
      } else if (ref <= table.size()) {
        id = table.get(ref - 1);
      } else {
        throw new CorruptDataException("subject reference " + ref + " of " + table.size());
      }
      int headerLength = in.readVarInt();
      int headerOffset = in.skip(headerLength);
      int dataLength = in.readVarInt();
      int dataOffset = in.skip(dataLength);
      if (records.count() > 0 && seq <= records.seq(records.count() - 1)) {
        throw new CorruptDataException("sequence " + seq + " out of order");
      }
      records.add(seq, ts, id, headerOffset, headerLength, dataOffset, dataLength);
    }
    if (in.position() != end) {
      throw new CorruptDataException("run length mismatch");
    }
  }
}
