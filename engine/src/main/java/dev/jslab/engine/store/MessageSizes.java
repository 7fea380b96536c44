package dev.jslab.engine.store;

/**
 * How many bytes a message counts for in a stream's {@code bytes} and {@code max_bytes}, exactly
 * as nats-server accounts them, so limits bite at the same message.
 *
 * <p>Stateless and thread-safe.
 */
public final class MessageSizes {
  private MessageSizes() {}

  /** Memory storage: subject, headers and payload plus 16 bytes (sequence and timestamp). */
  public static long memory(String subject, int headerBytes, int dataBytes) {
    return utf8Length(subject) + headerBytes + dataBytes + 16L;
  }

  /**
   * File storage: the record as nats-server's file store writes it: length, sequence,
   * timestamp, subject length, subject, (header length, headers), payload and hash.
   */
  public static long file(String subject, int headerBytes, int dataBytes) {
    long base = 22L + utf8Length(subject) + dataBytes + 8;
    return headerBytes == 0 ? base : base + 4 + headerBytes;
  }

  /** The size of a message for {@code type}. */
  public static long of(StorageType type, String subject, int headerBytes, int dataBytes) {
    return type == StorageType.FILE
        ? file(subject, headerBytes, dataBytes)
        : memory(subject, headerBytes, dataBytes);
  }

  private static int utf8Length(String s) {
    int n = s.length();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      }
    }
    return n;
  }
}
