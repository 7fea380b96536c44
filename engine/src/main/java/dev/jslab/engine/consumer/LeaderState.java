package dev.jslab.engine.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * The working state a consumer's leader keeps beside the replicated {@link ConsumerState}, as
 * nats-server's consumer fields: the next stream and consumer sequences, the ack floor, the
 * deliveries awaiting an ack with their delivery times (which drive redelivery), the redelivery
 * counts and queue, what remains of a last-per-subject start, and the {@code max_ack_pending} and
 * {@code max_deliver} limits. A new leader rebuilds it from the replicated state ({@link #load});
 * the leader writes it back as a whole with {@link #snapshot}.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class LeaderState {
  /** A pending delivery: the consumer sequence of its first delivery, and its delivery time. */
  static final class Tracked {
    final long dseq;
    long ts;

    Tracked(long dseq, long ts) {
      this.dseq = dseq;
      this.ts = ts;
    }
  }

  /** The next stream sequence to deliver ({@code sseq}). */
  long sseq;
  /** The next consumer sequence to assign ({@code dseq}). */
  long dseq;
  /** The ack floor's consumer sequence ({@code adflr}). */
  long adflr;
  /** The ack floor's stream sequence ({@code asflr}). */
  long asflr;
  /** Deliveries awaiting an ack, by stream sequence. */
  final TreeMap<Long, Tracked> pending = new TreeMap<>();
  /** Redelivery counts by stream sequence: deliveries beyond the first ({@code rdc}). */
  final Map<Long, Long> rdc = new HashMap<>();
  /** Sequences due for redelivery ({@code rdq}). */
  final RedeliveryQueue rdq = new RedeliveryQueue();
  /** The last-per-subject sequences still to deliver first, or null. */
  StartPosition.LastPerSubject lss;
  /** {@code max_ack_pending}, 0 or less for no limit ({@code maxp}). */
  long maxp;
  /** {@code max_deliver}, 0 for no limit ({@code maxdc}). */
  long maxdc;

  /** Takes the limits of {@code cfg}. */
  void limits(ConsumerConfig cfg) {
    maxp = cfg.maxAckPending();
    maxdc = maxDeliveries(cfg);
  }

  static long maxDeliveries(ConsumerConfig cfg) {
    return cfg.maxDeliver() > 0 ? cfg.maxDeliver() : 0;
  }

  /**
   * Starts where {@code start} says; returns whether nats-server records that start (the ack
   * floor is then just below it).
   */
  boolean start(StartPosition.Start start) {
    sseq = start.streamSeq();
    lss = start.lastPerSubject();
    if (!start.recorded()) {
      return false;
    }
    dseq = 1;
    adflr = dseq - 1;
    asflr = sseq - 1;
    return true;
  }

  /**
   * The working state from the replicated one ({@code applyState}); a leader keeps its next
   * stream sequence when it is already past the delivered one.
   */
  void load(ConsumerState state, boolean leader) {
    SequencePair delivered = state.delivered();
    if (!leader || sseq <= delivered.streamSeq()) {
      sseq = delivered.streamSeq() + 1;
    }
    dseq = delivered.consumerSeq() + 1;
    adflr = state.ackFloor().consumerSeq();
    asflr = state.ackFloor().streamSeq();
    pending.clear();
    state.pending().forEach((seq, p) -> pending.put(seq, new Tracked(p.consumerSeq(), p.timestampNanos())));
    rdc.clear();
    rdc.putAll(state.redelivered());
  }

  /**
   * Forgets redelivery counts at or below the ack floor or past {@code streamLastSeq} (when it is
   * not 0); true when any went.
   */
  boolean forgetStaleRedeliveries(long streamLastSeq) {
    return !rdc.isEmpty()
        && rdc.keySet().removeIf(seq -> seq <= asflr || (streamLastSeq > 0 && seq > streamLastSeq));
  }

  /** The working state as a replicated state ({@code writeStoreState}). */
  ConsumerState snapshot() {
    Map<Long, Pending> p = new TreeMap<>();
    pending.forEach((seq, t) -> p.put(seq, new Pending(t.dseq, t.ts)));
    return new ConsumerState(
        new SequencePair(dseq - 1, sseq - 1), new SequencePair(adflr, asflr), p, rdc);
  }

  /** What a former leader keeps no longer: pending deliveries and the redelivery queue. */
  void forgetDeliveries() {
    rdq.clear();
    pending.clear();
  }

  /** Nothing is pending: the ack floor moves up to the last delivery. */
  void ackFloorToDelivered() {
    adflr = dseq - 1;
    asflr = sseq - 1;
  }

  boolean atMaxAckPending() {
    return maxp > 0 && pending.size() >= maxp;
  }

  /** How many times {@code seq} was delivered (at least 1). */
  long deliveryCount(long seq) {
    Long dc = rdc.get(seq);
    return dc != null && Long.compareUnsigned(dc, 1) >= 0 ? dc : 1;
  }

  /** Counts a redelivery of {@code seq}; returns its delivery count, as nats-server's. */
  long incDeliveryCount(long seq) {
    long v = rdc.getOrDefault(seq, 0L) + 1;
    rdc.put(seq, v);
    return v + 1;
  }

  void decDeliveryCount(long seq) {
    rdc.put(seq, rdc.getOrDefault(seq, 0L) - 1);
  }

  /** Forgets {@code seq}: not pending, not counted, not queued; returns {@code seq}. */
  long removeAcked(long seq) {
    pending.remove(seq);
    rdc.remove(seq);
    rdq.remove(seq);
    return seq;
  }

  /**
   * Everything below {@code purgedTo} on the consumer's subjects left the stream (nats-server's
   * {@code purge}): the next sequence and the ack floor move past it, and pending deliveries below
   * it, or for a {@code wider} purge those {@code gone} from the stream, are dropped.
   */
  void purge(long purgedTo, long streamLastSeq, boolean wider, LongPredicate gone) {
    long first = purgedTo;
    if (first == 0 && !wider) {
      first = streamLastSeq + 1;
    }
    if (sseq < first) {
      sseq = first;
    }
    if (asflr < first) {
      asflr = first - 1;
      for (Long seq : new ArrayList<>(pending.keySet())) {
        Tracked p = pending.get(seq);
        if (seq <= asflr) {
          dropPurged(seq, p);
        }
        if (wider && gone.test(seq)) {
          dropPurged(seq, p);
        }
      }
    }
    if (pending.isEmpty()) {
      rdc.clear();
      ackFloorToDelivered();
    }
    long[] queued = rdq.toArray();
    rdq.clear();
    for (long seq : queued) {
      if (seq >= sseq) {
        rdq.add(seq);
      }
    }
  }

  private void dropPurged(long seq, Tracked p) {
    if (p.dseq > adflr) {
      adflr = p.dseq;
      if (adflr > dseq) {
        dseq = adflr;
      }
    }
    pending.remove(seq);
    rdc.remove(seq);
  }
}
