package dev.jslab.engine.raft;

import java.util.Optional;

/**
 * The outcome of {@link RaftNode#propose} or {@link RaftNode#removePeer}: either appended at {@code
 * index} in {@code term} (committed later, or never if leadership is lost first), or refused with a
 * reason and the leader this member knows of, so the caller can forward.
 *
 * <p>Immutable and thread-safe.
 */
public record Proposal(
    boolean accepted, long index, long term, Optional<String> knownLeader, String refusal) {
  static Proposal accepted(long index, long term, String leader) {
    return new Proposal(true, index, term, Optional.of(leader), "");
  }

  static Proposal refused(String reason, Optional<String> knownLeader) {
    return new Proposal(false, 0, 0, knownLeader, reason);
  }
}
