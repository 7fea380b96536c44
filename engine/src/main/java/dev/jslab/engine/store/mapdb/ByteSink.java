package dev.jslab.engine.store.mapdb;

import java.util.Arrays;

/**
 * A growable byte array with the few encodings the store's formats use: fixed big-endian ints and
 * longs, unsigned LEB128 varints, raw bytes.
 *
 * <p>Not thread-safe.
 */
final class ByteSink {
  private byte[] array;
  private int size;
  private final int growthLimit;

  ByteSink(int capacity) {
    this(capacity, Integer.MAX_VALUE);
  }

  /**
   * A sink starting at {@code capacity} bytes that doubles up to {@code growthLimit} and grows by
   * a quarter past it (a block buffer does not overshoot its block size by much).
   */
  ByteSink(int capacity, int growthLimit) {
    array = new byte[Math.max(16, capacity)];
    this.growthLimit = growthLimit;
  }

  /** A sink whose content is {@code bytes}, to read them as records (see {@link BlockRecords}). */
  ByteSink(byte[] bytes) {
    array = bytes;
    size = bytes.length;
    growthLimit = Integer.MAX_VALUE;
  }

  /** The backing array; valid up to {@link #size()}, replaced when the sink grows. */
  byte[] array() {
    return array;
  }

  int size() {
    return size;
  }

  void writeByte(int b) {
    ensure(1);
    array[size++] = (byte) b;
  }

  void writeInt(int v) {
    ensure(4);
    setInt(size, v);
    size += 4;
  }

  void writeLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      array[size++] = (byte) (v >>> shift);
    }
  }

  void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      array[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    array[size++] = (byte) v;
  }

  void writeBytes(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, array, size, length);
    size += length;
  }

  void writeBytes(byte[] bytes) {
    writeBytes(bytes, 0, bytes.length);
  }

  /** Overwrites four bytes at {@code position}, which must be below {@link #size()}. */
  void setInt(int position, int v) {
    array[position] = (byte) (v >>> 24);
    array[position + 1] = (byte) (v >>> 16);
    array[position + 2] = (byte) (v >>> 8);
    array[position + 3] = (byte) v;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(array, size);
  }

  private void ensure(int extra) {
    if (size + extra > array.length) {
      long grown = array.length >= growthLimit
          ? array.length + (array.length >> 2)
          : Math.min((long) array.length * 2, growthLimit);
      long wanted = Math.max(grown, (long) size + extra);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("encoding too large: " + wanted + " bytes");
      }
      array = Arrays.copyOf(array, (int) wanted);
    }
  }

  static long zigZag(long v) {
    return (v << 1) ^ (v >> 63);
  }
}
