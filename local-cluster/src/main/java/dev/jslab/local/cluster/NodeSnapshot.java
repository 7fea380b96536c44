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
 *     is {@link NodeState#RUNNING} or {@link NodeState#PAUSED}; empty in every other state
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
    if (!state.isListening() && (clientUrl.isPresent() || monitorUrl.isPresent())) {
      throw new IllegalArgumentException(
          "a node that is " + state.label() + " listens nowhere (" + name + ")");
    }
  }

  /** This node frozen ({@link NodeState#PAUSED}): its ports stay open, so its URLs stay. */
  NodeSnapshot paused() {
    return withListeningState(NodeState.PAUSED);
  }

  /** This paused node running again, on the same ports. */
  NodeSnapshot resumed() {
    return withListeningState(NodeState.RUNNING);
  }

  private NodeSnapshot withListeningState(NodeState newState) {
    return new NodeSnapshot(
        name, newState, dataDir, starts, recoveredFromCrash, Optional.empty(), clientUrl, monitorUrl);
  }

  /** This node in {@code newState}, without an error and, as it is not running, without URLs. */
  NodeSnapshot withState(NodeState newState) {
    if (newState.isListening()) {
      throw new IllegalArgumentException("a " + newState.label() + " snapshot needs its URLs");
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
