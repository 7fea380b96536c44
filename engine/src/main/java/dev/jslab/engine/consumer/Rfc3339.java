package dev.jslab.engine.consumer;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Times as Go's {@code encoding/json} writes a UTC {@code time.Time}: RFC 3339 with nanoseconds,
 * trailing zeros of the fraction dropped ({@code 2024-05-01T10:00:00.5Z}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Rfc3339 {
  private Rfc3339() {}

  /** Formats nanoseconds since the Unix epoch. */
  public static String format(long epochNanos) {
    long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
    int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(32);
    pad(sb, t.getYear(), 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    if (nanos != 0) {
      String f = Integer.toString(nanos);
      f = "0".repeat(9 - f.length()) + f;
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(f, 0, end);
    }
    return sb.append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }
}
