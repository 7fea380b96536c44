package dev.jslab.engine.jetstream;

import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamOp;

/**
 * How a clustered node replicates the streams it holds a replica of: changes the node decides as
 * a stream's leader (a publish, an expiry) are proposed to the stream's Raft group instead of being
 * applied at once; every replica applies them when they are committed.
 *
 * <p>Called on the node's executor only.
 */
public interface StreamReplication {
  /** Whether {@code stream} is replicated by a Raft group (false: a stand-alone stream). */
  boolean isReplicated(String stream);

  /** Proposes {@code op} to {@code stream}'s group; this node leads it. */
  void propose(Stream stream, StreamOp op);

  /** A message another node of the cluster sent on a {@code $JSC.>} subject. */
  default void clusterMessage(String subject, String reply, byte[] data) {}
}
