package dev.jslab.engine.cluster;

import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.stream.StreamConfig;
import java.util.List;

/**
 * A change the meta group agrees on; every node applies the committed ones in log order.
 *
 * <p>Immutable.
 */
sealed interface MetaCommand {
  /** A new stream, placed on its replicas. */
  record AssignStream(StreamAssignment assignment) implements MetaCommand {}

  /** A checked configuration update; the stream's leader answers {@code reply}. */
  record UpdateStream(StreamConfig config, String subject, String reply) implements MetaCommand {}

  /** A stream deleted (with its consumers); the meta leader answers {@code reply}. */
  record RemoveStream(String stream, String subject, String reply) implements MetaCommand {}

  /** A new consumer, placed on its stream's replicas. */
  record AssignConsumer(ConsumerAssignment assignment) implements MetaCommand {}

  /** A checked consumer configuration update; the consumer's leader answers {@code reply}. */
  record UpdateConsumer(
      String stream, String name, ConsumerConfig config, String subject, String reply)
      implements MetaCommand {}

  /** A consumer deleted; the meta leader answers {@code reply}. */
  record RemoveConsumer(String stream, String name, String subject, String reply)
      implements MetaCommand {}

  /**
   * A stream's group re-placed on {@code peers} — one peer replaced or dropped ({@code
   * STREAM.PEER.REMOVE}) or the replica count changed by an update whose checked configuration is
   * {@code config} (null: unchanged) — with its consumers' groups moved along and the consumers in
   * {@code removedConsumers} deleted. Every node creates or drops its replicas accordingly; each
   * group's leader adds and removes the Raft members. An update's reply is answered by the stream's
   * leader.
   */
  record Reassign(
      String stream,
      List<String> peers,
      StreamConfig config,
      List<ConsumerMove> consumers,
      List<String> removedConsumers,
      String subject,
      String reply)
      implements MetaCommand {
    public Reassign {
      peers = List.copyOf(peers);
      consumers = List.copyOf(consumers);
      removedConsumers = List.copyOf(removedConsumers);
      subject = subject == null ? "" : subject;
      reply = reply == null ? "" : reply;
    }
  }

  /** A consumer's group re-placed on {@code peers}, with {@code config} (null: unchanged). */
  record ConsumerMove(String name, List<String> peers, ConsumerConfig config) {
    public ConsumerMove {
      peers = List.copyOf(peers);
    }
  }
}
