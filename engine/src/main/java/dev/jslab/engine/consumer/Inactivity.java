package dev.jslab.engine.consumer;

import dev.jslab.engine.time.Timer;

/**
 * When a consumer counts as inactive and asks its host to delete it, as nats-server's delete
 * timer ({@code dtmr} after {@code dthresh}): a push consumer after its inactive threshold without
 * interest on its deliver subject, a pull consumer after its threshold (plus jitter) without pull
 * requests or deliveries. An ephemeral without a threshold gets nats-server's default. The host
 * hears it through {@link ConsumerContext.Listener#inactive}.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class Inactivity {
  private static final long MILLI = ConsumerCore.MILLI;

  private final ConsumerCore core;
  private final PushDelivery push;
  private final PullServing pull;
  /** The threshold in use, jitter included; 0 for none ({@code dthresh}). */
  private long thresholdNanos;
  private Timer timer;
  private boolean reported;

  Inactivity(ConsumerCore core, PushDelivery push, PullServing pull) {
    this.core = core;
    this.push = push;
    this.pull = pull;
  }

  /**
   * Takes the threshold of {@code c} and returns {@code c}, for an ephemeral without one with the
   * default threshold filled in.
   */
  ConsumerConfig withThreshold(ConsumerConfig c) {
    if (!c.isDurable() && c.inactiveThresholdNanos() <= 0) {
      thresholdNanos = ConsumerConfigCheck.DEFAULT_INACTIVE_THRESHOLD_NANOS + jitter();
      return c.toBuilder()
          .inactiveThresholdNanos(ConsumerConfigCheck.DEFAULT_INACTIVE_THRESHOLD_NANOS)
          .build();
    }
    if (c.inactiveThresholdNanos() > 0) {
      thresholdNanos =
          c.isPull() ? c.inactiveThresholdNanos() + jitter() : c.inactiveThresholdNanos();
    } else {
      thresholdNanos = 0;
    }
    return c;
  }

  /** {@link #withThreshold}, for a changed threshold: a leader's countdown starts again. */
  ConsumerConfig thresholdChanged(ConsumerConfig c) {
    ConsumerConfig updated = withThreshold(c);
    stop();
    if (core.leader && thresholdNanos > 0) {
      timer = core.schedule(thresholdNanos, this::check);
    }
    return updated;
  }

  /** 100 ms plus up to 900 ms, as nats-server spreads inactivity deadlines. */
  private long jitter() {
    return 100 * MILLI + core.ctx.random().nextLong(900) * MILLI;
  }

  /** A new leader counts down when it is pull, or push without interest. */
  void lead() {
    if (thresholdNanos > 0 && (core.cfg.isPull() || !push.active())) {
      ConsumerCore.cancel(timer);
      timer = core.schedule(thresholdNanos, this::check);
    }
  }

  /** A push consumer's interest changed: losing it starts the countdown, gaining it stops it. */
  void interestChanged(boolean interest) {
    if (timer != null && thresholdNanos > 0 && !interest) {
      return;
    }
    stop();
    if (!interest && thresholdNanos > 0) {
      timer = core.schedule(thresholdNanos, this::check);
    }
  }

  /** Activity (an ack): the countdown starts again. */
  void suppress() {
    if (core.cfg.isPush() && timer != null) {
      ConsumerCore.cancel(timer);
      timer = core.schedule(thresholdNanos, this::check);
    } else if (core.cfg.isPull() && pull.requests() != null) {
      pull.requests().touch(core.now());
    }
  }

  /** A message was delivered: for a pull consumer with a threshold, that is activity. */
  void delivered() {
    if (core.cfg.isPull() && thresholdNanos > 0) {
      pull.requests().touch(core.now());
    }
  }

  void stop() {
    ConsumerCore.cancel(timer);
    timer = null;
  }

  /** Whether the consumer reported itself inactive. */
  boolean reported() {
    return reported;
  }

  private void check() {
    if (core.cfg.isPush()) {
      if (push.active()) {
        return;
      }
    } else {
      PullRequests requests = pull.requests();
      long elapsed = core.now() - requests.lastActivity();
      if (elapsed <= core.cfg.inactiveThresholdNanos()) {
        timer = core.schedule(thresholdNanos - elapsed, this::check);
        return;
      }
      requests.scan(true);
      if (requests.size() > 0) {
        timer = core.schedule(thresholdNanos, this::check);
        return;
      }
    }
    reported = true;
    core.ctx.listener().inactive(core.consumer);
  }
}
