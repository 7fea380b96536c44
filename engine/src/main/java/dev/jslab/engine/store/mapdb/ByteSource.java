package dev.jslab.engine.store.mapdb;

/**
 * Reads what a {@link ByteSink} wrote, from a region of an array, refusing to read past its end:
 * a damaged encoding surfaces as {@link CorruptDataException}, never as an index error.
 *
 * <p>Not thread-safe.
 */
final class ByteSource {
  private final byte[] array;
  private final int end;
  private int position;

  ByteSource(byte[] array, int from, int to) {
    if (from < 0 || to > array.length || from > to) {
      throw new CorruptDataException("bad region " + from + ".." + to + " of " + array.length);
    }
    this.array = array;
    this.position = from;
    this.end = to;
  }

  int position() {
    return position;
  }

  boolean hasMore() {
    return position < end;
  }

  int readByte() {
    need(1);
    return array[position++] & 0xFF;
  }

  int readInt() {
    need(4);
    int v =
        ((array[position] & 0xFF) << 24)
            | ((array[position + 1] & 0xFF) << 16)
            | ((array[position + 2] & 0xFF) << 8)
            | (array[position + 3] & 0xFF);
    position += 4;
    return v;
  }

  long readLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (array[position++] & 0xFF);
    }
    return v;
  }

  long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      byte b = array[position++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new CorruptDataException("varint longer than 10 bytes at " + position);
  }

  /** A varint that must fit a non-negative int (a length or an index). */
  int readVarInt() {
    long v = readVarLong();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new CorruptDataException("length out of range: " + v);
    }
    return (int) v;
  }

  /** Skips {@code length} bytes and returns where they started. */
  int skip(int length) {
    need(length);
    int start = position;
    position += length;
    return start;
  }

  private void need(int n) {
    if (n < 0 || end - position < n) {
      throw new CorruptDataException("truncated: need " + n + " bytes at " + position + ", end " + end);
    }
  }

  static long unZigZag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
