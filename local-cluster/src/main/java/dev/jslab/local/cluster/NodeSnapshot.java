package dev.jslab.local.cluster;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable picture of one node at one moment. Immutable, so any thread may read it.
 *
 * @param name node name ({@code n1}, …)
 * @param state lifecycle state
 * @param dataDir the node's data directory
 * @param starts how many times it has started on that directory (0 before the first start)
 * @param recoveredFromCrash true when its current (or last) start followed a crash
 * @param error why it failed to start, when {@code state} is {@link NodeState#FAILED}
 * @param clientUrl where NATS clients connect ({@code nats://127.0.0.1:<port>}) while the node
 *     is {@link NodeState#RUNNING}; empty in every other state
 * @param monitorUrl where it serves HTTP monitoring ({@code http://127.0.0.1:<port>}) while it
 *     is {@link NodeState#RUNNING} with monitoring; empty otherwise
 */
public record NodeSnapshot(
    String name,
    NodeState state,
    Path dataDir,
    long starts,
    boolean recoveredFromCrash,
    Optional<String> error,
    Optional<String> clientUrl,
    Optional<String> monitorUrl) {

  public NodeSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(clientUrl, "clientUrl");
    Objects.requireNonNull(monitorUrl, "monitorUrl");
    if (state != NodeState.RUNNING && (clientUrl.isPresent() || monitorUrl.isPresent())) {
      throw new IllegalArgumentException(
          "a node that is " + state.label() + " listens nowhere (" + name + ")");
    }
  }

  /** This node in {@code newState}, without an error and, as it is not running, without URLs. */
  NodeSnapshot withState(NodeState newState) {
    if (newState == NodeState.RUNNING) {
      throw new IllegalArgumentException("a running snapshot needs its URLs");
    }
    return new NodeSnapshot(
        name,
        newState,
        dataDir,
        starts,
        recoveredFromCrash,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
