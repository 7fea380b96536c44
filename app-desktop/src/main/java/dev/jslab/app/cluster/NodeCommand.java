package dev.jslab.app.cluster;

import dev.jslab.local.cluster.LocalCluster;
import dev.jslab.local.control.NodeAction;
import dev.jslab.local.cluster.NodeSnapshot;
import java.util.concurrent.CompletableFuture;

/** A lifecycle command a person can give a node from its card. Immutable. */
enum NodeCommand {
  KILL("kill", NodeAction.KILL),
  RESTART("restart", NodeAction.RESTART),
  POWER_CUT("cut the power of", NodeAction.POWER_CUT),
  PAUSE("pause", NodeAction.PAUSE),
  RESUME("resume", NodeAction.RESUME),
  ISOLATE("isolate", null) {
    @Override
    CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
      cluster.isolate(node);
      return CompletableFuture.completedFuture(cluster.snapshot().node(node));
    }
  },
  STEP_DOWN("step down the meta leader", null) {
    @Override
    CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
      return cluster.stepDownMeta(node);
    }
  },
  HEAL("heal the network around", null) {
    @Override
    CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
      cluster.heal();
      return CompletableFuture.completedFuture(cluster.snapshot().node(node));
    }
  };

  private final NodeAction action;
  private final String verb;

  NodeCommand(String verb, NodeAction action) {
    this.verb = verb;
    this.action = action;
  }

  /** Hands the command to the cluster; the future completes on a node thread. */
  CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
    return action.apply(cluster, node);
  }

  /** The headline shown when the command fails, e.g. "Could not kill n2". */
  String failureSummary(String node) {
    return "Could not " + verb + " " + node;
  }
}
