package dev.jslab.engine.cluster;

import dev.jslab.engine.stream.StreamOp;

/**
 * An entry of a stream's Raft log: a stream operation the leader decided (a publish stamped with
 * its time, an expiry cutoff), or an API request that changes the stream ({@code STREAM.PURGE},
 * {@code STREAM.MSG.DELETE}) which every replica carries out and the leader answers.
 *
 * <p>Immutable.
 */
sealed interface StreamCommand {
  /** A stream operation applied by every replica. */
  record Op(StreamOp op) implements StreamCommand {}

  /** An API request carried out by every replica; only the leader answers {@code reply}. */
  record Api(String pattern, String subject, String reply, byte[] body) implements StreamCommand {}
}
