package dev.jslab.engine.protocol;

import java.util.random.RandomGenerator;

/**
 * A server id in nats-server's form: the public NKey of a server key pair, 56 characters of
 * base32 starting with {@code N} (the server prefix byte, 32 key bytes and a CRC-16 of both,
 * little-endian); and the public curve key nats-server 2.10 advertises as {@code xkey}, the same
 * encoding starting with {@code X}. nats-server makes new ones at each start; here the bytes come
 * from a seeded source, so a node's keys are reproducible.
 *
 * <p>Stateless and thread-safe.
 */
public final class ServerId {
  private static final int SERVER_PREFIX = 13 << 3;
  private static final int CURVE_PREFIX = 23 << 3;
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private ServerId() {}

  /** A new id from 32 bytes of {@code random}. */
  public static String generate(RandomGenerator random) {
    return publicKey(SERVER_PREFIX, random);
  }

  /** A new public curve key ({@code xkey}) from 32 bytes of {@code random}. */
  public static String generateXKey(RandomGenerator random) {
    return publicKey(CURVE_PREFIX, random);
  }

  private static String publicKey(int prefix, RandomGenerator random) {
    byte[] raw = new byte[35];
    raw[0] = (byte) prefix;
    for (int i = 1; i < 33; i++) {
      raw[i] = (byte) random.nextInt(256);
    }
    int crc = crc16(raw, 33);
    raw[33] = (byte) crc;
    raw[34] = (byte) (crc >>> 8);
    return base32(raw);
  }

  /** CRC-16/XMODEM (polynomial 0x1021, initial 0), as the NKey encoding checks it. */
  static int crc16(byte[] data, int length) {
    int crc = 0;
    for (int i = 0; i < length; i++) {
      crc ^= (data[i] & 0xff) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      crc &= 0xffff;
    }
    return crc;
  }

  private static String base32(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }
}
