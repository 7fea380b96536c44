package dev.jslab.local.cluster;

import dev.jslab.engine.node.NodeConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a local cluster is started with.
 *
 * @param name cluster name, also the folder under the data root
 * @param nodes how many nodes, {@value #MIN_NODES} to {@value #MAX_NODES}
 * @param dataRoot where the node folders go; empty means the user's data directory
 * @param ephemeral when true, the nodes live in a temporary directory removed on close
 * @param raftTimings the clocks of the cluster's Raft groups (nats-server's by default)
 */
public record ClusterSpec(
    String name,
    int nodes,
    Optional<Path> dataRoot,
    boolean ephemeral,
    dev.jslab.engine.raft.RaftTimings raftTimings) {
  public static final int MIN_NODES = 1;
  public static final int MAX_NODES = 9;
  public static final String DEFAULT_NAME = "lab";
  public static final int DEFAULT_NODES = 3;

  public ClusterSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataRoot, "dataRoot");
    if (!NodeConfig.isValidName(name)) {
      throw new IllegalArgumentException(
          "cluster name must be 1-32 letters, digits, '-' or '_' (was '" + name + "')");
    }
    if (nodes < MIN_NODES || nodes > MAX_NODES) {
      throw new IllegalArgumentException(
          "--nodes must be between " + MIN_NODES + " and " + MAX_NODES + " (was " + nodes + ")");
    }
    if (ephemeral && dataRoot.isPresent()) {
      throw new IllegalArgumentException("--ephemeral and --data cannot be used together");
    }
    Objects.requireNonNull(raftTimings, "raftTimings");
  }

  /** A cluster with nats-server's Raft timings. */
  public ClusterSpec(String name, int nodes, Optional<Path> dataRoot, boolean ephemeral) {
    this(name, nodes, dataRoot, ephemeral, dev.jslab.engine.raft.RaftTimings.NATS_DEFAULTS);
  }

  /** The default: cluster {@code lab}, three nodes, in the user's data directory. */
  public static ClusterSpec defaults() {
    return new ClusterSpec(DEFAULT_NAME, DEFAULT_NODES, Optional.empty(), false);
  }

  /** An ephemeral cluster of {@code nodes} nodes. */
  public static ClusterSpec ephemeral(int nodes) {
    return new ClusterSpec(DEFAULT_NAME, nodes, Optional.empty(), true);
  }

  /** The name of the {@code i}-th node, counting from 1: {@code n1}, {@code n2}, … */
  public static String nodeName(int i) {
    return "n" + i;
  }
}
