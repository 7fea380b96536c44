package dev.jslab.engine.cluster;

import dev.jslab.engine.consumer.ConsumerConfig;
import java.util.List;

/**
 * Where the meta group placed a consumer: its stream, its name, its checked configuration, the name
 * of its Raft group, its replicas (the stream's; the first is the preferred leader of a new group),
 * when it was created, and the create request to answer once the group has a leader.
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
    String createReply) {
  public ConsumerAssignment {
    peers = List.copyOf(peers);
    createSubject = createSubject == null ? "" : createSubject;
    createReply = createReply == null ? "" : createReply;
  }

  /** The same placement with another configuration (an update). */
  ConsumerAssignment withConfig(ConsumerConfig updated) {
    return new ConsumerAssignment(stream, name, updated, group, peers, createdNanos, "", "");
  }
}
