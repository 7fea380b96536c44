package dev.jslab.engine.consumer;

import dev.jslab.engine.consumer.ConsumerOp.DeliveriesExceeded;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.time.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * Redelivery as nats-server's consumer runs it: the pending timer ({@code ptmr}) armed for the
 * earliest {@code ack_wait} or {@code backoff} deadline of a pending delivery, plus {@code
 * ackWaitDelay}; what it does when it fires ({@code checkPending}): queue the expired deliveries
 * for redelivery, give up on those that reached {@code max_deliver} (with the advisory), and drop
 * those below the ack floor or gone from the stream; and taking the next queued sequence for
 * delivery again.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class Redelivery {
  private static final long MILLI = ConsumerCore.MILLI;
  /** {@code ackWaitDelay}: the pending timer fires this much after the deadline. */
  private static final long ACK_WAIT_DELAY = MILLI;

  private final ConsumerCore core;
  private final LeaderState work;
  private final StateUpdates updates;
  private Timer timer;
  private long timerEnd;

  Redelivery(ConsumerCore core, LeaderState work, StateUpdates updates) {
    this.core = core;
    this.work = work;
    this.updates = updates;
  }

  /** A message to deliver again, and its delivery count. */
  record Redelivered(StoredMessage msg, long dc) {}

  /** Whether the pending timer is armed. */
  boolean running() {
    return timer != null;
  }

  /** (Re)arms the pending timer to fire {@code delayNanos} from now. */
  void reset(long delayNanos) {
    ConsumerCore.cancel(timer);
    timer = core.schedule(delayNanos, this::checkPending);
    timerEnd = core.now() + delayNanos;
  }

  void stop() {
    ConsumerCore.cancel(timer);
    timer = null;
    timerEnd = 0;
  }

  /**
   * Arms the timer for deliveries a new leader found pending: in 0.5 to 1.5 s (random), or after
   * {@code ack_wait} when that is shorter.
   */
  void resumeAfterLoad() {
    long delay = 500 * MILLI + core.ctx.random().nextLong(1000) * MILLI;
    if (core.cfg.ackWaitNanos() < delay) {
      delay = ackWait(0);
    }
    reset(delay);
  }

  /** {@code next} (a backoff step) or {@code ack_wait}, plus {@code ackWaitDelay}. */
  long ackWait(long next) {
    return next > 0 ? next + ACK_WAIT_DELAY : core.cfg.ackWaitNanos() + ACK_WAIT_DELAY;
  }

  /**
   * {@code seq} went out as consumer sequence {@code dseq}: it is pending from now (a redelivery
   * keeps its first consumer sequence), and the timer fires by its deadline.
   */
  void track(long seq, long dseq) {
    long minDelay = ackWait(0);
    List<Long> backoff = core.cfg.backoffNanos();
    if (!backoff.isEmpty()) {
      long bi = work.rdc.getOrDefault(seq, 0L);
      if (bi < 0) {
        bi = 0;
      } else if (bi >= backoff.size()) {
        bi = backoff.size() - 1;
      }
      minDelay = ackWait(backoff.get((int) bi));
    }
    long minDeadline = core.now() + minDelay;
    if (timer == null || timerEnd > minDeadline) {
      reset(minDelay);
    }
    LeaderState.Tracked t = work.pending.get(seq);
    if (t != null) {
      t.ts = core.now();
    } else {
      work.pending.put(seq, new LeaderState.Tracked(dseq, core.now()));
    }
  }

  /** nats-server's {@code checkPending}: find expired deliveries and queue them for redelivery. */
  void checkPending() {
    if (core.closed || timer == null) {
      stop();
      return;
    }
    boolean shouldUpdateState = false;
    long fseq = core.stream.store().state().firstSeq();
    long now = core.now();
    long ttl = core.cfg.ackWaitNanos();
    long next = ackWait(0);
    List<Long> backoff = core.cfg.backoffNanos();
    if (!backoff.isEmpty()) {
      next = backoff.get(backoff.size() - 1);
    }
    List<Long> expired = new ArrayList<>();
    for (Long seq : new ArrayList<>(work.pending.keySet())) {
      LeaderState.Tracked p = work.pending.get(seq);
      if (p == null) {
        continue;
      }
      if (seq < fseq || seq <= work.asflr) {
        work.removeAcked(seq);
        shouldUpdateState = true;
        if (seq > work.asflr) {
          work.asflr = seq;
        }
        if (p.dseq > work.adflr) {
          work.adflr = p.dseq;
        }
        continue;
      }
      long elapsed = now - p.ts;
      long deadline = ttl;
      if (!backoff.isEmpty()) {
        long dc = work.rdc.getOrDefault(seq, 0L);
        if (dc < 0) {
          dc = 0;
        }
        long nbi = dc + 1;
        if (dc + 1 >= backoff.size()) {
          dc = backoff.size() - 1;
          nbi = dc;
        }
        deadline = backoff.get((int) dc);
        long nextBackoff = backoff.get((int) nbi);
        if (nextBackoff < next) {
          next = nextBackoff;
        }
      }
      if (elapsed >= deadline) {
        if (!work.rdq.contains(seq) && !hasMaxDeliveries(seq)) {
          expired.add(seq);
        }
      } else if (deadline - elapsed < next) {
        next = deadline - elapsed;
      }
    }
    if (!expired.isEmpty()) {
      queue(expired, now);
      core.signal();
    }
    if (!work.pending.isEmpty()) {
      reset(next);
    } else {
      stop();
      work.rdq.clear();
      work.ackFloorToDelivered();
    }
    if (shouldUpdateState) {
      updates.replaceWith(work);
    }
  }

  /** Every pending delivery is due now (the deliver subject changed), unless past max deliveries. */
  void forceExpire() {
    List<Long> expired = new ArrayList<>();
    for (Long seq : new ArrayList<>(work.pending.keySet())) {
      if (work.pending.containsKey(seq) && !work.rdq.contains(seq) && !hasMaxDeliveries(seq)) {
        expired.add(seq);
      }
    }
    if (!expired.isEmpty()) {
      queue(expired, core.now());
      reset(ackWait(0));
    }
    core.signal();
  }

  /**
   * Queues {@code expired} for redelivery and shifts their delivery times by the same amount, so
   * the first of them counts as delivered {@code now}.
   */
  private void queue(List<Long> expired, long now) {
    expired.forEach(work.rdq::add);
    long off = now - work.pending.get(expired.get(0)).ts;
    for (long seq : expired) {
      LeaderState.Tracked p = work.pending.get(seq);
      if (p != null) {
        p.ts += off;
      }
    }
  }

  /** Whether {@code seq} reached {@code max_deliver}; if so it stops being pending. */
  private boolean hasMaxDeliveries(long seq) {
    if (work.maxdc == 0) {
      return false;
    }
    long dc = work.deliveryCount(seq);
    if (Long.compareUnsigned(dc, work.maxdc) >= 0) {
      if (dc == work.maxdc) {
        notifyDeliveryExceeded(seq, dc);
      }
      if (work.atMaxAckPending()) {
        core.signal();
      }
      stopTracking(seq, dc);
      work.rdc.put(seq, dc);
      return true;
    }
    return false;
  }

  /**
   * The next queued sequence still in the stream and below {@code max_deliver}, with its new
   * delivery count, or null; sequences past {@code max_deliver} leave on the way.
   */
  Redelivered next(MessageStore store) {
    if (work.rdq.isEmpty()) {
      return null;
    }
    for (long seq = work.rdq.poll(); seq > 0; seq = work.rdq.poll()) {
      long dc = work.incDeliveryCount(seq);
      if (work.maxdc > 0 && Long.compareUnsigned(dc, work.maxdc) > 0) {
        if (dc == work.maxdc + 1) {
          notifyDeliveryExceeded(seq, dc - 1);
        }
        stopTracking(seq, dc);
        continue;
      }
      StoredMessage m = store.load(seq);
      if (m == null) {
        work.decDeliveryCount(seq);
        continue;
      }
      return new Redelivered(m, dc);
    }
    return null;
  }

  /** {@code seq} is delivered no more: it stops being pending, and the state records it. */
  private void stopTracking(long seq, long dc) {
    LeaderState.Tracked p = work.pending.remove(seq);
    if (p != null) {
      updates.delivered(new DeliveriesExceeded(p.dseq, seq, dc, p.ts));
    }
  }

  private void notifyDeliveryExceeded(long seq, long deliveries) {
    core.send(ConsumerAdvisories.maxDeliveries(core.envelope(), seq, deliveries));
  }
}
