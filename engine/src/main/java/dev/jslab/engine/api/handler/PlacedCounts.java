package dev.jslab.engine.api.handler;

/**
 * How many streams and consumers a cluster's meta group has placed, which a clustered account info
 * reports instead of the node's own replicas (nats-server counts its assignments), and what the
 * other nodes' replicas hold, which it adds to this node's (nats-server's usage counts every
 * replica).
 *
 * <p>Called on the node's executor only.
 */
public interface PlacedCounts {
  int streams();

  int consumers();

  /** Bytes the other nodes' replicas of memory streams hold. */
  long othersMemory();

  /** Bytes the other nodes' replicas of file streams hold. */
  long othersStorage();
}
