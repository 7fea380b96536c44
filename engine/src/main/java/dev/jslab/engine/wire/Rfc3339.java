package dev.jslab.engine.wire;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Times as Go's {@code time.RFC3339Nano} writes them in UTC: {@code 2024-05-01T12:00:00.12Z}
 * (fraction without trailing zeros, none when whole), and Go's zero time {@code
 * 0001-01-01T00:00:00Z} for "never".
 *
 * <p>Stateless and thread-safe.
 */
public final class Rfc3339 {
  /** What Go writes for a zero {@code time.Time}. */
  public static final String ZERO = "0001-01-01T00:00:00Z";

  private Rfc3339() {}

  /** Formats nanoseconds since the epoch; 0 means Go's zero time. */
  public static String format(long epochNanos) {
    if (epochNanos == 0) {
      return ZERO;
    }
    return format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)));
  }

  /** Formats an instant; null means Go's zero time. */
  public static String format(Instant instant) {
    if (instant == null) {
      return ZERO;
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(32);
    pad(sb, t.getYear(), 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int nanos = instant.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(fraction, 0, end);
    }
    return sb.append('Z').toString();
  }

  /** Nanoseconds since the epoch of an instant. */
  public static long toNanos(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }
}
