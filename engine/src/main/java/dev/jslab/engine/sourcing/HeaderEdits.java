package dev.jslab.engine.sourcing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header block edits a source makes before storing a message, byte for byte as nats-server's
 * {@code removeHeaderIfPresent} and {@code removeHeaderIfPrefixPresent} make them, quirks included:
 * only the first occurrence of the key is looked at, and it must start a line; a block left with
 * no header line becomes empty.
 *
 * <p>Stateless and thread-safe.
 */
final class HeaderEdits {
  /** {@code NATS/1.0\r\n\r\n}: a block this short holds no header line. */
  private static final int EMPTY_BLOCK = 12;
  private static final byte[] CRLF = {'\r', '\n'};

  private HeaderEdits() {}

  /** {@code headers} without the line of {@code key}, when its first occurrence starts a line. */
  static byte[] remove(byte[] headers, String key) {
    byte[] k = ascii(key);
    int start = indexOf(headers, k, 0);
    if (start < 1 || headers[start - 1] != '\n') {
      return headers;
    }
    int index = start + k.length;
    if (index >= headers.length || headers[index] != ':') {
      return headers;
    }
    int end = indexOf(headers, CRLF, start);
    if (end < 0) {
      return headers;
    }
    return shrink(cut(headers, start, end + CRLF.length));
  }

  /** {@code headers} without the lines whose keys start with {@code prefix}, as far as they are found. */
  static byte[] removePrefixed(byte[] headers, String prefix) {
    byte[] p = ascii(prefix);
    int index = 0;
    while (index < headers.length) {
      int start = indexOf(headers, p, index);
      if (start < 0) {
        return headers;
      }
      index = start;
      if (index < 1 || headers[index - 1] != '\n') {
        return headers;
      }
      int end = indexOf(headers, CRLF, index + p.length);
      if (end < 0) {
        return headers;
      }
      headers = shrink(cut(headers, index, end + CRLF.length));
    }
    return headers;
  }

  private static byte[] shrink(byte[] headers) {
    return headers.length <= EMPTY_BLOCK ? new byte[0] : headers;
  }

  private static byte[] cut(byte[] b, int from, int to) {
    byte[] out = Arrays.copyOf(b, b.length - (to - from));
    System.arraycopy(b, to, out, from, b.length - to);
    return out;
  }

  private static int indexOf(byte[] b, byte[] what, int from) {
    outer:
    for (int i = Math.max(0, from); i + what.length <= b.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (b[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
