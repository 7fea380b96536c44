package dev.jslab.engine.consumer;

/**
 * Go's {@code time.Duration} text form, as nats-server prints it in status descriptions ({@code
 * Exceeded MaxRequestExpires of 1s}) and as it reads {@code -NAK 5s}: {@code String()} and {@code
 * ParseDuration}.
 *
 * <p>Stateless and thread-safe.
 */
public final class GoDurations {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private GoDurations() {}

  /** {@code time.Duration(nanos).String()}: {@code 0s}, {@code 1.5s}, {@code 1m30s}, {@code 500ms}. */
  public static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    boolean negative = nanos < 0;
    // Go works on the unsigned magnitude; Long.MIN_VALUE stays representable that way.
    long u = negative ? -nanos : nanos;
    StringBuilder sb = new StringBuilder();
    if (Long.compareUnsigned(u, NANOS_PER_SECOND) < 0) {
      String unit;
      int precision;
      if (u < 1_000L) {
        unit = "ns";
        precision = 0;
      } else if (u < 1_000_000L) {
        unit = "\u00b5s";
        precision = 3;
      } else {
        unit = "ms";
        precision = 6;
      }
      appendWithFraction(sb, u, precision);
      sb.append(unit);
    } else {
      long seconds = Long.divideUnsigned(u, NANOS_PER_SECOND);
      long fraction = Long.remainderUnsigned(u, NANOS_PER_SECOND);
      long hours = seconds / 3600;
      long minutes = (seconds / 60) % 60;
      long secs = seconds % 60;
      if (hours > 0) {
        sb.append(hours).append('h');
      }
      if (hours > 0 || minutes > 0) {
        sb.append(minutes).append('m');
      }
      sb.append(secs);
      appendFraction(sb, fraction, 9);
      sb.append('s');
    }
    return negative ? "-" + sb : sb.toString();
  }

  private static void appendWithFraction(StringBuilder sb, long value, int precision) {
    long scale = 1;
    for (int i = 0; i < precision; i++) {
      scale *= 10;
    }
    sb.append(value / scale);
    appendFraction(sb, value % scale, precision);
  }

  private static void appendFraction(StringBuilder sb, long fraction, int digits) {
    if (fraction == 0) {
      return;
    }
    String s = Long.toString(fraction);
    s = "0".repeat(digits - s.length()) + s;
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '0') {
      end--;
    }
    sb.append('.').append(s, 0, end);
  }

  /**
   * {@code time.ParseDuration}: a signed sequence of decimal numbers with units ({@code ns},
   * {@code us}, {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}).
   *
   * @throws IllegalArgumentException when Go would refuse it
   */
  public static long parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    java.math.BigDecimal total = java.math.BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!(c == '.' || (c >= '0' && c <= '9'))) {
        throw invalid(text);
      }
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
        i++;
      }
      boolean pre = i > start;
      boolean post = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fracStart = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        post = i > fracStart;
      }
      if (!pre && !post) {
        throw invalid(text);
      }
      java.math.BigDecimal number = new java.math.BigDecimal(
          normalise(s.substring(start, i)));
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
        i++;
      }
      if (unitStart == i) {
        throw new IllegalArgumentException("time: missing unit in duration " + GoStrings.quote(text));
      }
      long unit = unitNanos(s.substring(unitStart, i), text);
      total = total.add(number.multiply(java.math.BigDecimal.valueOf(unit)));
    }
    java.math.BigInteger nanos = total.toBigInteger();
    java.math.BigInteger limit = java.math.BigInteger.valueOf(Long.MAX_VALUE);
    if (nanos.compareTo(limit) > 0 && !(negative && nanos.equals(limit.add(java.math.BigInteger.ONE)))) {
      throw invalid(text);
    }
    long v = nanos.longValue();
    return negative ? -v : v;
  }

  private static String normalise(String number) {
    if (number.startsWith(".")) {
      number = "0" + number;
    }
    if (number.endsWith(".")) {
      number = number + "0";
    }
    return number;
  }

  private static long unitNanos(String unit, String text) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "\u00b5s", "\u03bcs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> NANOS_PER_SECOND;
      case "m" -> 60 * NANOS_PER_SECOND;
      case "h" -> 3600 * NANOS_PER_SECOND;
      default -> throw new IllegalArgumentException(
          "time: unknown unit " + GoStrings.quote(unit) + " in duration " + GoStrings.quote(text));
    };
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration " + GoStrings.quote(text));
  }
}
