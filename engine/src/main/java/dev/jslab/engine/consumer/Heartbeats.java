package dev.jslab.engine.consumer;

import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.time.Timer;

/**
 * Idle heartbeats: {@code 100 Idle Heartbeat} with the last consumer and stream sequences (and
 * {@code Nats-Consumer-Stalled} while a flow control request is unanswered), sent to a pull
 * request's reply when its heartbeat is due, and on a push consumer's deliver subject after
 * {@code idle_heartbeat} without a delivery (none while interest is missing or a paced message
 * is held back).
 *
 * <p>A delivery resets nats-server's timer; here it moves the reset time instead, so a timer
 * that fires early just waits out the rest of the interval.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class Heartbeats {
  private final ConsumerCore core;
  private final LeaderState work;
  private final PushDelivery push;
  private final DeliveryPacing pacing;
  private Timer timer;
  private long resetAt;

  Heartbeats(ConsumerCore core, LeaderState work, PushDelivery push, DeliveryPacing pacing) {
    this.core = core;
    this.work = work;
    this.push = push;
    this.pacing = pacing;
  }

  /** Starts the idle heartbeat timer when {@code idle_heartbeat} is set. */
  void start() {
    if (core.cfg.idleHeartbeatNanos() > 0) {
      resetAt = core.now();
      timer = core.schedule(core.cfg.idleHeartbeatNanos(), this::fire);
    }
  }

  void stop() {
    ConsumerCore.cancel(timer);
    timer = null;
  }

  /** A message went out: the idle interval starts again. */
  void delivered() {
    if (timer != null) {
      resetAt = core.now();
    }
  }

  /** Sends an idle heartbeat to {@code subject}. */
  void send(String subject) {
    byte[] hdr = StatusMessages.idleHeartbeat(work.dseq - 1, work.sseq - 1, push.stalledOn());
    core.send(new OutboundMessage(subject, null, hdr, null));
  }

  private void fire() {
    long due = resetAt + core.cfg.idleHeartbeatNanos();
    if (core.now() < due) {
      timer = core.schedule(due - core.now(), this::fire);
      return;
    }
    if (push.active() && !pacing.holding()) {
      send(core.cfg.deliverSubject());
    }
    resetAt = core.now();
    timer = core.schedule(core.cfg.idleHeartbeatNanos(), this::fire);
    core.signal();
  }
}
