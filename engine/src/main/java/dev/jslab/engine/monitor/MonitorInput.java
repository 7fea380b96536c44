package dev.jslab.engine.monitor;

import dev.jslab.engine.jetstream.JetStream;
import java.util.List;
import java.util.Objects;

/**
 * Everything one monitoring request reads, gathered by the host on the node's executor. It holds
 * the live {@link JetStream}, so it is used there too, for that one request.
 *
 * @param server the node as a server
 * @param process the hosting process, sampled for this request
 * @param nowNanos the node's time (its scheduler's), for {@code now}, {@code uptime}, {@code idle}
 * @param connections open client connections, in any order
 * @param traffic totals since the node started
 * @param subscriptions client subscriptions on the node
 * @param jetStream the node's JetStream, or null when it is not available
 * @param apiTotal JetStream API requests handled
 * @param apiErrors of those, answered with an error
 * @param connectUrls the cluster's client URLs as INFO advertises them ({@code connect_urls}),
 *     empty for a single server
 * @param raftGroups the Raft groups the node is a member of, for {@code /raftz}
 */
public record MonitorInput(
    ServerFacts server,
    ProcessFacts process,
    long nowNanos,
    List<ConnectionView> connections,
    ServerTraffic traffic,
    int subscriptions,
    JetStream jetStream,
    long apiTotal,
    long apiErrors,
    List<String> connectUrls,
    List<RaftGroupFacts> raftGroups) {
  public MonitorInput {
    raftGroups = List.copyOf(raftGroups);
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(traffic, "traffic");
    connections = List.copyOf(connections);
    connectUrls = List.copyOf(connectUrls);
  }

  /** {@code ha_assets}: the node's Raft groups with more than one member, the meta group's too. */
  public int haAssets() {
    return (int) raftGroups.stream().filter(g -> g.status().members().size() > 1).count();
  }
}
