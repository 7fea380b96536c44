package dev.jslab.engine.cluster;

import dev.jslab.engine.stream.StreamConfig;
import java.util.List;

/**
 * Where the meta group placed a stream: its checked configuration, the name of its Raft group, its
 * replicas (the first is the preferred leader of a new group), when it was created, the create
 * request to answer once the group has a leader (empty reply: nobody to answer), and the members
 * the group's Raft log started with (its replicas at creation; a replica placed later joins the
 * running group and is added to it through the log).
 *
 * <p>Immutable.
 */
public record StreamAssignment(
    StreamConfig config,
    String group,
    List<String> peers,
    long createdNanos,
    String createSubject,
    String createReply,
    List<String> initialPeers) {
  public StreamAssignment {
    peers = List.copyOf(peers);
    initialPeers = initialPeers == null || initialPeers.isEmpty() ? peers : List.copyOf(initialPeers);
    createSubject = createSubject == null ? "" : createSubject;
    createReply = createReply == null ? "" : createReply;
  }

  /** A new stream's placement: its group starts with {@code peers}. */
  public StreamAssignment(
      StreamConfig config, String group, List<String> peers, long createdNanos, String createSubject, String createReply) {
    this(config, group, peers, createdNanos, createSubject, createReply, peers);
  }

  public String stream() {
    return config.name();
  }

  /** The same placement with another configuration (an update). */
  StreamAssignment withConfig(StreamConfig updated) {
    return new StreamAssignment(updated, group, peers, createdNanos, "", "", initialPeers);
  }

  /** The same group re-placed on {@code replicas} (a peer removed or replaced, or a new count). */
  StreamAssignment withPeers(List<String> replicas) {
    return new StreamAssignment(config, group, replicas, createdNanos, "", "", initialPeers);
  }
}
