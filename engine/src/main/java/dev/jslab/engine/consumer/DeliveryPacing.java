package dev.jslab.engine.consumer;

import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.time.Timer;
import java.util.function.Predicate;

/**
 * Paces deliveries as nats-server does: {@code replay_policy: original} waits out the gap between
 * consecutive messages' timestamps until delivery passes the stream's last sequence at the time
 * the consumer started leading, then {@code rate_limit_bps} waits for its token bucket ({@link
 * RateLimiter}). A message held back waits here, and goes on when its delay has passed; a
 * reservation the bucket can never grant holds it for good, as nats-server waits forever.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class DeliveryPacing {
  private static final long MILLI = ConsumerCore.MILLI;
  private static final int STAGE_REPLAY = 0;
  private static final int STAGE_RATE = 1;
  private static final int STAGE_SEND = 2;

  /**
   * A message picked for delivery with everything its delivery needs, and how far through pacing
   * it got.
   *
   * @param batchLeft for a pull request: what remains of its batch after this message
   * @param bytesLeft for a pull request: what remains of its byte budget
   */
  record Prepared(
      StoredMessage msg, long dc, String dsubj, String ackReply, byte[] headers, byte[] data,
      long size, long batchLeft, long bytesLeft, int stage) {
    /** A message not paced yet. */
    Prepared(
        StoredMessage msg, long dc, String dsubj, String ackReply, byte[] headers, byte[] data,
        long size, long batchLeft, long bytesLeft) {
      this(msg, dc, dsubj, ackReply, headers, data, size, batchLeft, bytesLeft, STAGE_REPLAY);
    }

    Prepared at(int next) {
      return new Prepared(msg, dc, dsubj, ackReply, headers, data, size, batchLeft, bytesLeft, next);
    }
  }

  private final ConsumerCore core;
  private RateLimiter rateLimiter;
  private boolean replay;
  private long replayLastSeq;
  /** The timestamp of the last message paced. */
  private long lts;
  private Prepared held;
  private Timer timer;

  DeliveryPacing(ConsumerCore core) {
    this.core = core;
  }

  /**
   * Sets the rate limit in bits per second (0: none); the bucket holds the stream's {@code
   * max_msg_size}, or the server's {@code max_payload}.
   */
  void setRateLimit(long bps) {
    if (bps == 0) {
      rateLimiter = null;
      return;
    }
    long maxMsgSize = core.stream.config().maxMsgSize();
    long burst = maxMsgSize > 0 ? maxMsgSize : core.ctx.maxPayload();
    rateLimiter = new RateLimiter(bps, burst);
  }

  /** A new leader replays at the original pace when configured so. */
  void startReplay() {
    replay = core.cfg.replayPolicy() != ReplayPolicy.INSTANT;
  }

  /** A new leader replays up to the stream's last sequence now. */
  void replayUpToNow() {
    replayLastSeq = replay ? core.stream.store().state().lastSeq() : 0;
    lts = 0;
  }

  /** Delivery would wait with {@code nextSeq} to come: original pace ends once past the mark. */
  void caughtUp(long nextSeq) {
    if (replay && nextSeq > replayLastSeq) {
      replay = false;
    }
  }

  /**
   * Whether {@code p} may go now. If not, it is held back, and {@code resume} gets it when its
   * delay has passed (the delivery loop runs again when that returns true).
   */
  boolean admit(Prepared p, Predicate<Prepared> resume) {
    long ts = p.msg().timestampNanos();
    if (p.stage() <= STAGE_REPLAY && replay && lts > 0) {
      long delay = ts - lts;
      if (delay > MILLI) {
        hold(p.at(STAGE_RATE), delay, resume);
        return false;
      }
    }
    if (p.stage() <= STAGE_RATE) {
      lts = ts;
      if (rateLimiter != null) {
        long delay = rateLimiter.reserve(core.now(), p.size());
        if (delay > 0) {
          hold(p.at(STAGE_SEND), delay, resume);
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a message is held back. */
  boolean holding() {
    return held != null;
  }

  /** Forgets a held message and its timer. */
  void stop() {
    ConsumerCore.cancel(timer);
    timer = null;
    held = null;
  }

  private void hold(Prepared p, long delay, Predicate<Prepared> resume) {
    held = p;
    if (delay == Long.MAX_VALUE) {
      return; // nats-server waits forever for a reservation it can never get
    }
    timer = core.schedule(delay, () -> {
      Prepared q = held;
      held = null;
      timer = null;
      if (q != null && resume.test(q)) {
        core.signal();
      }
    });
  }
}
