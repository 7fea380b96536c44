package dev.jslab.engine.consumer;

import dev.jslab.engine.consumer.ConsumerOp.Delivered;
import dev.jslab.engine.consumer.DeliveryPacing.Prepared;
import dev.jslab.engine.consumer.MessagePicker.Miss;
import dev.jslab.engine.consumer.MessagePicker.Next;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.RetentionPolicy;

/**
 * A consumer leader's delivery loop, as nats-server's {@code loopAndGatherMsgs}: while it may
 * deliver (a push consumer with interest and room under flow control, a pull consumer with a
 * waiting request) it picks the next message, addresses it (deliver subject or request reply, ack
 * subject, headers-only), paces it and sends it, recording the delivery; when it would wait it
 * settles pull requests. {@link ConsumerCore} runs it after each entry point that signalled.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class DeliveryLoop {
  private final ConsumerCore core;
  private final LeaderState work;
  private final StateUpdates updates;
  private final NumPending numPending;
  private final MessagePicker picker;
  private final Redelivery redelivery;
  private final DeliveryPacing pacing;
  private final PushDelivery push;
  private final PullServing pull;
  private final Heartbeats heartbeats;
  private final Inactivity inactivity;

  DeliveryLoop(
      ConsumerCore core, LeaderState work, StateUpdates updates, NumPending numPending,
      Redelivery redelivery, DeliveryPacing pacing, PushDelivery push, PullServing pull,
      Heartbeats heartbeats, Inactivity inactivity) {
    this.core = core;
    this.work = work;
    this.updates = updates;
    this.numPending = numPending;
    this.picker = new MessagePicker(core, work, redelivery);
    this.redelivery = redelivery;
    this.pacing = pacing;
    this.push = push;
    this.pull = pull;
    this.heartbeats = heartbeats;
    this.inactivity = inactivity;
  }

  /** Delivers while signalled, leading and open, until it would wait or a message is held. */
  void run() {
    while (core.signalled() && !core.closed && core.leader && !pacing.holding()) {
      core.clearSignal();
      while (!core.closed && !pacing.holding() && iterate()) {
        // one message per pass, as nats-server's loopAndGatherMsgs
      }
    }
  }

  /** One turn of nats-server's {@code loopAndGatherMsgs}; false when it would wait. */
  private boolean iterate() {
    if (core.cfg.isPush() ? !push.canDeliver() : !pull.hasWaiting()) {
      waitForMsgs(Miss.NONE);
      return false;
    }
    Next next = picker.next();
    if (next.msg() == null) {
      if (next.miss() == Miss.EOF) {
        numPending.checkAtEnd();
      }
      waitForMsgs(next.miss());
      return false;
    }
    StoredMessage m = next.msg();
    long dc = next.dc();
    if (dc == 1) {
      numPending.delivered();
    }
    String ackReply = AckSubject.format(
        core.stream.name(), core.name, dc, m.seq(), work.dseq, m.timestampNanos(), numPending.get());
    byte[] headers = m.headers();
    byte[] data = m.data();
    if (core.cfg.headersOnly()) {
      headers = StatusMessages.headersOnly(m.headers(), m.data().length);
      data = new byte[0];
    }
    long size = m.subject().length() + ackReply.length() + headers.length + data.length;
    if (core.cfg.isPush()) {
      return proceed(
          new Prepared(m, dc, core.cfg.deliverSubject(), ackReply, headers, data, size, 0, 0));
    }
    WaitingRequest wr = pull.requests().next(size);
    if (wr == null) {
      putBack(m.seq(), dc);
      waitForMsgs(Miss.NONE);
      return false;
    }
    if (wr.remaining > 0 && wr.heartbeatNanos > 0) {
      wr.nextHeartbeatAt = core.now() + wr.heartbeatNanos;
    }
    return proceed(
        new Prepared(m, dc, wr.reply, ackReply, headers, data, size, wr.remaining, wr.bytes));
  }

  /** No request took the message picked: it goes back for the next one. */
  private void putBack(long seq, long dc) {
    if (dc == 1 && seq == work.sseq - 1) {
      work.sseq--;
      numPending.undelivered();
    } else if (!work.rdq.contains(seq)) {
      work.decDeliveryCount(seq);
      work.rdq.add(seq);
    }
  }

  /** Waits out replay pacing and the rate limit, then delivers; false while held back. */
  private boolean proceed(Prepared p) {
    if (!pacing.admit(p, this::proceed)) {
      return false;
    }
    deliverMsg(p);
    if (p.batchLeft() <= 0 && p.bytesLeft() > 0) {
      core.send(new OutboundMessage(p.dsubj(), null,
          StatusMessages.batchCompleted(p.batchLeft(), p.bytesLeft()), null));
    }
    heartbeats.delivered();
    return true;
  }

  /** nats-server's {@code waitForMsgs} label: settle pull requests and arm the wait timer. */
  private void waitForMsgs(Miss miss) {
    pacing.caughtUp(work.sseq);
    if (core.cfg.isPull()) {
      pull.settle(miss != Miss.MAX_ACK_PENDING);
    }
  }

  /** nats-server's {@code deliverMsg}: record the delivery, send it, track it for its ack. */
  private void deliverMsg(Prepared p) {
    StoredMessage m = p.msg();
    long seq = m.seq();
    long thisDseq = work.dseq++;
    long psz = p.dsubj().length() + p.ackReply().length() + p.headers().length + p.data().length;
    boolean needFc = push.delivered(psz);
    updates.delivered(new Delivered(thisDseq, seq, p.dc(), m.timestampNanos()));
    core.send(new OutboundMessage(m.subject(), p.ackReply(), p.headers(), p.data(), p.dsubj()));
    if (core.cfg.ackPolicy().tracksAcks()) {
      redelivery.track(seq, thisDseq);
    } else {
      work.adflr = thisDseq;
      work.asflr = seq;
    }
    if (needFc) {
      push.requestFlowControl();
    }
    inactivity.delivered();
    if (core.cfg.ackPolicy() == AckPolicy.NONE
        && core.stream.config().retention() != RetentionPolicy.LIMITS) {
      core.stream.acknowledged(core.name, seq);
    }
  }
}
