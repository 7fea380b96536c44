package dev.jslab.local.cluster;

/**
 * Something that happened in the cluster, in the order it happened.
 *
 * <p>Every event carries {@code seq}, its position in the cluster's event stream (1, 2, 3, …),
 * the time it happened in milliseconds of the cluster's clock, and the node it concerns.
 */
public sealed interface ClusterEvent {
  long seq();

  long atMillis();

  String node();

  /** A node is opening its data directory. */
  record NodeStarting(long seq, long atMillis, String node) implements ClusterEvent {}

  /** A node opened its data directory and runs. */
  record NodeStarted(long seq, long atMillis, String node, long starts, boolean recoveredFromCrash)
      implements ClusterEvent {}

  /** A node was stopped abruptly; only its durable state survives. */
  record NodeKilled(long seq, long atMillis, String node) implements ClusterEvent {}

  /** A node's power was cut; only what it had synced to disk survives. */
  record NodePowerCut(long seq, long atMillis, String node) implements ClusterEvent {}

  /** A node was frozen: its connections stay open and nothing is answered. */
  record NodePaused(long seq, long atMillis, String node) implements ClusterEvent {}

  /** A frozen node runs again and works off what waited. */
  record NodeResumed(long seq, long atMillis, String node) implements ClusterEvent {}

  /** A node's view of the meta group changed: its role, its term or the leader it knows. */
  record MetaChanged(long seq, long atMillis, String node, MetaView view) implements ClusterEvent {}

  /**
   * The replicated streams a node holds, or the leaders it knows of them, changed (a stream placed
   * on it or deleted, a leader elected or lost); {@code leaders} maps each to its leader, "" for none.
   */
  record StreamLeadersChanged(long seq, long atMillis, String node, java.util.Map<String, String> leaders)
      implements ClusterEvent {}

  /**
   * Something happened in one of the node's Raft groups ({@code event.group()}: {@code _meta_}, a
   * stream's or a consumer's): a role or term change, an election started, a vote, a leader
   * elected, a lost quorum, a snapshot, a membership change, a leadership handover. The log's
   * progress is not published one entry at a time: {@link LocalCluster#raftGroups()} reads it.
   */
  record RaftGroupEvent(long seq, long atMillis, String node, dev.jslab.engine.raft.RaftEvent event)
      implements ClusterEvent {}

  /** The network changed: a node was cut off from the others, or every link was restored. */
  record NetworkChanged(long seq, long atMillis, String node, java.util.Set<String> isolated)
      implements ClusterEvent {}

  /**
   * A mirror's progress changed — how far behind its origin it is, its reported lag, its error —
   * or a mirror came or went; {@code mirrors} are all of the lab's now. {@code node} is "".
   */
  record MirrorsChanged(long seq, long atMillis, String node, java.util.List<MirrorView> mirrors)
      implements ClusterEvent {}

  /**
   * The links between two groups of nodes were slowed or made lossy ({@code faults}), both ways,
   * or made perfect again ({@link dev.jslab.local.sim.LinkFaults#NONE}). {@code node} is "".
   */
  record LinksChanged(
      long seq,
      long atMillis,
      String node,
      java.util.List<String> one,
      java.util.List<String> other,
      dev.jslab.local.sim.LinkFaults faults)
      implements ClusterEvent {}

  /** A node shut down cleanly. */
  record NodeStopped(long seq, long atMillis, String node) implements ClusterEvent {}

  /** A node could not start. */
  record NodeFailed(long seq, long atMillis, String node, String reason) implements ClusterEvent {}
}
