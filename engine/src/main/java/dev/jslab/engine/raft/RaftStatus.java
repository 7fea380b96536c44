package dev.jslab.engine.raft;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A picture of one member at one instant, for drawing: its role and term, its vote, the leader it
 * knows, commit and applied indices, its log bounds with the (index, term) of the last entries,
 * the members (sorted), and — on a leader — each follower's replication progress.
 *
 * <p>Immutable and thread-safe.
 */
public record RaftStatus(
    String group,
    String node,
    Role role,
    long term,
    Optional<String> votedFor,
    Optional<String> leader,
    long commitIndex,
    long appliedIndex,
    long snapshotIndex,
    long firstIndex,
    long lastIndex,
    List<LogPosition> logTail,
    List<String> members,
    Map<String, FollowerStatus> followers,
    long nextDeadlineNanos) {

  public RaftStatus {
    logTail = List.copyOf(logTail);
    members = List.copyOf(new java.util.TreeSet<>(members));
    followers = Map.copyOf(followers);
  }

  /** The index and term of one log entry. */
  public record LogPosition(long index, long term) {}

  /**
   * A leader's view of one follower: next index to send, highest index known to match, when it was
   * last heard from (-1: never), unacknowledged appends, and how it is being replicated to.
   */
  public record FollowerStatus(
      long nextIndex, long matchIndex, long lastContactNanos, int inflight, String mode) {}
}
