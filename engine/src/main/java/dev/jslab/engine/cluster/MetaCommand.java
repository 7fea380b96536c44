package dev.jslab.engine.cluster;

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

  /** A stream deleted; the meta leader answers {@code reply}. */
  record RemoveStream(String stream, String subject, String reply) implements MetaCommand {}
}
