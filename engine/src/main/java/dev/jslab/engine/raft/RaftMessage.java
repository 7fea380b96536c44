package dev.jslab.engine.raft;

import java.util.List;

/**
 * The messages Raft members exchange (paper Figure 2, thesis §3.10, §9.6). Every message names its
 * sender and carries the sender's term; a receiver may get them late, twice or out of order.
 *
 * <p>All implementations are immutable records, safe to share between threads.
 */
public sealed interface RaftMessage {
  /** The sender's term (for a pre-vote request: the term it would campaign in). */
  long term();

  /** The sender's id. */
  String from();

  /**
   * A (pre-)vote request. A pre-vote does not change anybody's term (thesis §9.6); {@code transfer}
   * marks a campaign started by TimeoutNow, which voters grant even while they hear from a leader.
   */
  record VoteRequest(
      long term, String from, long lastLogIndex, long lastLogTerm, boolean preVote, boolean transfer)
      implements RaftMessage {}

  /**
   * The answer to a {@link VoteRequest}. A granted pre-vote echoes the requested term; otherwise
   * the term is the voter's current term.
   */
  record VoteResponse(long term, String from, boolean preVote, boolean granted, VoteReason reason)
      implements RaftMessage {}

  /** Entries after {@code prevIndex}/{@code prevTerm}, or none (a heartbeat). */
  record AppendEntries(
      long term, String from, long prevIndex, long prevTerm, List<Entry> entries, long leaderCommit)
      implements RaftMessage {
    public AppendEntries {
      entries = List.copyOf(entries);
    }
  }

  /**
   * The answer to an {@link AppendEntries}. On success {@code matchIndex} is the last index known to
   * match the leader's log. On failure {@code rejectedIndex} is the request's {@code prevIndex} and
   * the hint lets the leader back up a whole term at once: {@code conflictTerm} is the follower's
   * term at that index (0 if its log is shorter) and {@code conflictIndex} the first index the
   * follower has of that term (or its last index + 1).
   */
  record AppendResponse(
      long term,
      String from,
      boolean success,
      long matchIndex,
      long rejectedIndex,
      long conflictIndex,
      long conflictTerm)
      implements RaftMessage {}

  /** The leader's whole snapshot, in one message (paper §7). */
  record InstallSnapshot(long term, String from, Snapshot snapshot) implements RaftMessage {}

  /** The answer to an {@link InstallSnapshot}: the follower's log now matches up to {@code matchIndex}. */
  record InstallSnapshotResponse(long term, String from, long matchIndex) implements RaftMessage {}

  /** The leader tells an up-to-date follower to campaign at once (thesis §3.10). */
  record TimeoutNow(long term, String from) implements RaftMessage {}
}
