package dev.jslab.engine.jetstream;

import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.message.Outbox;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds what the engine sends until the node has made the work behind it durable, then lets it
 * go in order. With an interval sync policy nothing is held.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class HeldOutbox implements Outbox {
  private final Outbox downstream;
  private final boolean hold;
  private final List<OutboundMessage> held = new ArrayList<>();

  HeldOutbox(Outbox downstream, boolean hold) {
    this.downstream = downstream;
    this.hold = hold;
  }

  @Override
  public void send(OutboundMessage message) {
    if (hold) {
      held.add(message);
    } else {
      downstream.send(message);
    }
  }

  boolean hasHeld() {
    return !held.isEmpty();
  }

  /** Sends everything held, in order. */
  void release() {
    if (held.isEmpty()) {
      return;
    }
    List<OutboundMessage> out = List.copyOf(held);
    held.clear();
    out.forEach(downstream::send);
  }

  /** Forgets everything held: the node died before it became durable. */
  void drop() {
    held.clear();
  }
}
