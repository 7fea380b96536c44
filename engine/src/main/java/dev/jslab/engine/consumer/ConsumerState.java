package dev.jslab.engine.consumer;

import dev.jslab.engine.consumer.ConsumerOp.Acked;
import dev.jslab.engine.consumer.ConsumerOp.Delivered;
import dev.jslab.engine.consumer.ConsumerOp.DeliveriesExceeded;
import dev.jslab.engine.consumer.ConsumerOp.Nacked;
import dev.jslab.engine.consumer.ConsumerOp.ProgressReset;
import dev.jslab.engine.consumer.ConsumerOp.Started;
import dev.jslab.engine.consumer.ConsumerOp.StateReplaced;
import dev.jslab.engine.consumer.ConsumerOp.Terminated;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A consumer's replicated state, as nats-server's consumer store keeps it: what was delivered,
 * the ack floor, the deliveries awaiting an ack (stream sequence → consumer sequence and time) and
 * the redelivery counts (stream sequence → deliveries beyond the first). It changes only through
 * {@link #apply}, which follows nats-server's memory consumer store ({@code UpdateDelivered},
 * {@code UpdateAcks}) exactly, quirks included: pending times are the message timestamps recorded
 * at delivery (the leader keeps delivery times separately), and {@code ack_policy: none} moves the
 * ack floor with every delivery.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class ConsumerState {
  private long deliveredConsumer;
  private long deliveredStream;
  private long ackFloorConsumer;
  private long ackFloorStream;
  private final NavigableMap<Long, Pending> pending = new TreeMap<>();
  private final NavigableMap<Long, Long> redelivered = new TreeMap<>();

  /** An empty state: nothing delivered. */
  public ConsumerState() {}

  /** A state with these values (copied). */
  public ConsumerState(
      SequencePair delivered,
      SequencePair ackFloor,
      Map<Long, Pending> pending,
      Map<Long, Long> redelivered) {
    this.deliveredConsumer = delivered.consumerSeq();
    this.deliveredStream = delivered.streamSeq();
    this.ackFloorConsumer = ackFloor.consumerSeq();
    this.ackFloorStream = ackFloor.streamSeq();
    this.pending.putAll(pending);
    this.redelivered.putAll(redelivered);
  }

  /** The last delivery: consumer and stream sequence. */
  public SequencePair delivered() {
    return new SequencePair(deliveredConsumer, deliveredStream);
  }

  /** Everything at or below this is acknowledged. */
  public SequencePair ackFloor() {
    return new SequencePair(ackFloorConsumer, ackFloorStream);
  }

  /** Deliveries awaiting an ack, by stream sequence (read-only view). */
  public NavigableMap<Long, Pending> pending() {
    return Collections.unmodifiableNavigableMap(pending);
  }

  /** Redelivery counts by stream sequence: deliveries beyond the first (read-only view). */
  public NavigableMap<Long, Long> redelivered() {
    return Collections.unmodifiableNavigableMap(redelivered);
  }

  /** An independent copy. */
  public ConsumerState copy() {
    return new ConsumerState(delivered(), ackFloor(), pending, redelivered);
  }

  /**
   * Applies one operation for a consumer with {@code ackPolicy} and {@code maxDeliver}; returns
   * false when the store refuses it (nats-server's store answers an error and changes nothing).
   */
  public boolean apply(ConsumerOp op, AckPolicy ackPolicy, int maxDeliver) {
    if (op instanceof Started s) {
      deliveredStream = s.streamSeq();
      return true;
    }
    if (op instanceof Delivered d) {
      return updateDelivered(
          d.consumerSeq(), d.streamSeq(), d.deliveryCount(), d.timestampNanos(), ackPolicy,
          maxDeliver);
    }
    if (op instanceof Nacked n) {
      return updateDelivered(
          n.consumerSeq(), n.streamSeq(), n.deliveryCount(), n.timestampNanos(), ackPolicy,
          maxDeliver);
    }
    if (op instanceof ProgressReset p) {
      return updateDelivered(
          p.consumerSeq(), p.streamSeq(), 1, p.timestampNanos(), ackPolicy, maxDeliver);
    }
    if (op instanceof DeliveriesExceeded e) {
      return updateDelivered(
          e.consumerSeq(), e.streamSeq(), e.deliveryCount(), e.timestampNanos(), ackPolicy,
          maxDeliver);
    }
    if (op instanceof Acked a) {
      return updateAcks(a.consumerSeq(), a.streamSeq(), ackPolicy);
    }
    if (op instanceof Terminated t) {
      return updateAcks(t.consumerSeq(), t.streamSeq(), ackPolicy);
    }
    if (op instanceof StateReplaced r) {
      return replace(r.state());
    }
    throw new IllegalArgumentException("unknown operation " + op);
  }

  private boolean updateDelivered(
      long dseq, long sseq, long dc, long ts, AckPolicy ackPolicy, int maxDeliver) {
    if (dc != 1 && ackPolicy == AckPolicy.NONE) {
      return false;
    }
    if (dseq <= ackFloorConsumer) {
      return true;
    }
    if (ackPolicy != AckPolicy.NONE) {
      if (sseq <= deliveredStream) {
        Pending p = pending.get(sseq);
        if (p != null) {
          pending.put(sseq, new Pending(p.consumerSeq(), ts));
        }
      } else {
        pending.put(sseq, new Pending(dseq, ts));
      }
      if (dseq > deliveredConsumer) {
        deliveredConsumer = dseq;
      }
      if (sseq > deliveredStream) {
        deliveredStream = sseq;
      }
      if (dc > 1) {
        if (maxDeliver > 0 && dc > maxDeliver) {
          pending.remove(sseq);
        }
        Long known = redelivered.get(sseq);
        if (known == null || known < dc - 1) {
          redelivered.put(sseq, dc - 1);
        }
      }
    } else {
      if (dseq > deliveredConsumer) {
        deliveredConsumer = dseq;
        ackFloorConsumer = dseq;
      }
      if (sseq > deliveredStream) {
        deliveredStream = sseq;
        ackFloorStream = sseq;
      }
    }
    return true;
  }

  private boolean updateAcks(long dseq, long sseq, AckPolicy ackPolicy) {
    if (ackPolicy == AckPolicy.NONE) {
      return false;
    }
    if (dseq <= ackFloorConsumer) {
      return true;
    }
    if (sseq > deliveredStream) {
      deliveredStream = sseq + 1;
    }
    if (pending.isEmpty() || !pending.containsKey(sseq)) {
      redelivered.remove(sseq);
      return false;
    }
    if (ackPolicy == AckPolicy.ALL) {
      long gap = sseq - ackFloorStream;
      ackFloorConsumer = dseq;
      ackFloorStream = sseq;
      if (gap > pending.size()) {
        pending.headMap(sseq, true).keySet().forEach(redelivered::remove);
        pending.headMap(sseq, true).clear();
      } else {
        for (long seq = sseq; seq > sseq - gap && !pending.isEmpty(); seq--) {
          pending.remove(seq);
          redelivered.remove(seq);
        }
      }
      return true;
    }
    Pending p = pending.remove(sseq);
    if (p != null && dseq > p.consumerSeq() && p.consumerSeq() > 0) {
      dseq = p.consumerSeq();
    }
    if (pending.isEmpty()) {
      ackFloorConsumer = deliveredConsumer;
      ackFloorStream = deliveredStream;
    } else if (dseq == ackFloorConsumer + 1) {
      ackFloorConsumer = dseq;
      ackFloorStream = sseq;
      if (deliveredConsumer > dseq) {
        Map.Entry<Long, Pending> next = pending.higherEntry(sseq);
        if (next != null && next.getKey() <= deliveredStream && next.getValue().consumerSeq() > 0) {
          ackFloorConsumer = next.getValue().consumerSeq() - 1;
          ackFloorStream = next.getKey() - 1;
        }
      }
    }
    redelivered.remove(sseq);
    return true;
  }

  private boolean replace(ConsumerState s) {
    if (s.ackFloorConsumer > s.deliveredConsumer || s.ackFloorStream > s.deliveredStream) {
      return false;
    }
    for (Long seq : s.pending.keySet()) {
      if (seq <= s.ackFloorStream || seq > s.deliveredStream) {
        return false;
      }
    }
    if (s.deliveredConsumer < deliveredConsumer || s.ackFloorStream < ackFloorStream) {
      return false;
    }
    deliveredConsumer = s.deliveredConsumer;
    deliveredStream = s.deliveredStream;
    ackFloorConsumer = s.ackFloorConsumer;
    ackFloorStream = s.ackFloorStream;
    pending.clear();
    pending.putAll(s.pending);
    redelivered.clear();
    redelivered.putAll(s.redelivered);
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsumerState s
        && deliveredConsumer == s.deliveredConsumer
        && deliveredStream == s.deliveredStream
        && ackFloorConsumer == s.ackFloorConsumer
        && ackFloorStream == s.ackFloorStream
        && pending.equals(s.pending)
        && redelivered.equals(s.redelivered);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        deliveredConsumer, deliveredStream, ackFloorConsumer, ackFloorStream, pending,
        redelivered);
  }

  @Override
  public String toString() {
    return "ConsumerState[delivered=" + delivered() + ", ackFloor=" + ackFloor() + ", pending="
        + pending + ", redelivered=" + redelivered + "]";
  }
}
