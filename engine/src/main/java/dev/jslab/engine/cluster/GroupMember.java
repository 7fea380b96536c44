package dev.jslab.engine.cluster;

import dev.jslab.engine.api.handler.ClusterSection;
import dev.jslab.engine.raft.Entry;
import dev.jslab.engine.raft.Envelope;
import dev.jslab.engine.raft.PeerIds;
import dev.jslab.engine.raft.PersistentState;
import dev.jslab.engine.raft.Proposal;
import dev.jslab.engine.raft.RaftConfig;
import dev.jslab.engine.raft.RaftDriver;
import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.raft.RaftNode;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftStorage;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.raft.Role;
import dev.jslab.engine.raft.Snapshot;
import dev.jslab.engine.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A node's member of one stream's or consumer's Raft group: its driver, its state kept by the host,
 * its messages carried by the host, and what the group's {@code cluster} section says of it. The
 * owner is the state machine the committed entries are applied to.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class GroupMember implements RaftDriver.Effects {
  /** What the group's committed entries are applied to. */
  interface StateMachine {
    void apply(Entry entry);

    /** After each step: the member's role or leader may have changed. */
    void afterReady();

    /** This member led the group and stepped down because it lost its quorum. */
    default void quorumLost() {}

    /**
     * This leader started handing its leadership over ({@code true}; it takes no proposal until
     * the transfer ends) or gave up handing it over and leads on ({@code false}).
     */
    default void handingOver(boolean started) {}

    /** This leader is about to hand its leadership over because it is no longer a replica. */
    default void beforeHandOver() {}

    /**
     * The machine's state after every entry it applied, where that state survives a restart
     * (made durable now if need be), or empty when it cannot be taken now; the group's log up to
     * that index is then dropped.
     */
    default Optional<LogCompaction.SnapshotPoint> snapshot() {
      return Optional.empty();
    }

    /**
     * Replaces the machine's state by a snapshot's: the one the member kept when the node
     * restarted, or its leader's when it fell behind the leader's log.
     */
    default void restore(Snapshot snapshot) {
      throw new IllegalStateException("group " + snapshot + " takes no snapshots");
    }

    /**
     * After how many applied entries its log is compacted, given the host's number for streams
     * (consumers' state is small: nats-server compacts theirs sooner).
     */
    default long compactAfterEntries(long forStreams) {
      return forStreams;
    }
  }

  private final String self;
  private final String group;
  /** The replicas the meta group placed the group on now (the Raft members follow them). */
  private List<String> peers;
  private final ClusterHost host;
  private final RaftTimings timings;
  private final Scheduler scheduler;
  private final StateMachine machine;
  private final RaftStorage storage;
  private final RaftDriver driver;
  private final boolean fresh;
  private final long createdNanos;
  private boolean everHadLeader;
  private static final long QUIET_AFTER_CREATION = 5_000_000_000L;
  /** As leader: the Raft members match {@link #peers} (nothing to add, remove or hand over). */
  private boolean settled;
  private boolean wasLeader;
  private boolean reconcileDue;
  /** No longer a replica: leaves once it does not lead; {@link #gone} then drops it. */
  private boolean leaving;
  private Runnable gone;
  private boolean goneDue;
  private boolean stopped;
  private long nextHandOverNanos = Long.MIN_VALUE;
  /** While leaving: when this member last knew a leader. */
  private long leaderSeenNanos;
  private final LogCompaction compaction;

  GroupMember(
      String self,
      String group,
      List<String> initialPeers,
      List<String> peers,
      boolean memory,
      ClusterHost host,
      RaftTimings timings,
      RandomGenerator random,
      Scheduler scheduler,
      StateMachine machine) {
    this.self = self;
    this.group = group;
    this.peers = List.copyOf(peers);
    this.host = host;
    this.timings = timings;
    this.scheduler = scheduler;
    this.machine = machine;
    this.createdNanos = scheduler.nowNanos();
    this.storage = host.openGroup(group, memory);
    PersistentState state = storage.load();
    this.fresh = state.entries().isEmpty() && state.hardState().term() == 0;
    RaftNode node =
        new RaftNode(RaftConfig.of(group, self, initialPeers, timings), state, random, scheduler.nowNanos());
    this.driver = new RaftDriver(node, storage, scheduler, this);
    this.compaction = new LogCompaction(
        driver, scheduler, timings, () -> machine.compactAfterEntries(host.compactAfterEntries()), machine::snapshot);
  }

  /** The highest log index handed to the machine: applied (or skipped by it), or covered by a snapshot. */
  long handedIndex() {
    return compaction.applied();
  }

  /** Whether the group had no state on this node when the member opened it (a new replica). */
  boolean isFresh() {
    return fresh;
  }

  /** The snapshot the member kept from before the node restarted, for the machine to start from. */
  Optional<Snapshot> keptSnapshot() {
    return driver.node().snapshot();
  }

  /**
   * Lets the member run: a brand-new group's preferred member (the first peer) and the only member
   * of a one-replica group stand for election at once, as nats-server's do; a member that restarted
   * with its log tells the others it is back.
   */
  void start() {
    if (peers.equals(List.of(self)) || (fresh && peers.get(0).equals(self))) {
      driver.campaignNow(); // a member that joins a running group is no voter yet: a no-op for it
    } else if (!fresh) {
      driver.announceRestart(); // its leader counts it current again without waiting for a heartbeat
    }
  }

  /**
   * The meta group re-placed the group on {@code replicas}: its leader adds the new members and
   * removes the old ones through the log, one change at a time (removals first, so a member that
   * is gone does not hold up the commits), and hands its leadership over if it is no longer one of
   * them.
   */
  void reassign(List<String> replicas) {
    peers = List.copyOf(replicas);
    settled = false;
    reconcileSoon();
  }

  /**
   * This node is no longer a replica: {@code whenGone} runs (right after a step) once the member
   * may go. A leader first hands its leadership to a replica; a follower stays until its removal
   * is in its log — until then the leader may still need its vote (to commit another member's
   * removal, or to be elected after a hand-over) — or until it has known no leader for the
   * lost-quorum interval (the group went on without it while it was down or cut off).
   */
  void leave(Runnable whenGone) {
    leaving = true;
    gone = whenGone;
    settled = false;
    leaderSeenNanos = scheduler.nowNanos();
    if (isLeader()) {
      reconcileSoon();
    } else if (mayGo()) {
      goneSoon();
    }
    scheduler.schedule(timings.lostQuorumNanos(), this::checkGone);
  }

  private void checkGone() {
    if (!stopped && leaving && !isLeader()) {
      if (mayGo()) {
        goneSoon();
      } else {
        scheduler.schedule(timings.lostQuorumNanos(), this::checkGone);
      }
    }
  }

  private boolean mayGo() {
    RaftNode node = driver.node();
    if (node.leader().isPresent()) {
      leaderSeenNanos = scheduler.nowNanos();
    }
    return !node.members().contains(self)
        || scheduler.nowNanos() - leaderSeenNanos >= timings.lostQuorumNanos();
  }

  private void goneSoon() {
    if (!goneDue) {
      goneDue = true;
      scheduler.schedule(0, () -> {
        if (!stopped) {
          gone.run();
        }
      });
    }
  }

  private void reconcileSoon() {
    if (!reconcileDue) {
      reconcileDue = true;
      scheduler.schedule(0, this::reconcile);
    }
  }

  private void reconcile() {
    reconcileDue = false;
    if (stopped || !isLeader()) {
      return;
    }
    RaftNode node = driver.node();
    if (node.membershipChangePending()) {
      return; // the next step after its commit tries again
    }
    java.util.Set<String> members = node.members();
    for (String m : members) {
      if (!m.equals(self) && !peers.contains(m)) {
        driver.removePeer(m);
        return;
      }
    }
    for (String p : peers) {
      if (!members.contains(p)) {
        driver.addPeer(p);
        return;
      }
    }
    if (peers.contains(self)) {
      settled = true;
    } else if (scheduler.nowNanos() >= nextHandOverNanos) {
      // a refused or given-up transfer is tried again after the minimum election timeout
      nextHandOverNanos = scheduler.nowNanos() + timings.electionMinNanos();
      machine.beforeHandOver();
      driver.transferLeadership(Optional.empty());
    }
  }

  String group() {
    return group;
  }

  String self() {
    return self;
  }

  long nowNanos() {
    return scheduler.nowNanos();
  }

  RaftNode node() {
    return driver.node();
  }

  /** Had a leader, knows none now, and has run longer than the lost-quorum interval. */
  boolean isLeaderless() {
    return everHadLeader
        && leader().isEmpty()
        && scheduler.nowNanos() - createdNanos > timings.lostQuorumNanos();
  }

  boolean isLeader() {
    return driver.node().role() == Role.LEADER;
  }

  Optional<String> leader() {
    return driver.node().leader();
  }

  RaftStatus status() {
    return driver.node().status();
  }

  void receive(RaftMessage message) {
    driver.receive(message);
  }

  Proposal propose(byte[] command) {
    return driver.propose(command);
  }

  void stepDown() {
    driver.transferLeadership(Optional.empty());
  }

  /** The group's {@code cluster} section as this member sees it (complete on the leader). */
  ClusterSection section(String clusterName) {
    RaftStatus st = status();
    return new ClusterSection(clusterName, st.leader().orElse(""), replicas(st, false));
  }

  /** Every replica (the leader itself too), as advisories list them. */
  List<ClusterSection.Replica> allReplicas() {
    return replicas(status(), true);
  }

  private List<ClusterSection.Replica> replicas(RaftStatus st, boolean withLeader) {
    boolean leading = st.role() == Role.LEADER;
    long now = scheduler.nowNanos();
    List<ClusterSection.Replica> replicas = new ArrayList<>();
    for (String peer : peers) {
      if (peer.equals(st.leader().orElse(""))) {
        if (withLeader) {
          replicas.add(new ClusterSection.Replica(peer, true, false, 0, 0, PeerIds.of(peer)));
        }
        continue;
      }
      RaftStatus.FollowerStatus f = st.followers().get(peer);
      long lastContact = f == null ? -1 : f.lastContactNanos();
      long active = lastContact < 0 ? 0 : Math.max(0, now - lastContact);
      long lag = f == null ? 0 : Math.max(0, st.lastIndex() - f.matchIndex());
      boolean heard = lastContact >= 0 && active < timings.lostQuorumNanos();
      boolean current = leading && heard && f.matchIndex() >= st.commitIndex();
      replicas.add(new ClusterSection.Replica(peer, current, leading && !heard, active, lag, PeerIds.of(peer)));
    }
    return replicas;
  }

  /** Stops taking part as the node stops; the group's state stays for the next start. */
  void close(boolean crash) {
    stopped = true;
    compaction.close();
    driver.stop();
    host.closeGroup(group, storage, crash);
  }

  /** The group is gone for good (its stream or consumer was deleted). */
  void delete() {
    stopped = true;
    compaction.close();
    driver.stop();
    host.deleteGroup(group, storage);
  }

  @Override
  public void send(Envelope e) {
    host.send(e.to(), group, e.message());
  }

  @Override
  public void apply(Entry entry) {
    machine.apply(entry);
    compaction.applied(entry);
  }

  @Override
  public void applySnapshot(Snapshot snapshot) {
    machine.restore(snapshot);
    compaction.restored(snapshot.lastIndex());
  }

  @Override
  public void event(dev.jslab.engine.raft.RaftEvent event) {
    host.raftEvent(event);
    // nats-server stays quiet about a group that lost its quorum within 5 s of its creation
    if (event instanceof dev.jslab.engine.raft.RaftEvent.QuorumLost
        && scheduler.nowNanos() - createdNanos > QUIET_AFTER_CREATION) {
      machine.quorumLost();
    }
    if (event instanceof dev.jslab.engine.raft.RaftEvent.LeadershipTransfer t && t.node().equals(self)) {
      switch (t.phase()) {
        case STARTED -> machine.handingOver(true);
        case ABORTED -> machine.handingOver(false);
        default -> {}
      }
    }
  }

  @Override
  public void afterReady() {
    everHadLeader |= driver.node().leader().isPresent();
    machine.afterReady();
    if (!stopped) {
      compaction.afterReady();
    }
    boolean leading = isLeader();
    if (leading && !wasLeader) {
      settled = false; // a new leader checks the members against the replicas
    }
    wasLeader = leading;
    if (stopped) {
      return;
    }
    if (leaving && !leading) {
      if (mayGo()) {
        goneSoon();
      }
    } else if (leading && !settled) {
      reconcileSoon();
    }
  }
}
