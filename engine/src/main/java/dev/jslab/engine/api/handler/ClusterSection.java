package dev.jslab.engine.api.handler;

import java.util.List;

/**
 * nats-server's {@code ClusterInfo} of a stream or consumer: the cluster's name (empty outside a
 * cluster, then left out), the leader's server name (empty while there is none, then left out) and
 * the other replicas.
 *
 * <p>Immutable.
 */
public record ClusterSection(String name, String leader, List<Replica> replicas) {
  public ClusterSection {
    replicas = List.copyOf(replicas);
  }

  /**
   * One replica that is not the leader, as the leader sees it: {@code current} when it holds
   * everything committed and was heard from recently, {@code offline} when it is not heard from at
   * all, {@code activeNanos} since it was last heard from, {@code lag} entries behind, and its
   * {@code peer} id.
   */
  public record Replica(
      String name, boolean current, boolean offline, long activeNanos, long lag, String peer) {}
}
