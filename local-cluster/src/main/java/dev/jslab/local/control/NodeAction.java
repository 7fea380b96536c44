package dev.jslab.local.control;

import dev.jslab.local.cluster.LocalCluster;
import dev.jslab.local.cluster.NodeSnapshot;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the control API can do to one node; the wire name is the path's last segment. */
public enum NodeAction {
  KILL("kill") {
    @Override
    public CompletableFuture<NodeSnapshot> apply(LocalCluster cluster, String node) {
      return cluster.kill(node);
    }
  },
  STOP("stop") {
    @Override
    public CompletableFuture<NodeSnapshot> apply(LocalCluster cluster, String node) {
      return cluster.stop(node);
    }
  },
  RESTART("restart") {
    @Override
    public CompletableFuture<NodeSnapshot> apply(LocalCluster cluster, String node) {
      return cluster.restart(node);
    }
  },
  PAUSE("pause") {
    @Override
    public CompletableFuture<NodeSnapshot> apply(LocalCluster cluster, String node) {
      return cluster.pause(node);
    }
  },
  RESUME("resume") {
    @Override
    public CompletableFuture<NodeSnapshot> apply(LocalCluster cluster, String node) {
      return cluster.resume(node);
    }
  },
  POWER_CUT("power-cut") {
    @Override
    public CompletableFuture<NodeSnapshot> apply(LocalCluster cluster, String node) {
      return cluster.powerCut(node);
    }
  };

  private final String wireName;

  NodeAction(String wireName) {
    this.wireName = wireName;
  }

  /** {@code kill}, {@code power-cut}, … */
  public String wireName() {
    return wireName;
  }

  /** The action called {@code name} on the wire and on the command line. */
  public static Optional<NodeAction> named(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
  }

  /** Hands the action to {@code cluster}; the future completes once the node is done. */
  public abstract CompletableFuture<NodeSnapshot> apply(LocalCluster cluster, String node);
}
