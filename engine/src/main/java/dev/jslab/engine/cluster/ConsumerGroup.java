package dev.jslab.engine.cluster;

import dev.jslab.engine.api.handler.ClusterSection;
import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.consumer.Consumer;
import dev.jslab.engine.consumer.ConsumerContext;
import dev.jslab.engine.consumer.ConsumerOp;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.raft.Entry;
import dev.jslab.engine.raft.EntryType;
import dev.jslab.engine.raft.Proposal;
import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.raft.Snapshot;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.RetentionPolicy;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.time.Scheduler;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One node's replica of a replicated consumer and its member of the consumer's Raft group. As in
 * nats-server, the leader acts first — it delivers, takes acks and redelivers, applying each change
 * to its own state at once — and proposes the change; the other replicas apply the committed
 * changes and deliver nothing. A replica starts leading only once it has applied everything its
 * predecessors committed (its own term's first entry), so redelivery resumes from the replicated
 * state: what the old leader delivered but nobody acknowledged is delivered again.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class ConsumerGroup implements GroupMember.StateMachine, ConsumerContext.Listener {
  private final String clusterName;
  private ConsumerAssignment assignment;
  private final JetStream js;
  private final JsApi api;
  private final Runnable changed;
  private final java.util.function.Consumer<ConsumerGroup> whenInactive;
  /** Hears when this replica lost its leadership with changes of its own not yet committed. */
  private final java.util.function.Consumer<ConsumerGroup> whenDiverged;
  private final Consumer consumer;
  private final GroupMember member;
  /** This leader's own entries (index to term), applied when they were taken. */
  private final Map<Long, Long> appliedAhead = new HashMap<>();
  /** This leader's changes of the current task, proposed together as one entry right after it. */
  private final java.util.List<byte[]> pending = new java.util.ArrayList<>();
  private boolean proposalDue;
  private final Scheduler scheduler;
  private boolean applyingCommitted;
  private boolean leading;
  /** Whether this replica stopped leading to hand its leadership over. */
  private boolean handingOver;
  private boolean createAnswered;
  /**
   * Whether the group's log holds the consumer's starting point (a {@code Started} its first
   * leader proposed): replicas that come later, or that held fewer of the stream's messages when
   * they were created, take it from there instead of from their own stream replica.
   */
  private boolean startReplicated;
  private static final long CONSUMER_COMPACT_AFTER = 1024;
  /** nats-server sends a quorum-lost advisory at most every 10 s per consumer. */
  private static final long QUORUM_LOST_EVERY = 10_000_000_000L;
  private long lastQuorumLostNanos = Long.MIN_VALUE / 2;

  ConsumerGroup(
      String self,
      String clusterName,
      ConsumerAssignment assignment,
      StorageType streamStorage,
      JetStream js,
      JsApi api,
      ClusterHost host,
      RaftTimings timings,
      RandomGenerator random,
      Scheduler scheduler,
      Runnable changed,
      java.util.function.Consumer<ConsumerGroup> whenInactive,
      java.util.function.Consumer<ConsumerGroup> whenDiverged) {
    this.whenInactive = whenInactive;
    this.whenDiverged = whenDiverged;
    this.clusterName = clusterName;
    this.assignment = assignment;
    this.js = js;
    this.api = api;
    this.changed = changed;
    this.consumer =
        js.createConsumerReplica(
            assignment.stream(), assignment.name(), assignment.config(), assignment.createdNanos(), this);
    boolean memory = streamStorage == StorageType.MEMORY || assignment.config().memoryStorage();
    this.scheduler = scheduler;
    this.member =
        new GroupMember(
            self, assignment.group(), assignment.initialPeers(), assignment.peers(), memory, host,
            timings, random, scheduler, this);
    // a restart, or a rebuild after diverging: the log before the kept snapshot is gone
    member.keptSnapshot().ifPresent(this::restore);
    member.start();
  }

  String name() {
    return assignment.group();
  }

  ConsumerAssignment assignment() {
    return assignment;
  }

  Consumer consumer() {
    return consumer;
  }

  /** Whether this replica leads the consumer (delivers, takes acks and pull requests). */
  boolean isLeading() {
    return leading;
  }

  Optional<String> leader() {
    return member.leader();
  }

  RaftStatus status() {
    return member.status();
  }

  ClusterSection section() {
    return member.section(clusterName);
  }

  void receive(RaftMessage message) {
    member.receive(message);
  }

  /** The meta group re-placed the consumer (its leader brings the Raft members along). */
  void reassign(ConsumerAssignment placed) {
    assignment = placed;
    member.reassign(placed.peers());
  }

  /** This node is no longer a replica: {@code whenGone} drops it once it does not lead. */
  void leave(Runnable whenGone) {
    member.leave(whenGone);
  }

  @Override
  public void beforeHandOver() {
    proposePending(); // a member handing over refuses proposals
  }

  void stepDown() {
    proposePending(); // a member handing over refuses proposals
    member.stepDown();
  }

  void close(boolean crash) {
    member.close(crash);
  }

  void delete() {
    member.delete();
    js.removeConsumerReplica(assignment.stream(), assignment.name());
  }

  // ---------------------------------------------------------------- the consumer's changes

  @Override
  public void applied(Consumer c, ConsumerOp op) {
    if (!leading || applyingCommitted) {
      return;
    }
    pending.add(ConsumerOpCodec.encode(op));
    if (!proposalDue) {
      // a fetch delivers many messages and a client acks many at once: one entry for them all
      proposalDue = true;
      scheduler.schedule(0, this::proposePending);
    }
  }

  /** Proposes the changes taken since the last proposal as one entry. */
  private void proposePending() {
    proposalDue = false;
    if (pending.isEmpty()) {
      return;
    }
    byte[] entry = ConsumerOpCodec.encodeAll(pending);
    pending.clear();
    if (!leading) {
      whenDiverged.accept(this); // applied here, but no longer ours to propose
      return;
    }
    long index = member.node().lastIndex() + 1;
    appliedAhead.put(index, member.node().term());
    Proposal p = member.propose(entry);
    if (!p.accepted()) {
      appliedAhead.remove(index);
      whenDiverged.accept(this);
    }
  }

  @Override
  public void inactive(Consumer c) {
    if (leading) {
      whenInactive.accept(this);
    }
  }

  // ---------------------------------------------------------------- the group's log

  @Override
  public void apply(Entry entry) {
    if (entry.type() == EntryType.NOOP) {
      if (!leading && member.isLeader() && entry.term() == member.node().term()) {
        lead();
      }
      return;
    }
    if (entry.type() != EntryType.COMMAND) {
      return;
    }
    Long aheadTerm = appliedAhead.remove(entry.index());
    if (aheadTerm != null && aheadTerm == entry.term()) {
      return; // this replica took it as leader and applied it then
    }
    // interest and work-queue streams drop what every consumer acknowledged, on every replica
    Stream dropping =
        js.stream(assignment.stream()).filter(st -> st.config().retention() != RetentionPolicy.LIMITS).orElse(null);
    for (ConsumerOp op : ConsumerOpCodec.decodeAll(entry.data())) {
      startReplicated |= op instanceof ConsumerOp.Started;
      applyingCommitted = true;
      try {
        consumer.apply(op);
      } finally {
        applyingCommitted = false;
      }
      long seq = dropping == null ? 0 : acknowledgedSeq(op);
      if (seq > 0) {
        dropping.acknowledged(assignment.name(), seq);
      }
    }
  }

  // ---------------------------------------------------------------- snapshots

  /** nats-server compacts a consumer's log every 1,024 entries (its state is small). */
  @Override
  public long compactAfterEntries(long forStreams) {
    return Math.min(CONSUMER_COMPACT_AFTER, forStreams);
  }

  /**
   * The replica's state after the last entry it applied, or empty while it leads with changes of
   * its own applied ahead of the log or not yet proposed (its state is then past that entry).
   */
  @Override
  public Optional<LogCompaction.SnapshotPoint> snapshot() {
    long handed = member.handedIndex();
    if (!appliedAhead.isEmpty() || !pending.isEmpty() || handed == 0) {
      return Optional.empty();
    }
    byte[] data = new ConsumerSnapshot(startReplicated, consumer.state().copy()).encode();
    return Optional.of(new LogCompaction.SnapshotPoint(handed, data));
  }

  /**
   * Replaces the replica's state by the snapshot's (the one kept at a restart, or its leader's):
   * the consumer loads it as a recovered consumer loads its stored state, and an interest or
   * work-queue stream replica drops what the snapshot says this consumer acknowledged, as applying
   * the entries it replaces would have.
   */
  @Override
  public void restore(Snapshot snapshot) {
    ConsumerSnapshot restored = ConsumerSnapshot.decode(snapshot.data());
    // whatever this replica applied ahead or had still to propose is superseded by the snapshot:
    // entries after it are applied from the log
    appliedAhead.clear();
    pending.clear();
    startReplicated = restored.startReplicated();
    applyingCommitted = true; // what loading the state changes is the group's, not this leader's
    try {
      consumer.restoreState(restored.state());
    } finally {
      applyingCommitted = false;
    }
    js.stream(assignment.stream())
        .filter(st -> st.config().retention() != RetentionPolicy.LIMITS)
        .ifPresent(this::dropAcknowledged);
  }

  /** Tells {@code stream} of every message it holds that this consumer no longer needs. */
  private void dropAcknowledged(Stream stream) {
    StoreState st = stream.store().state();
    long to = Math.min(st.lastSeq(), consumer.state().delivered().streamSeq());
    for (long seq = Math.max(1, st.firstSeq()); seq <= to; seq++) {
      StoredMessage m = stream.store().load(seq);
      if (m != null && consumer.isInterestedIn(m.subject()) && consumer.hasAcknowledged(seq)) {
        stream.acknowledged(assignment.name(), seq);
      }
    }
  }

  private static long acknowledgedSeq(ConsumerOp op) {
    if (op instanceof ConsumerOp.Acked a) {
      return a.streamSeq();
    }
    if (op instanceof ConsumerOp.Terminated t) {
      return t.streamSeq();
    }
    return 0;
  }

  /**
   * While its leadership is being handed over, the leader's Raft member refuses proposals: the
   * replica stops acting (no deliveries, acks or redeliveries it could not replicate, which would
   * leave its state ahead of the group's for good), and acts again if the transfer is given up.
   */
  @Override
  public void handingOver(boolean started) {
    if (started && leading) {
      leading = false;
      handingOver = true;
      js.consumerLeadership(consumer, false);
      changed.run();
    } else if (!started && handingOver && member.isLeader()) {
      handingOver = false;
      leading = true;
      js.consumerLeadership(consumer, true);
      changed.run();
    }
  }

  @Override
  public void afterReady() {
    if (!member.isLeader()) {
      handingOver = false;
    }
    if (leading && !member.isLeader()) {
      leading = false;
      js.consumerLeadership(consumer, false);
      changed.run();
      if (!appliedAhead.isEmpty() || !pending.isEmpty()) {
        pending.clear();
        // changes it applied as leader may never commit (the next leader can replace them), and
        // a follower cannot take them back: its state is rebuilt from the group's log
        whenDiverged.accept(this);
      }
    }
  }

  @Override
  public void quorumLost() {
    long now = member.nowNanos();
    if (now - lastQuorumLostNanos >= QUORUM_LOST_EVERY) {
      lastQuorumLostNanos = now;
      js.publishAdvisory(LeaderAdvisories.quorumLost(
          assignment.stream(), assignment.name(), member.allReplicas(), js.domain(),
          js.nextAdvisoryId(), now));
    }
  }

  private void lead() {
    leading = true;
    js.consumerLeadership(consumer, true);
    changed.run();
    if (!startReplicated) {
      // the first leader's starting point becomes the group's
      startReplicated = true;
      applied(consumer, new ConsumerOp.Started(consumer.state().delivered().streamSeq()));
    }
    if (assignment.peers().size() > 1) { // nats-server has no Raft group for one replica
      js.publishAdvisory(LeaderAdvisories.leaderElected(
          assignment.stream(), assignment.name(), member.self(), member.allReplicas(), js.domain(),
          js.nextAdvisoryId(), member.nowNanos()));
    }
    if (!createAnswered && !assignment.createReply().isEmpty()) {
      createAnswered = true;
      js.adviseConsumer(assignment.stream(), assignment.name(), true);
      api.answerConsumerCreated(
          Placement.request("CONSUMER.CREATE.*", assignment.createSubject(), assignment.createReply()),
          consumer, section());
    }
  }
}
