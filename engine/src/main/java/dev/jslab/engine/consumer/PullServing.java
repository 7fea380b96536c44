package dev.jslab.engine.consumer;

import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.time.Timer;

/**
 * A pull consumer's serving side: takes {@code $JS.API.CONSUMER.MSG.NEXT} requests in (a push
 * consumer answers {@code 409 Consumer is push based}), keeps them in {@link PullRequests},
 * settles them whenever delivery would wait (nats-server's {@code waitForMsgs}: expiries, lost
 * subscribers, heartbeats) with a timer for the next deadline, and answers them all with {@code
 * 409 Consumer Deleted} when the consumer goes.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class PullServing {
  private static final long MILLI = ConsumerCore.MILLI;

  private final ConsumerCore core;
  private final LeaderState work;
  private final NumPending numPending;
  private final Heartbeats heartbeats;
  private PullRequests requests;
  private Timer waitTimer;

  PullServing(ConsumerCore core, LeaderState work, NumPending numPending, Heartbeats heartbeats) {
    this.core = core;
    this.work = work;
    this.numPending = numPending;
    this.heartbeats = heartbeats;
  }

  /** A pull consumer starts with no waiting requests (a push consumer has none at all). */
  void reset() {
    if (core.cfg.isPull()) {
      requests = new PullRequests(core.cfg.maxWaiting(), host());
    }
  }

  /** The waiting requests; null for a push consumer. */
  PullRequests requests() {
    return requests;
  }

  /** Whether requests are waiting for messages. */
  boolean hasWaiting() {
    return !requests.isEmpty();
  }

  /** A request for messages ({@code processNextMsgRequest}); a queued one wakes delivery. */
  void request(String reply, byte[] body) {
    if (core.cfg.isPush() || requests == null) {
      core.sendStatus(reply, 409, "Consumer is push based");
      return;
    }
    if (requests.accept(reply, body, core.cfg, () -> numPending.get() + work.rdq.size())) {
      core.signal();
    }
  }

  /**
   * Delivery would wait: settles the requests (at the end of the stream, {@code no_wait} ones that
   * got something are done) and arms the timer for the next expiry or heartbeat.
   */
  void settle(boolean endOfStream) {
    PullRequests.Scan scan = requests.scan(endOfStream);
    ConsumerCore.cancel(waitTimer);
    waitTimer = null;
    if (scan.nextDeadline() != 0) {
      long delay = scan.nextDeadline() - core.now();
      if (delay <= 0) {
        delay = MILLI;
      }
      waitTimer = core.schedule(delay, () -> {
        requests.scan(true);
        core.signal();
      });
    }
  }

  /** How many requests wait, after dropping expired ones (consumer info). */
  int waitingCount() {
    requests.scan(false);
    return requests.size();
  }

  void stop() {
    ConsumerCore.cancel(waitTimer);
    waitTimer = null;
  }

  /** The consumer is being deleted: every waiting request hears {@code 409 Consumer Deleted}. */
  void consumerDeleted() {
    if (requests == null) {
      return;
    }
    for (WaitingRequest wr : requests.drain()) {
      core.sendStatus(wr.reply, 409, "Consumer Deleted");
    }
  }

  private PullRequests.Host host() {
    return new PullRequests.Host() {
      @Override
      public long now() {
        return core.now();
      }

      @Override
      public void send(OutboundMessage message) {
        core.send(message);
      }

      @Override
      public void heartbeat(String reply) {
        heartbeats.send(reply);
      }

      @Override
      public boolean hasInterest(String reply) {
        return core.ctx.replyInterest().test(reply);
      }
    };
  }
}
