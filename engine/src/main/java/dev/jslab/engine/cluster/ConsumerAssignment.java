package dev.jslab.engine.cluster;

import dev.jslab.engine.consumer.ConsumerConfig;
import java.util.List;

/**
 * Where the meta group placed a consumer: its stream, its name, its checked configuration, the name
 * of its Raft group, its replicas (the stream's; the first is the preferred leader of a new group),
 * when it was created, the create request to answer once the group has a leader, and the members the
 * group's Raft log started with (a replica placed later joins the running group).
 *
 * <p>Immutable.
 */
public record ConsumerAssignment(
    String stream,
    String name,
    ConsumerConfig config,
    String group,
    List<String> peers,
    long createdNanos,
    String createSubject,
    String createReply,
    List<String> initialPeers) {
  public ConsumerAssignment {
    peers = List.copyOf(peers);
    initialPeers = initialPeers == null || initialPeers.isEmpty() ? peers : List.copyOf(initialPeers);
    createSubject = createSubject == null ? "" : createSubject;
    createReply = createReply == null ? "" : createReply;
  }

  /** A new consumer's placement: its group starts with {@code peers}. */
  public ConsumerAssignment(
      String stream, String name, ConsumerConfig config, String group, List<String> peers,
      long createdNanos, String createSubject, String createReply) {
    this(stream, name, config, group, peers, createdNanos, createSubject, createReply, peers);
  }

  /** The same placement with another configuration (an update). */
  ConsumerAssignment withConfig(ConsumerConfig updated) {
    return new ConsumerAssignment(stream, name, updated, group, peers, createdNanos, "", "", initialPeers);
  }

  /** The same group re-placed on {@code replicas}. */
  ConsumerAssignment withPeers(List<String> replicas) {
    return new ConsumerAssignment(stream, name, config, group, replicas, createdNanos, "", "", initialPeers);
  }
}
