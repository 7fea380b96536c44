package dev.jslab.engine.cluster;

import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.stream.StreamConfig;

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
}
