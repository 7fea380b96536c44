package dev.jslab.engine.cluster;

import dev.jslab.engine.stream.StreamConfig;
import java.util.List;

/**
 * Where the meta group placed a stream: its checked configuration, the name of its Raft group, its
 * replicas (the first is the preferred leader of a new group), when it was created, and the create
 * request to answer once the group has a leader (empty reply: nobody to answer).
 *
 * <p>Immutable.
 */
public record StreamAssignment(
    StreamConfig config,
    String group,
    List<String> peers,
    long createdNanos,
    String createSubject,
    String createReply) {
  public StreamAssignment {
    peers = List.copyOf(peers);
    createSubject = createSubject == null ? "" : createSubject;
    createReply = createReply == null ? "" : createReply;
  }

  public String stream() {
    return config.name();
  }

  /** The same placement with another configuration (an update). */
  StreamAssignment withConfig(StreamConfig updated) {
    return new StreamAssignment(updated, group, peers, createdNanos, "", "");
  }
}
