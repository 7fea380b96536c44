package dev.jslab.local.cluster;

/**
 * Receives the cluster's events, each with the snapshot taken right after it.
 *
 * <p>Called on the thread of the node that changed, one event at a time and in {@code seq}
 * order. Implementations must be quick and must not block or call back into the cluster
 * synchronously; a UI hands the pair over to its own thread.
 */
@FunctionalInterface
public interface ClusterListener {
  void onEvent(ClusterEvent event, ClusterSnapshot snapshot);
}
