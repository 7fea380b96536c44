package dev.jslab.local.cluster;

import dev.jslab.engine.raft.RaftTimings;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Clusters for tests that use clustered JetStream: started ephemeral on the classroom Raft timings
 * and handed over once every running node knows the same meta leader (before that, as with
 * nats-server, API requests wait for the first election).
 */
public final class ReadyClusters {
  private ReadyClusters() {}

  /** An ephemeral cluster of {@code nodes} nodes on classroom timings, its meta group led. */
  public static LocalCluster classroom(int nodes) {
    LocalCluster cluster =
        LocalCluster.start(
            new ClusterSpec(ClusterSpec.DEFAULT_NAME, nodes, Optional.empty(), true, RaftTimings.CLASSROOM),
            Clock.systemUTC());
    awaitMetaLeader(cluster);
    return cluster;
  }

  /**
   * A jnats connection to {@code nodes} of {@code cluster} (every node when none is named) that
   * reconnects without end, 50 ms apart, and keeps quiet about it.
   */
  public static io.nats.client.Connection connect(LocalCluster cluster, String... nodes)
      throws java.io.IOException, InterruptedException {
    io.nats.client.Options.Builder options = new io.nats.client.Options.Builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .reconnectWait(Duration.ofMillis(50))
        .maxReconnects(-1)
        .errorListener(new io.nats.client.ErrorListener() {});
    for (String node : nodes.length == 0 ? cluster.nodeNames().toArray(String[]::new) : nodes) {
      options.server(cluster.clientUrl(node).orElseThrow());
    }
    return io.nats.client.Nats.connect(options.build());
  }

  /** Waits (up to 20 s) until every running node knows the same meta leader; its name. */
  public static String awaitMetaLeader(LocalCluster cluster) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      ClusterSnapshot s = cluster.snapshot();
      Optional<String> leader = Optional.empty();
      boolean agreed = true;
      for (NodeSnapshot n : s.nodes()) {
        if (n.state() != NodeState.RUNNING) {
          continue;
        }
        Optional<String> seen = s.metaOf(n.name()).flatMap(MetaView::leader);
        if (seen.isEmpty() || (leader.isPresent() && !leader.equals(seen))) {
          agreed = false;
          break;
        }
        leader = seen;
      }
      if (agreed && leader.isPresent()) {
        return leader.get();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no meta leader all nodes agree on within 20 s: " + cluster.snapshot().meta());
  }
}
