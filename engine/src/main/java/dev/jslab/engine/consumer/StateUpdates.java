package dev.jslab.engine.consumer;

import dev.jslab.engine.consumer.ConsumerOp.StateReplaced;
import dev.jslab.engine.message.OutboundMessage;

/**
 * A consumer's replicated {@link ConsumerState} and the only way it changes: each {@link
 * ConsumerOp} is applied in order, saved to the state store and told to the listener. On top sit
 * nats-server's {@code updateDelivered}, {@code updateAcks} (for a consumer without replicas) and
 * {@code writeStoreState}, which also keep the last delivery and ack activity times that consumer
 * info reports.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class StateUpdates {
  private final ConsumerCore core;
  private ConsumerState state;
  private long lastDelivered;
  private long lastAcked;

  StateUpdates(ConsumerCore core, ConsumerState state) {
    this.core = core;
    this.state = state;
  }

  /** The replicated state (read-only use). */
  ConsumerState state() {
    return state;
  }

  /** Applies {@code op}, saves the state and tells the listener. */
  void apply(ConsumerOp op) {
    state.apply(op, core.cfg.ackPolicy(), core.cfg.maxDeliver());
    core.ctx.stateStore().save(state);
    core.ctx.listener().applied(core.consumer, op);
  }

  /**
   * Replaces the state by a copy of {@code restored} (a replica restoring a snapshot) and saves
   * it; the listener is not told: nothing changed that the group's log does not already hold.
   */
  void restore(ConsumerState restored) {
    state = restored.copy();
    core.ctx.stateStore().save(state);
  }

  /** nats-server's {@code updateDelivered}: the operation, and the delivery activity time. */
  void delivered(ConsumerOp op) {
    apply(op);
    lastDelivered = core.now();
  }

  /** nats-server's {@code updateAcks}: the operation, the ack reply, the ack activity time. */
  void acked(ConsumerOp op, String reply) {
    apply(op);
    if (reply != null && !reply.isEmpty()) {
      core.send(new OutboundMessage(reply, null, null, null));
    }
    lastAcked = core.now();
  }

  /** nats-server's {@code writeStoreState}: the leader's working state written as a whole. */
  void replaceWith(LeaderState work) {
    apply(new StateReplaced(work.snapshot()));
  }

  /** When a delivery last changed the state, 0 for never. */
  long lastDelivered() {
    return lastDelivered;
  }

  /** When an ack last changed the state, 0 for never. */
  long lastAcked() {
    return lastAcked;
  }
}
