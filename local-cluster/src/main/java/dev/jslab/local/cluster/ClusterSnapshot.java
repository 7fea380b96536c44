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
 */
public record ClusterSnapshot(
    String name, long version, Path dataRoot, boolean ephemeral, List<NodeSnapshot> nodes) {

  public ClusterSnapshot {
    nodes = List.copyOf(nodes);
  }

  /** The node called {@code nodeName}. */
  public NodeSnapshot node(String nodeName) {
    return nodes.stream()
        .filter(n -> n.name().equals(nodeName))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no node " + nodeName));
  }
}
