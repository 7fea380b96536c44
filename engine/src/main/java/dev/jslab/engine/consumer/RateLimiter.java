package dev.jslab.engine.consumer;

/**
 * A token bucket in bytes as nats-server's push rate limit ({@code golang.org/x/time/rate} with
 * {@code rate_limit_bps / 8} bytes per second and a burst of the largest message): it starts full,
 * and a reservation that overdraws it says how long to wait. A message larger than the burst can
 * never be sent (nats-server waits forever), reported as {@link Long#MAX_VALUE}.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class RateLimiter {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double bytesPerSecond;
  private final long burst;
  private double tokens;
  private long last;
  private boolean started;

  /** @param bitsPerSecond the configured rate; @param burst the largest reservation allowed */
  RateLimiter(long bitsPerSecond, long burst) {
    this.bytesPerSecond = Long.divideUnsigned(bitsPerSecond, 8);
    this.burst = burst;
  }

  /** Reserves {@code bytes} at {@code now}; returns the nanoseconds to wait before sending. */
  long reserve(long now, long bytes) {
    if (bytesPerSecond == 0) {
      if (tokens == 0 && !started) {
        tokens = burst;
        started = true;
      }
      if (tokens >= bytes) {
        tokens -= bytes;
        return 0;
      }
      return Long.MAX_VALUE;
    }
    if (bytes > burst) {
      return Long.MAX_VALUE;
    }
    if (!started) {
      tokens = burst;
      last = now;
      started = true;
    } else if (now > last) {
      tokens = Math.min(burst, tokens + (now - last) * bytesPerSecond / NANOS_PER_SECOND);
      last = now;
    }
    tokens -= bytes;
    if (tokens >= 0) {
      return 0;
    }
    return (long) (NANOS_PER_SECOND * (-tokens / bytesPerSecond));
  }
}
