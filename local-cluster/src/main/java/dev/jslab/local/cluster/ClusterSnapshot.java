package dev.jslab.local.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An immutable picture of the whole cluster at one moment.
 *
 * @param name cluster name
 * @param version increases by one with every event; a view can drop older snapshots
 * @param dataRoot the directory holding the node folders
 * @param ephemeral true when that directory is removed on close
 * @param nodes every node, in name order
 * @param meta each running node's view of the meta group, by node name
 * @param isolated the nodes cut off from all others
 * @param partition the groups of nodes that reach each other, empty when the network is whole
 * @param streamLeaders every replicated stream a running node holds, with the node leading it
 *     ({@code ""} while none does), by stream name — {@code ORDERS@dr} in a lab of domains, where
 *     each domain may have its own {@code ORDERS}
 * @param domains each node's JetStream domain, by node name; empty when the lab has no domains
 * @param mirrors every mirror with how far behind its origin it is, as last sampled (the lab
 *     samples every {@value LocalCluster#MIRROR_SAMPLE_MILLIS} ms)
 */
public record ClusterSnapshot(
    String name,
    long version,
    Path dataRoot,
    boolean ephemeral,
    List<NodeSnapshot> nodes,
    java.util.Map<String, MetaView> meta,
    java.util.Set<String> isolated,
    List<List<String>> partition,
    java.util.Map<String, String> streamLeaders,
    java.util.Map<String, String> domains,
    List<MirrorView> mirrors) {

  public ClusterSnapshot {
    domains = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(domains));
    mirrors = List.copyOf(mirrors);
    nodes = List.copyOf(nodes);
    meta = java.util.Map.copyOf(meta);
    isolated = java.util.Set.copyOf(isolated);
    partition = partition.stream().map(List::copyOf).toList();
    streamLeaders = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(streamLeaders));
  }

  /** A cluster without a meta group or network faults. */
  public ClusterSnapshot(
      String name, long version, Path dataRoot, boolean ephemeral, List<NodeSnapshot> nodes) {
    this(name, version, dataRoot, ephemeral, nodes, java.util.Map.of(), java.util.Set.of(), List.of(),
        java.util.Map.of(), java.util.Map.of(), List.of());
  }

  /** {@code node}'s JetStream domain, "" when the lab has none. */
  public String domainOf(String node) {
    return domains.getOrDefault(node, "");
  }

  /** The mirrors whose leading copy is on {@code node}. */
  public List<MirrorView> mirrorsOn(String node) {
    return mirrors.stream().filter(m -> m.node().equals(node)).toList();
  }

  /** The streams {@code node} leads, sorted by name. */
  public List<String> streamsLedBy(String node) {
    return streamLeaders.entrySet().stream()
        .filter(e -> e.getValue().equals(node))
        .map(java.util.Map.Entry::getKey)
        .toList();
  }

  /** {@code node}'s view of the meta group, if it runs and is a member. */
  public java.util.Optional<MetaView> metaOf(String node) {
    return java.util.Optional.ofNullable(meta.get(node));
  }

  /** The node called {@code nodeName}. */
  public NodeSnapshot node(String nodeName) {
    return nodes.stream()
        .filter(n -> n.name().equals(nodeName))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no node " + nodeName));
  }
}
