package dev.jslab.engine.message;

/**
 * Where the engine puts the messages it sends. The node decides when they leave: after the
 * store is synced when the sync policy requires it, so nothing is acknowledged before it is
 * durable.
 *
 * <p>Called on the node's executor; must not block.
 */
@FunctionalInterface
public interface Outbox {
  void send(OutboundMessage message);
}
