package dev.jslab.engine.cluster;

import dev.jslab.engine.raft.Entry;
import dev.jslab.engine.raft.RaftDriver;
import dev.jslab.engine.raft.RaftNode;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.raft.Role;
import dev.jslab.engine.time.Scheduler;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * When one member of a Raft group compacts its log (paper §7), as nats-server's groups do: once it
 * applied a number of entries — or 128 bytes of commands per such entry — since its last snapshot,
 * it asks its state machine for one and drops the log the snapshot covers. A follower compacts at
 * once; a leader keeps the snapshot until every follower it heard from lately has the entries it
 * covers — a follower a little behind still gets entries rather than the snapshot — or until its
 * log has grown four intervals past it (a follower that far behind is sent the snapshot).
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class LogCompaction {
  /** A state machine's state after applying every entry up to {@code index}. */
  record SnapshotPoint(long index, byte[] data) {}

  private static final long BYTES_PER_ENTRY = 128;

  private final RaftDriver driver;
  private final Scheduler scheduler;
  private final RaftTimings timings;
  private final LongSupplier every;
  private final Supplier<Optional<SnapshotPoint>> snapshots;
  /** The highest index handed to the machine (applied or restored). */
  private long applied;
  private long bytesSinceSnapshot;
  private long checkAt;
  private boolean due;
  private boolean closed;
  /** A snapshot taken and not yet used: a leader waits for its followers to pass it. */
  private SnapshotPoint taken;

  /**
   * Compacts {@code driver}'s log every {@code every} applied entries with the snapshots {@code
   * snapshots} takes (empty: none can be taken now).
   */
  LogCompaction(
      RaftDriver driver, Scheduler scheduler, RaftTimings timings, LongSupplier every,
      Supplier<Optional<SnapshotPoint>> snapshots) {
    this.driver = driver;
    this.scheduler = scheduler;
    this.timings = timings;
    this.every = every;
    this.snapshots = snapshots;
    this.applied = driver.node().snapshotIndex();
    this.checkAt = applied + interval();
  }

  /** The highest index handed to the machine (applied, or covered by a restored snapshot). */
  long applied() {
    return applied;
  }

  /** An entry was applied. */
  void applied(Entry entry) {
    applied = entry.index();
    bytesSinceSnapshot += entry.data().length;
  }

  /** The machine took a leader's snapshot covering up to {@code index}. */
  void restored(long index) {
    applied = index;
    bytesSinceSnapshot = 0;
    if (taken != null && taken.index() <= index) {
      taken = null;
    }
    checkAt = applied + interval();
  }

  /** After each step of the driver: schedules a check when one is due (never re-entrantly). */
  void afterReady() {
    if (!due && !closed && (applied >= checkAt || bytesSinceSnapshot >= interval() * BYTES_PER_ENTRY)) {
      due = true;
      scheduler.schedule(0, this::check);
    }
  }

  /** No compaction any more (the member stopped). */
  void close() {
    closed = true;
  }

  private long interval() {
    return Math.max(1, every.getAsLong());
  }

  private void check() {
    due = false;
    if (closed) {
      return;
    }
    long interval = interval();
    checkAt = applied + Math.max(1, interval / 4);
    RaftNode node = driver.node();
    if (taken == null && (applied - node.snapshotIndex() >= interval || bytesSinceSnapshot >= interval * BYTES_PER_ENTRY)) {
      taken = snapshots.get().filter(p -> p.index() > node.snapshotIndex()).orElse(null);
    }
    if (taken == null) {
      return;
    }
    if (node.role() == Role.LEADER && !followersPassed(taken.index())
        && node.lastIndex() - taken.index() < 4 * interval) {
      return;
    }
    SnapshotPoint point = taken;
    taken = null;
    bytesSinceSnapshot = 0;
    driver.compact(point.index(), point.data());
    checkAt = applied + interval;
  }

  private boolean followersPassed(long index) {
    RaftStatus st = driver.node().status();
    long now = scheduler.nowNanos();
    for (RaftStatus.FollowerStatus f : st.followers().values()) {
      boolean heard = f.lastContactNanos() >= 0 && now - f.lastContactNanos() < timings.lostQuorumNanos();
      if (heard && f.matchIndex() < index) {
        return false;
      }
    }
    return true;
  }
}
