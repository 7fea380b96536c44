package dev.jslab.local.cluster;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable picture of one node at one moment.
 *
 * @param name node name ({@code n1}, …)
 * @param state lifecycle state
 * @param dataDir the node's data directory
 * @param starts how many times it has started on that directory (0 before the first start)
 * @param recoveredFromCrash true when its current (or last) start followed a crash
 * @param error why it failed to start, when {@code state} is {@link NodeState#FAILED}
 */
public record NodeSnapshot(
    String name,
    NodeState state,
    Path dataDir,
    long starts,
    boolean recoveredFromCrash,
    Optional<String> error) {

  public NodeSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(error, "error");
  }

  NodeSnapshot withState(NodeState newState) {
    return new NodeSnapshot(name, newState, dataDir, starts, recoveredFromCrash, Optional.empty());
  }
}
