package dev.jslab.engine.api.handler;

import java.util.List;

/**
 * Where the {@code cluster} section of a stream's info comes from.
 *
 * <p>Called on the node's executor only.
 */
@FunctionalInterface
public interface ClusterSections {
  /** The section for stream {@code stream}, or null to leave it out. */
  ClusterSection of(String stream);

  /** The section for consumer {@code consumer} of {@code stream}, or null to leave it out. */
  default ClusterSection ofConsumer(String stream, String consumer) {
    return null;
  }

  /** A single server names itself every stream's leader, in {@code cluster} (may be empty). */
  static ClusterSections single(String cluster, String serverName) {
    ClusterSection section = new ClusterSection(cluster == null ? "" : cluster, serverName, List.of());
    return stream -> section;
  }
}
