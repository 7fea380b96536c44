package dev.jslab.engine.raft;

import java.util.ArrayDeque;

/**
 * A leader's replication state for one follower. PROBE sends one append at a time until the logs
 * are found to match; REPLICATE sends optimistically (nextIndex moves on at send) with a bounded
 * number of unacknowledged appends; SNAPSHOT waits for an InstallSnapshot to be acknowledged.
 *
 * <p>Not thread-safe: confined to its {@link RaftNode}.
 */
final class Progress {
  enum Mode {
    PROBE,
    REPLICATE,
    SNAPSHOT
  }

  Mode mode = Mode.PROBE;
  long nextIndex;
  long matchIndex;
  long lastContactNanos = -1;
  /** Match index at the previous heartbeat, to notice replication that stalled on a lost append. */
  long matchAtLastHeartbeat = -1;
  /** The commit index the last append sent to this follower carried. */
  long commitSent;
  /** Last index of each unacknowledged append, oldest first. */
  final ArrayDeque<Long> inflight = new ArrayDeque<>();

  Progress(long nextIndex) {
    this.nextIndex = nextIndex;
  }

  void probeFrom(long next) {
    mode = Mode.PROBE;
    nextIndex = Math.max(next, matchIndex + 1);
    inflight.clear();
  }

  /** The follower's log matches up to {@code index}; returns whether that is news. */
  boolean acknowledge(long index) {
    while (!inflight.isEmpty() && inflight.peekFirst() <= index) {
      inflight.pollFirst();
    }
    if (index <= matchIndex) {
      return false;
    }
    matchIndex = index;
    nextIndex = Math.max(nextIndex, index + 1);
    return true;
  }

  RaftStatus.FollowerStatus status() {
    return new RaftStatus.FollowerStatus(
        nextIndex, matchIndex, lastContactNanos, inflight.size(), mode.name());
  }
}
