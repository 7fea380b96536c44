package dev.jslab.app.cluster;

import dev.jslab.local.cluster.LocalCluster;
import dev.jslab.local.cluster.NodeSnapshot;
import java.util.concurrent.CompletableFuture;

/** A lifecycle command a person can give a node from its card. Immutable. */
enum NodeCommand {
  KILL("kill") {
    @Override
    CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
      return cluster.kill(node);
    }
  },
  RESTART("restart") {
    @Override
    CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
      return cluster.restart(node);
    }
  },
  POWER_CUT("cut the power of") {
    @Override
    CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
      return cluster.powerCut(node);
    }
  },
  PAUSE("pause") {
    @Override
    CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
      return cluster.pause(node);
    }
  },
  RESUME("resume") {
    @Override
    CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
      return cluster.resume(node);
    }
  },
  ISOLATE("isolate") {
    @Override
    CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
      cluster.isolate(node);
      return CompletableFuture.completedFuture(cluster.snapshot().node(node));
    }
  },
  STEP_DOWN("step down the meta leader") {
    @Override
    CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
      return cluster.stepDownMeta(node);
    }
  },
  HEAL("heal the network around") {
    @Override
    CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node) {
      cluster.heal();
      return CompletableFuture.completedFuture(cluster.snapshot().node(node));
    }
  };

  private final String verb;

  NodeCommand(String verb) {
    this.verb = verb;
  }

  /** Hands the command to the cluster; the future completes on a node thread. */
  abstract CompletableFuture<NodeSnapshot> send(LocalCluster cluster, String node);

  /** The headline shown when the command fails, e.g. "Could not kill n2". */
  String failureSummary(String node) {
    return "Could not " + verb + " " + node;
  }
}
