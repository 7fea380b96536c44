package dev.jslab.engine.cluster;

import dev.jslab.engine.api.handler.ApiRequest;
import dev.jslab.engine.api.handler.ClusterSection;
import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.raft.Entry;
import dev.jslab.engine.raft.EntryType;
import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.raft.RaftNode;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamOp;
import dev.jslab.engine.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One node's replica of a replicated stream: the local {@link Stream} and the node's member of the
 * stream's Raft group. The leader proposes what the stream should do; every replica applies the
 * committed entries in order, so all hold the same messages; only the leader answers (PubAcks, API
 * answers), captures the stream's subjects and runs its age-out timer. The replica starts empty and
 * is filled from the group's log, which outlives the node's restarts.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class StreamGroup implements GroupMember.StateMachine {
  /** Hears when this replica becomes or stops being its stream's leader. */
  interface LeaderListener {
    void leaderChanged(StreamGroup group, boolean leader);
  }

  private final String clusterName;
  private StreamAssignment assignment;
  private final Stream stream;
  private final JetStream js;
  private final JsApi api;
  private final LeaderListener leaderListener;
  private final GroupMember member;
  private boolean leader;
  private boolean createAnswered;
  /** The highest log index this replica applied. */
  private long applied;
  /** The term this replica last won, and its log's last index then: what it applies before leading. */
  private long wonTerm = -1;
  private long wonFloor;
  /** The last index of the log this replica started with: its store is refilled once applied. */
  private final long startFloor;
  private final List<Runnable> whenRefilled = new ArrayList<>();
  /** nats-server sends a quorum-lost advisory at most every 10 s per stream. */
  private static final long QUORUM_LOST_EVERY = 10_000_000_000L;
  private long lastQuorumLostNanos = Long.MIN_VALUE / 2;

  StreamGroup(
      String self,
      String clusterName,
      StreamAssignment assignment,
      JetStream js,
      JsApi api,
      ClusterHost host,
      RaftTimings timings,
      RandomGenerator random,
      Scheduler scheduler,
      LeaderListener leaderListener) {
    this.clusterName = clusterName;
    this.assignment = assignment;
    this.js = js;
    this.api = api;
    this.leaderListener = leaderListener;
    this.stream = js.createReplica(assignment.config(), assignment.createdNanos());
    this.member =
        new GroupMember(
            self, assignment.group(), assignment.initialPeers(), assignment.peers(),
            assignment.config().storage() == StorageType.MEMORY, host, timings, random, scheduler,
            this);
    member.start();
    startFloor = member.node().lastIndex();
  }

  /**
   * Whether this replica's store holds what its log held when it started (a restarted replica
   * starts empty and is refilled by applying its log; entries of that log a later leader replaced
   * do not count).
   */
  boolean refilled() {
    return applied >= Math.min(startFloor, member.node().lastIndex());
  }

  /** Runs {@code task} once this replica is {@link #refilled()}: now, or after the apply that makes it. */
  void whenRefilled(Runnable task) {
    if (refilled()) {
      task.run();
    } else {
      whenRefilled.add(task);
    }
  }

  String name() {
    return assignment.group();
  }

  StreamAssignment assignment() {
    return assignment;
  }

  Stream stream() {
    return stream;
  }

  boolean isLeader() {
    return leader;
  }

  /**
   * nats-server's "group leaderless": it had a leader, knows none now, and has run past the
   * lost-quorum interval (so a start-up election is not taken for an outage).
   */
  boolean isLeaderless() {
    return member.isLeaderless();
  }

  /** The leader this replica knows of. */
  Optional<String> leader() {
    return member.leader();
  }

  RaftStatus status() {
    return member.status();
  }

  void receive(RaftMessage message) {
    member.receive(message);
  }

  /** Proposes {@code op}; a refused proposal is dropped (the client retries, as with nats-server). */
  void propose(StreamOp op) {
    member.propose(StreamCommandCodec.encode(new StreamCommand.Op(op)));
  }

  /** Proposes an API request that every replica carries out and the leader answers. */
  void proposeApi(ApiRequest request) {
    member.propose(
        StreamCommandCodec.encode(
            new StreamCommand.Api(request.pattern(), request.subject(), request.reply(), request.body())));
  }

  /** The meta group re-placed the stream (its leader brings the Raft members along). */
  void reassign(StreamAssignment placed) {
    assignment = placed;
    member.reassign(placed.peers());
  }

  /** This node is no longer a replica: {@code whenGone} drops it once it does not lead. */
  void leave(Runnable whenGone) {
    member.leave(whenGone);
  }

  /** Hands leadership to another replica, if this one leads. */
  void stepDown() {
    member.stepDown();
  }

  /** The stream's {@code cluster} section as this replica (its leader) sees the group. */
  ClusterSection section() {
    return member.section(clusterName);
  }

  /** Stops taking part as the node stops; the group's state stays for the next start. */
  void close(boolean crash) {
    member.close(crash);
  }

  /** The stream was deleted: the replica and the group's state go. */
  void delete() {
    member.delete();
    js.removeReplica(stream.name());
  }

  @Override
  public void apply(Entry entry) {
    applied = Math.max(applied, entry.index());
    if (entry.type() != EntryType.COMMAND) {
      return;
    }
    StreamCommand command = StreamCommandCodec.decode(entry.data());
    if (command instanceof StreamCommand.Op o) {
      try {
        stream.apply(o.op());
      } catch (dev.jslab.engine.api.ApiException refused) {
        // refused the same way on every replica (a sealed stream, …): nothing changed
      }
    } else if (command instanceof StreamCommand.Api a) {
      api.answerHere(Placement.request(a.pattern(), a.subject(), a.reply(), a.body()), leader);
    }
    js.replicatedChangeApplied(stream);
  }

  /**
   * Whether this replica, leading its group, has applied every entry its log held when it won the
   * term, as nats-server's Raft signals leadership only past that applied floor: until then its
   * store lacks what earlier leaders wrote, and a mirror or source would resume from too early a
   * sequence (a source storing messages twice).
   */
  private boolean appliedWhatItWon() {
    RaftNode node = member.node();
    if (node.term() != wonTerm) {
      wonTerm = node.term();
      wonFloor = node.lastIndex();
    }
    return applied >= wonFloor;
  }

  @Override
  public void quorumLost() {
    long now = member.nowNanos();
    if (now - lastQuorumLostNanos >= QUORUM_LOST_EVERY) {
      lastQuorumLostNanos = now;
      js.publishAdvisory(LeaderAdvisories.quorumLost(
          stream.name(), null, member.allReplicas(), js.domain(), js.nextAdvisoryId(), now));
    }
  }

  @Override
  public void afterReady() {
    if (!whenRefilled.isEmpty() && refilled()) {
      List<Runnable> due = List.copyOf(whenRefilled);
      whenRefilled.clear();
      due.forEach(Runnable::run);
    }
    boolean now = member.isLeader() && appliedWhatItWon();
    if (now == leader) {
      return;
    }
    leader = now;
    js.leadershipChanged(stream, now);
    leaderListener.leaderChanged(this, now);
    if (now && assignment.peers().size() > 1) { // nats-server has no Raft group for one replica
      js.publishAdvisory(LeaderAdvisories.leaderElected(
          stream.name(), null, member.self(), member.allReplicas(), js.domain(), js.nextAdvisoryId(),
          member.nowNanos()));
    }
    if (now && !createAnswered && !assignment.createReply().isEmpty()) {
      createAnswered = true;
      js.adviseAction(dev.jslab.engine.advisory.StreamActionAdvisory.Action.CREATE, stream);
      api.answerCreated(
          Placement.request("STREAM.CREATE.*", assignment.createSubject(), assignment.createReply()),
          stream);
    }
  }
}
