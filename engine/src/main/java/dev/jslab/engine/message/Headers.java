package dev.jslab.engine.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes NATS header blocks ({@code NATS/1.0[ status[ description]]\r\nKey: Value\r\n
 * ...\r\n\r\n}) byte-exact. Keys are case-sensitive, as nats-server reads them.
 *
 * <p>Stateless and thread-safe.
 */
public final class Headers {
  /** The version line every header block starts with. */
  public static final String VERSION = "NATS/1.0";

  public static final String MSG_ID = "Nats-Msg-Id";
  public static final String EXPECTED_STREAM = "Nats-Expected-Stream";
  public static final String EXPECTED_LAST_SEQ = "Nats-Expected-Last-Sequence";
  public static final String EXPECTED_LAST_SUBJECT_SEQ = "Nats-Expected-Last-Subject-Sequence";
  public static final String EXPECTED_LAST_MSG_ID = "Nats-Expected-Last-Msg-Id";
  public static final String ROLLUP = "Nats-Rollup";
  public static final String STREAM_SOURCE = "Nats-Stream-Source";

  private Headers() {}

  /** The first value of {@code key} in {@code headers}, or null when absent. */
  public static String get(byte[] headers, String key) {
    if (headers == null || headers.length == 0) {
      return null;
    }
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    int n = headers.length;
    int line = indexOfCrlf(headers, 0);
    while (line >= 0 && line + 2 < n) {
      int start = line + 2;
      int end = indexOfCrlf(headers, start);
      if (end < 0) {
        end = n;
      }
      if (end - start > k.length && startsWith(headers, start, k) && headers[start + k.length] == ':') {
        int v = start + k.length + 1;
        while (v < end && headers[v] == ' ') {
          v++;
        }
        return new String(headers, v, end - v, StandardCharsets.UTF_8);
      }
      line = end < n ? end : -1;
    }
    return null;
  }

  /** Builds a header block from key/value pairs, with an optional status line. */
  public static byte[] of(String status, String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    StringBuilder sb = new StringBuilder(VERSION);
    if (status != null && !status.isEmpty()) {
      sb.append(' ').append(status);
    }
    sb.append("\r\n");
    for (int i = 0; i < keyValues.length; i += 2) {
      sb.append(keyValues[i]).append(": ").append(keyValues[i + 1]).append("\r\n");
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code headers} (possibly empty) with {@code key: value} lines appended at the end. */
  public static byte[] append(byte[] headers, String... keyValues) {
    if (headers == null || headers.length == 0) {
      return of(null, keyValues);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(headers.length + 64);
    out.write(headers, 0, headers.length - 2); // drop the final CRLF
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      sb.append(keyValues[i]).append(": ").append(keyValues[i + 1]).append("\r\n");
    }
    sb.append("\r\n");
    byte[] tail = sb.toString().getBytes(StandardCharsets.UTF_8);
    out.write(tail, 0, tail.length);
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] b, int at, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
