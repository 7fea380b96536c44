package dev.jslab.engine.monitor;

/**
 * nats-server's uptime and idle text: whole seconds as {@code 1y2d3h4m5s}, leaving out the
 * leading units that are zero ({@code 0s}, {@code 42s}, {@code 3m0s}, {@code 1d0h0m0s}).
 *
 * <p>Stateless and thread-safe.
 */
final class Uptime {
  private Uptime() {}

  static String format(long nanos) {
    long secs = Math.max(0, nanos) / 1_000_000_000L;
    long mins = secs / 60;
    long hours = mins / 60;
    long days = hours / 24;
    long years = days / 365;
    if (years > 0) {
      return years + "y" + days % 365 + "d" + hours % 24 + "h" + mins % 60 + "m" + secs % 60 + "s";
    }
    if (days > 0) {
      return days + "d" + hours % 24 + "h" + mins % 60 + "m" + secs % 60 + "s";
    }
    if (hours > 0) {
      return hours + "h" + mins % 60 + "m" + secs % 60 + "s";
    }
    if (mins > 0) {
      return mins + "m" + secs % 60 + "s";
    }
    return secs + "s";
  }
}
