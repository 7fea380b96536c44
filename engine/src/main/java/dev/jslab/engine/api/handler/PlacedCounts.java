package dev.jslab.engine.api.handler;

/**
 * How many streams and consumers a cluster's meta group has placed, which a clustered account info
 * reports instead of the node's own replicas (nats-server counts its assignments).
 *
 * <p>Called on the node's executor only.
 */
public interface PlacedCounts {
  int streams();

  int consumers();
}
