package dev.jslab.engine.monitor;

import java.util.Objects;

/**
 * What the host knows about one node as a server, fixed while it runs: identity, listen
 * addresses, start time and JetStream limits. Immutable.
 *
 * @param serverId {@code server_id}
 * @param serverName {@code server_name}
 * @param host client listen host
 * @param port client port
 * @param httpHost monitoring listen host
 * @param httpPort monitoring port
 * @param startNanos when the node started (epoch nanoseconds): {@code start}, {@code uptime}
 * @param storeDir JetStream's storage directory ({@code store_dir})
 * @param maxMemory {@code max_memory}: bytes memory streams may use
 * @param maxStorage {@code max_storage}: bytes file streams may use
 * @param domain the JetStream domain, empty for none
 * @param clusterName the cluster the node reports, empty when it runs as a single server
 */
public record ServerFacts(
    String serverId,
    String serverName,
    String host,
    int port,
    String httpHost,
    int httpPort,
    long startNanos,
    String storeDir,
    long maxMemory,
    long maxStorage,
    String domain,
    String clusterName) {
  public ServerFacts {
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(serverName, "serverName");
    host = host == null ? "" : host;
    httpHost = httpHost == null ? "" : httpHost;
    storeDir = storeDir == null ? "" : storeDir;
    domain = domain == null ? "" : domain;
    clusterName = clusterName == null ? "" : clusterName;
  }
}
