package dev.jslab.engine.consumer;

import dev.jslab.engine.advisory.Nuid;
import dev.jslab.engine.message.OutboundMessage;

/**
 * A push consumer's side of delivery: whether its deliver subject has interest (nats-server's
 * {@code active}, reported as {@code push_bound}), and flow control — counting delivered bytes,
 * sending a {@code 100 FlowControl Request} on the deliver subject, pausing while too much is
 * outstanding and resuming when the request is answered ({@link FlowControl}).
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class PushDelivery {
  private final ConsumerCore core;
  private final FlowControl flow = new FlowControl();
  private boolean active;

  PushDelivery(ConsumerCore core) {
    this.core = core;
  }

  /** A new leader: flow control as configured, and the deliver subject's interest now. */
  void lead(boolean deliveryInterest) {
    if (core.cfg.flowControl()) {
      flow.enable();
    }
    if (core.cfg.isPush()) {
      active = deliveryInterest;
    }
  }

  /** Whether the deliver subject has interest (last known; false once closed). */
  boolean active() {
    return active;
  }

  /** The deliver subject's interest changed; gaining it wakes delivery. */
  void setInterest(boolean interest) {
    if (interest && !active) {
      core.signal();
    }
    active = interest;
  }

  void close() {
    active = false;
  }

  /** Whether the next message may go: interest, and flow control not blocking. */
  boolean canDeliver() {
    return active && !flow.blocked();
  }

  /** Counts a delivery of {@code size} bytes; true when a flow control request should follow. */
  boolean delivered(long size) {
    return flow.delivered(size);
  }

  /** Asks for flow control on the deliver subject (push consumers only). */
  void requestFlowControl() {
    if (!core.cfg.isPush()) {
      return;
    }
    String reply =
        "$JS.FC." + core.stream.name() + "." + core.name + "." + Nuid.token(core.ctx.random());
    flow.requested(reply);
    core.send(new OutboundMessage(
        core.cfg.deliverSubject(), reply, StatusMessages.flowControlRequest(), null));
  }

  boolean flowControlEnabled() {
    return flow.enabled();
  }

  /** A reply arrived on {@code subject}; when it answers the outstanding request, resume. */
  void flowControlAnswered(String subject) {
    if (flow.answered(subject)) {
      core.signal();
    }
  }

  /** The reply subject of the unanswered flow control request, or empty. */
  String stalledOn() {
    return flow.outstanding();
  }
}
