package dev.jslab.local.bench;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import java.util.HashMap;
import java.util.Map;

/**
 * The R3 bench's streams: each round's stream is created with replicas through any node, its
 * leader is read from the stream info ({@code cluster.leader}), and the round publishes and fetches
 * through a connection to that leader's node, so no message takes an extra hop between nodes.
 * Connections are opened once per node and kept for the figure.
 *
 * <p>Used by one thread at a time; {@link #close} closes every connection it opened.
 */
final class LeaderStreams implements BenchStreams {
  private final BenchCluster cluster;
  private final int replicas;
  private final Connection management;
  private final Map<String, Connection> byNode = new HashMap<>();

  LeaderStreams(BenchCluster cluster, int replicas) throws Exception {
    this.cluster = cluster;
    this.replicas = replicas;
    this.management = BenchConnections.connect(cluster.urls());
  }

  @Override
  public Connection fresh(StorageType storage) throws Exception {
    var jsm = management.jetStreamManagement();
    StreamSetup.replace(jsm, STREAM, SUBJECT, storage, replicas);
    String leader = StreamSetup.awaitLeader(jsm, STREAM);
    Connection nc = byNode.get(leader);
    if (nc == null) {
      nc = BenchConnections.connect(cluster.urlOf(leader));
      byNode.put(leader, nc);
    }
    return nc;
  }

  @Override
  public void close() {
    byNode.values().forEach(BenchStreams::closeQuietly);
    BenchStreams.closeQuietly(management);
  }
}
