package dev.jslab.local.cluster;

import dev.jslab.engine.node.NodeConfig;
import java.util.Objects;

/**
 * One JetStream domain of a lab: a cluster of its own (its own meta group, its own Raft groups,
 * its own client URLs) whose name is both its cluster name and its JetStream domain, so other
 * domains reach its API as {@code $JS.<name>.API}. The domains of a lab are joined by WAN links.
 * Immutable.
 *
 * @param name the domain and cluster name
 * @param nodes how many nodes it has, at least 1
 */
public record DomainSpec(String name, int nodes) {
  public DomainSpec {
    Objects.requireNonNull(name, "name");
    if (!NodeConfig.isValidName(name)) {
      throw new IllegalArgumentException(
          "domain name must be 1-32 letters, digits, '-' or '_' (was '" + name + "')");
    }
    if (nodes < 1) {
      throw new IllegalArgumentException(
          "domain " + name + " needs at least one node (was " + nodes + ")");
    }
  }

  /**
   * Parses {@code NAME:N} ({@code east:3}); a bare {@code NAME} is one node.
   *
   * @throws IllegalArgumentException when it is malformed
   */
  public static DomainSpec parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      return new DomainSpec(text, 1);
    }
    String count = text.substring(colon + 1);
    try {
      return new DomainSpec(text.substring(0, colon), Integer.parseInt(count));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--domain takes NAME:NODES, such as east:3 (was '" + text + "')");
    }
  }
}
