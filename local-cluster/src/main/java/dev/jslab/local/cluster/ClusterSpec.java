package dev.jslab.local.cluster;

import dev.jslab.engine.node.NodeConfig;
import java.nio.file.Path;
import java.util.List;
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
 * @param domains the JetStream domains the nodes form, in node order (the first {@code
 *     domains[0].nodes} nodes are the first domain's, …), joined by WAN links; empty for one
 *     cluster without a domain
 */
public record ClusterSpec(
    String name,
    int nodes,
    Optional<Path> dataRoot,
    boolean ephemeral,
    dev.jslab.engine.raft.RaftTimings raftTimings,
    List<DomainSpec> domains) {
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
    domains = List.copyOf(domains);
    if (!domains.isEmpty()) {
      int total = domains.stream().mapToInt(DomainSpec::nodes).sum();
      if (total != nodes) {
        throw new IllegalArgumentException(
            "the domains have " + total + " node(s) in all, not " + nodes);
      }
      if (domains.stream().map(DomainSpec::name).distinct().count() != domains.size()) {
        throw new IllegalArgumentException("a domain is named twice");
      }
    }
  }

  /** One cluster without a domain, on {@code raftTimings}. */
  public ClusterSpec(
      String name,
      int nodes,
      Optional<Path> dataRoot,
      boolean ephemeral,
      dev.jslab.engine.raft.RaftTimings raftTimings) {
    this(name, nodes, dataRoot, ephemeral, raftTimings, List.of());
  }

  /** A cluster with nats-server's Raft timings. */
  public ClusterSpec(String name, int nodes, Optional<Path> dataRoot, boolean ephemeral) {
    this(name, nodes, dataRoot, ephemeral, dev.jslab.engine.raft.RaftTimings.NATS_DEFAULTS);
  }

  /** This lab made of {@code domains} (its node count becomes theirs together). */
  public ClusterSpec withDomains(List<DomainSpec> domains) {
    int total = domains.stream().mapToInt(DomainSpec::nodes).sum();
    return new ClusterSpec(
        name, domains.isEmpty() ? nodes : total, dataRoot, ephemeral, raftTimings, domains);
  }

  /** This lab, ephemeral (in a temporary directory removed on close). */
  public ClusterSpec asEphemeral() {
    return new ClusterSpec(name, nodes, Optional.empty(), true, raftTimings, domains);
  }

  /** The domain of the {@code i}-th node (from 1), or "" when the lab has no domains. */
  public String domainOf(int i) {
    int first = 1;
    for (DomainSpec d : domains) {
      if (i < first + d.nodes()) {
        return d.name();
      }
      first += d.nodes();
    }
    return "";
  }

  /**
   * The cluster the {@code i}-th node (from 1) belongs to — its domain's, or the lab's when it has
   * none — or "" when that cluster is a single server (no routes, no Raft: a plain nats-server).
   */
  public String clusterOf(int i) {
    String domain = domainOf(i);
    if (domain.isEmpty()) {
      return nodes > 1 ? name : "";
    }
    return membersOf(domain).size() > 1 ? domain : "";
  }

  /** The names of the nodes in {@code domain} ("" for a lab without domains: every node). */
  public List<String> membersOf(String domain) {
    List<String> members = new java.util.ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      if (domainOf(i).equals(domain)) {
        members.add(nodeName(i));
      }
    }
    return List.copyOf(members);
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
