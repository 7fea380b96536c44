package dev.jslab.engine.raft;

import dev.jslab.engine.raft.RaftMessage.VoteRequest;
import java.util.Set;
import java.util.TreeSet;

/**
 * One member's election: the votes (or pre-votes) it has collected in the current round, and the
 * rules by which it answers others' requests (paper §5.2, §5.4.1; pre-vote thesis §9.6; leader
 * stickiness thesis §4.2.3).
 *
 * <p>Not thread-safe: confined to its {@link RaftNode}.
 */
final class Election {
  private final TreeSet<String> grants = new TreeSet<>();

  /** A new round in which the candidate votes for itself. */
  void start(String self) {
    grants.clear();
    grants.add(self);
  }

  /** Counts {@code voter}'s grant; returns whether the candidate now has a majority. */
  boolean grant(String voter, Set<String> members) {
    grants.add(voter);
    return won(members);
  }

  boolean won(Set<String> members) {
    return Quorum.reached(members, grants);
  }

  Set<String> voters() {
    return Set.copyOf(grants);
  }

  /**
   * The answer to a pre-vote: granted only for a term above the voter's, when the voter has not
   * heard from a leader lately (unless the candidate was told to take over), and when the
   * candidate's log is at least as up to date. Changes nothing on the voter.
   */
  static VoteReason preVote(VoteRequest m, long term, boolean inLease, RaftLog log) {
    if (m.term() <= term) {
      return VoteReason.STALE_TERM;
    }
    if (inLease && !m.transfer()) {
      return VoteReason.LEADER_STICKY;
    }
    return log.isUpToDate(m.lastLogIndex(), m.lastLogTerm()) ? VoteReason.GRANTED : VoteReason.LOG_BEHIND;
  }

  /**
   * The answer to a vote once the voter has adopted any higher term: one vote per term, for a
   * candidate whose log is at least as up to date.
   */
  static VoteReason vote(VoteRequest m, long term, String votedFor, RaftLog log) {
    if (m.term() < term) {
      return VoteReason.STALE_TERM;
    }
    if (votedFor != null && !votedFor.equals(m.from())) {
      return VoteReason.ALREADY_VOTED;
    }
    return log.isUpToDate(m.lastLogIndex(), m.lastLogTerm()) ? VoteReason.GRANTED : VoteReason.LOG_BEHIND;
  }
}
