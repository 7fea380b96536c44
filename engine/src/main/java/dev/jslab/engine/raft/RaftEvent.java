package dev.jslab.engine.raft;

import java.util.Optional;
import java.util.Set;

/**
 * What happened inside one member, in order, for observation: a live view can draw every group and
 * every member (role, term, votes, log growth, commit, snapshots, membership, transfers) from these
 * events alone, and check with {@link RaftNode#status()} when it joins late.
 *
 * <p>All implementations are immutable records, safe to share between threads.
 */
public sealed interface RaftEvent {
  String group();

  /** The member the event happened on. */
  String node();

  /** The member's role or term changed; {@code leader} is the leader it now knows of. */
  record RoleChanged(String group, String node, Role from, Role to, long term, Optional<String> leader)
      implements RaftEvent {}

  /** The member started asking for (pre-)votes for {@code term}. */
  record ElectionStarted(String group, String node, long term, boolean preVote, boolean transfer)
      implements RaftEvent {}

  /** The member (the voter) answered a (pre-)vote request from {@code candidate}. */
  record VoteCast(
      String group, String node, String candidate, long term, boolean preVote, VoteReason reason)
      implements RaftEvent {
    public boolean granted() {
      return reason == VoteReason.GRANTED;
    }
  }

  /** The member won the election for {@code term} with these voters. */
  record LeaderElected(String group, String node, long term, Set<String> voters)
      implements RaftEvent {}

  /** The member's commit index moved forward. */
  record CommitAdvanced(String group, String node, long fromIndex, long toIndex)
      implements RaftEvent {}

  /**
   * Entries {@code fromIndex..toIndex} were added to the member's log (by proposal or from the
   * leader); {@code truncatedFrom} is the first index of a conflicting suffix removed first, or 0.
   */
  record EntriesAppended(String group, String node, long fromIndex, long toIndex, long truncatedFrom)
      implements RaftEvent {}

  /** The member refused an append from {@code leader}: its log does not match at {@code prevIndex}. */
  record EntriesRejected(
      String group, String node, String leader, long prevIndex, long prevTerm, long conflictIndex)
      implements RaftEvent {}

  /** The leader has not heard from a majority within the lost-quorum interval and steps down. */
  record QuorumLost(String group, String node, long term, Set<String> heardFrom) implements RaftEvent {}

  /** The application handed a snapshot; the log up to {@code lastIndex} was dropped. */
  record SnapshotTaken(String group, String node, long lastIndex, long lastTerm) implements RaftEvent {}

  /** The member installed its leader's snapshot; the application must load it. */
  record SnapshotInstalled(String group, String node, String leader, long lastIndex, long lastTerm)
      implements RaftEvent {}

  /** The voting members changed (a removal was appended, truncated away, or came in a snapshot). */
  record MembershipChanged(String group, String node, Set<String> members, long index)
      implements RaftEvent {}

  /** A leadership transfer moved on: started, TimeoutNow sent, aborted or refused. */
  record LeadershipTransfer(
      String group, String node, Optional<String> target, TransferPhase phase, String detail)
      implements RaftEvent {}

  /** Phases of a leadership transfer. */
  enum TransferPhase {
    STARTED,
    TIMEOUT_NOW_SENT,
    ABORTED,
    REFUSED
  }
}
