package dev.jslab.engine.consumer;

import dev.jslab.engine.consumer.ConsumerOp.Acked;
import dev.jslab.engine.consumer.ConsumerOp.Nacked;
import dev.jslab.engine.consumer.ConsumerOp.ProgressReset;
import dev.jslab.engine.consumer.ConsumerOp.Terminated;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.stream.RetentionPolicy;
import java.util.ArrayList;
import java.util.Map;

/**
 * What a consumer's leader does with acks, as nats-server's {@code processAck}: it reads the ack
 * subject and body ({@link AckSubject}, {@link AckMessage}); an ack or {@code +TERM} moves the ack
 * floor and tells the replicated state and, unless retention is {@code limits}, the stream; {@code
 * -NAK} queues a redelivery or delays it; {@code +WPI} restarts the ack wait; {@code +NXT} also
 * asks for more. Advisories (nak, terminated) and the sampled ack metric go out, and the ack's
 * reply is answered. It also answers whether a message still needs an ack ({@code needAck}).
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class AckProcessor {
  private static final long MILLI = ConsumerCore.MILLI;

  private final ConsumerCore core;
  private final LeaderState work;
  private final StateUpdates updates;
  private final Redelivery redelivery;
  private final PullServing pull;
  private final Inactivity inactivity;
  /** The percentage of acks sampled ({@code sfreq}). */
  private int sampleFrequency;

  AckProcessor(
      ConsumerCore core, LeaderState work, StateUpdates updates, Redelivery redelivery,
      PullServing pull, Inactivity inactivity) {
    this.core = core;
    this.work = work;
    this.updates = updates;
    this.redelivery = redelivery;
    this.pull = pull;
    this.inactivity = inactivity;
  }

  /** Takes {@code sample_freq} ({@code "30%"} or {@code "30"}; anything unreadable is 0). */
  void setSampleFrequency(String s) {
    sampleFrequency = sampleFrequency(s);
  }

  private static int sampleFrequency(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    Long v = GoStrings.atoi(s.endsWith("%") ? s.substring(0, s.length() - 1) : s);
    return v == null ? 0 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  /** A message with {@code body} and {@code reply} (null for none) on the ack subject. */
  void process(String subject, byte[] body, String reply) {
    AckSubject a = AckSubject.parse(subject);
    long ackSseq = a.streamSeq();
    long ackDseq = a.consumerSeq();
    long dc = a.deliveryCount();
    boolean skipAckReply = ackSseq == 0;
    AckMessage msg = AckMessage.parse(body);
    switch (msg.verb()) {
      case ACK -> {
        if (!processAckMsg(ackSseq, ackDseq, dc, reply, true, null)) {
          skipAckReply = true;
        }
      }
      case NEXT -> {
        processAckMsg(ackSseq, ackDseq, dc, "", true, null);
        if (reply != null && !reply.isEmpty()) {
          pull.request(reply, msg.nextRequest());
        }
        skipAckReply = true;
      }
      case NAK -> processNak(ackSseq, ackDseq, dc, msg);
      case PROGRESS -> progressUpdate(ackSseq);
      case TERM -> {
        if (!terminate(ackSseq, ackDseq, dc, msg.termReason(), reply)) {
          skipAckReply = true;
        }
      }
      case UNKNOWN -> {}
    }
    if (reply != null && !reply.isEmpty() && !skipAckReply) {
      core.send(new OutboundMessage(reply, null, null, null));
    }
    if (core.cfg.inactiveThresholdNanos() > 0) {
      inactivity.suppress();
    }
  }

  /**
   * nats-server's {@code processTerm}: {@code seq} is done with, with the terminated advisory.
   * Returns true when the ack was applied in place and the caller answers {@code reply}.
   */
  boolean terminate(long ackSseq, long ackDseq, long dc, String reason, String reply) {
    boolean ackedInPlace = processAckMsg(ackSseq, ackDseq, dc, reply, false, reason);
    core.send(ConsumerAdvisories.terminated(core.envelope(), ackDseq, ackSseq, dc, reason));
    return ackedInPlace;
  }

  /**
   * nats-server's {@code processAckMsg}. Returns true when the ack was applied in place and the
   * caller answers the reply; otherwise the reply went out with the state update (or not at all).
   *
   * @param termReason null for an ack, the reason (possibly empty) for a {@code +TERM}
   */
  private boolean processAckMsg(
      long ackSseq, long ackDseq, long dc, String reply, boolean doSample, String termReason) {
    if (core.closed) {
      return false;
    }
    if (Long.compareUnsigned(ackSseq, work.sseq) >= 0) {
      return false;
    }
    boolean ackInPlace = core.stream.config().retention() != RetentionPolicy.LIMITS;
    long sgap = 0;
    long floor = 0;
    boolean needSignal = false;
    long useDseq = ackDseq;
    switch (core.cfg.ackPolicy()) {
      case EXPLICIT -> {
        LeaderState.Tracked p = work.pending.get(ackSseq);
        if (p != null) {
          if (doSample) {
            sampleAck(ackSseq, ackDseq, dc);
          }
          if (work.atMaxAckPending()) {
            needSignal = true;
          }
          work.pending.remove(ackSseq);
          useDseq = p.dseq;
          if (work.pending.isEmpty()) {
            work.ackFloorToDelivered();
          } else if (useDseq == work.adflr + 1) {
            work.adflr = useDseq;
            work.asflr = ackSseq;
            Map.Entry<Long, LeaderState.Tracked> higher = work.pending.higherEntry(ackSseq);
            if (higher != null && higher.getKey() < work.sseq && higher.getValue().dseq > 0) {
              work.adflr = higher.getValue().dseq - 1;
              work.asflr = higher.getKey() - 1;
            }
          }
        }
        work.rdc.remove(ackSseq);
        work.rdq.remove(ackSseq);
      }
      case ALL -> {
        if (Long.compareUnsigned(useDseq, work.adflr) <= 0
            || Long.compareUnsigned(ackSseq, work.asflr) <= 0) {
          return true;
        }
        if (work.atMaxAckPending()) {
          needSignal = true;
        }
        sgap = ackSseq - work.asflr;
        floor = ackSseq;
        work.adflr = useDseq;
        work.asflr = ackSseq;
        if (sgap > work.pending.size()) {
          for (Long seq : new ArrayList<>(work.pending.headMap(ackSseq, true).keySet())) {
            floor = Math.min(floor, work.removeAcked(seq));
          }
        } else {
          for (long seq = ackSseq; seq > ackSseq - sgap && !work.pending.isEmpty(); seq--) {
            floor = Math.min(floor, work.removeAcked(seq));
          }
        }
      }
      case NONE -> {
        return ackInPlace;
      }
    }
    if (ackInPlace) {
      reply = "";
    }
    ConsumerOp op = termReason == null
        ? new Acked(useDseq, ackSseq)
        : new Terminated(useDseq, ackSseq, dc, termReason);
    updates.acked(op, reply);
    if (ackInPlace) {
      if (sgap > 1) {
        for (long seq = ackSseq; seq >= floor; seq--) {
          core.stream.acknowledged(core.name, seq);
        }
      } else {
        core.stream.acknowledged(core.name, ackSseq);
      }
    }
    if (needSignal) {
      core.signal();
    }
    return ackInPlace;
  }

  private void sampleAck(long ackSseq, long ackDseq, long dc) {
    if (!shouldSample()) {
      return;
    }
    long now = core.now();
    LeaderState.Tracked p = work.pending.get(ackSseq);
    long delay = now - (p == null ? 0 : p.ts);
    core.send(ConsumerAdvisories.ackMetric(core.envelope(), ackDseq, ackSseq, delay, dc));
  }

  private boolean shouldSample() {
    if (sampleFrequency <= 0) {
      return false;
    }
    if (sampleFrequency >= 100) {
      return true;
    }
    return core.ctx.random().nextInt(100) <= sampleFrequency;
  }

  private void processNak(long ackSseq, long ackDseq, long dc, AckMessage nak) {
    if (Long.compareUnsigned(ackDseq, work.adflr) <= 0
        || Long.compareUnsigned(ackDseq, work.dseq) > 0) {
      return;
    }
    if (!work.pending.containsKey(ackSseq)) {
      return;
    }
    core.send(ConsumerAdvisories.naked(core.envelope(), ackDseq, ackSseq, dc));
    Long delay = nak.nakDelay();
    if (delay != null) {
      work.rdq.remove(ackSseq);
      LeaderState.Tracked p = work.pending.get(ackSseq);
      if (p != null) {
        p.ts = core.now() - core.cfg.ackWaitNanos() + delay;
        updates.delivered(new Nacked(p.dseq, ackSseq, dc, p.ts));
        if (redelivery.running()) {
          redelivery.reset(10 * MILLI);
        }
      }
      return;
    }
    if (!work.rdq.contains(ackSseq)) {
      work.rdq.add(ackSseq);
    }
    core.signal();
  }

  private void progressUpdate(long seq) {
    LeaderState.Tracked p = work.pending.get(seq);
    if (p != null) {
      p.ts = core.now();
      updates.delivered(new ProgressReset(p.dseq, seq, p.ts));
    }
  }

  /** nats-server's {@code needAck}, without the filter check the stream does itself. */
  boolean needAck(long seq) {
    long floor;
    long next;
    boolean isPending;
    boolean redelivered;
    if (core.leader) {
      floor = work.asflr;
      next = work.sseq;
      isPending = work.pending.containsKey(seq);
      redelivered = work.rdc.containsKey(seq);
    } else {
      ConsumerState state = updates.state();
      floor = state.ackFloor().streamSeq();
      next = state.delivered().streamSeq() + 1;
      isPending = state.pending().containsKey(seq);
      redelivered = state.redelivered().containsKey(seq);
    }
    boolean need = switch (core.cfg.ackPolicy()) {
      case NONE, ALL -> seq > floor;
      case EXPLICIT -> seq > floor && (seq >= next || isPending);
    };
    return need || redelivered;
  }
}
