package dev.jslab.engine.sourcing;

import java.util.random.RandomGenerator;

/**
 * nats-server 2.10's sourcing timings: the internal consumer's idle heartbeat, the health check
 * that declares a mirror or source stalled, the throttle between consumer create requests, how
 * long a create request is waited for, and the retry backoff with its jitter.
 *
 * <p>Stateless and thread-safe.
 */
final class Timing {
  static final long MILLI = 1_000_000L;
  static final long SECOND = 1_000 * MILLI;
  /** {@code sourceHealthHB}: the internal consumer's idle heartbeat. */
  static final long HEARTBEAT = SECOND;
  /** {@code sourceHealthCheckInterval}: how often health is checked, and how quiet is stalled. */
  static final long HEALTH_CHECK = 10 * SECOND;
  /** {@code sourceConsumerRetryThreshold}: at most one create request per this interval. */
  static final long REQUEST_THRESHOLD = 2 * SECOND;
  /** {@code srcConsumerWaitTime}: how long a create request's answer is waited for. */
  static final long REQUEST_WAIT = 30 * SECOND;
  /** {@code retryBackOff}. */
  static final long RETRY_BACKOFF = 5 * SECOND;
  /** {@code retryMaximum}. */
  static final long RETRY_MAXIMUM = 120 * SECOND;
  /** The internal consumer's {@code ack_wait}: 22 hours (acks are off anyway). */
  static final long ACK_WAIT = 22 * 3600 * SECOND;

  private Timing() {}

  /** {@code calculateRetryBackoff}: 5 s × 2 × failures, at most 2 min (10 s, 20 s, … 120 s). */
  static long backoff(int fails) {
    long b = RETRY_BACKOFF * 2 * fails;
    return Math.min(b, RETRY_MAXIMUM);
  }

  /** The jitter added to every scheduled setup: 100 ms plus up to 100 ms. */
  static long jitter(RandomGenerator random) {
    return 100 * MILLI + random.nextLong(100 * MILLI);
  }

  /** How much of the request throttle is left, {@code sinceLast} after the last request. */
  static long throttleLeft(long sinceLast) {
    return Math.max(0, REQUEST_THRESHOLD - sinceLast);
  }
}
