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

  /** Carries a replica's catch-up requests and answers between the nodes. */
  interface CatchUpChannel {
    /** Asks the stream's other replicas; the answer reaches {@link #catchUpAnswered}. Returns its token. */
    String ask(StreamGroup group, byte[] request);

    /** No answer to {@code token} is wanted any more. */
    void forget(String token);

    /** Sends {@code chunk} to the asker's {@code reply}. */
    void answer(String reply, byte[] chunk);
  }

  /** A catch-up in progress: the snapshot it leads to, and the entries to apply after it. */
  private static final class CatchUp {
    final long index;
    final StreamSnapshot snapshot;
    final long haveFirst;
    final long haveLast;
    final List<Entry> queued = new ArrayList<>();
    String token;
    int unanswered;
    /** Replicas that answered the current request that they cannot help. */
    int cannot;
    dev.jslab.engine.time.Timer retry;

    CatchUp(long index, StreamSnapshot snapshot, long haveFirst, long haveLast) {
      this.index = index;
      this.snapshot = snapshot;
      this.haveFirst = haveFirst;
      this.haveLast = haveLast;
    }
  }

  /** A catch-up chunk holds at most this many messages, or this many bytes. */
  private static final int CHUNK_MESSAGES = 512;
  private static final long CHUNK_BYTES = 1 << 20;

  private final String clusterName;
  private StreamAssignment assignment;
  private final Stream stream;
  private final JetStream js;
  private final JsApi api;
  private final LeaderListener leaderListener;
  private final GroupMember member;
  private final CatchUpChannel catchUps;
  private final Scheduler scheduler;
  private final RaftTimings timings;
  private CatchUp catchUp;
  /** Entries up to here were in the store this replica resumed from: not applied again. */
  private final long resumedAt;
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
      LeaderListener leaderListener,
      CatchUpChannel catchUps) {
    this.clusterName = clusterName;
    this.assignment = assignment;
    this.js = js;
    this.api = api;
    this.leaderListener = leaderListener;
    this.catchUps = catchUps;
    this.scheduler = scheduler;
    this.timings = timings;
    this.member =
        new GroupMember(
            self, assignment.group(), assignment.initialPeers(), assignment.peers(),
            assignment.config().storage() == StorageType.MEMORY, host, timings, random, scheduler,
            this);
    // a replica of a group with a history resumes from its store; a new one starts empty
    this.stream = js.createReplica(assignment.config(), assignment.createdNanos(), !member.isFresh());
    this.applied = stream.store().appliedMark();
    this.resumedAt = applied;
    member.keptSnapshot().ifPresent(this::restore);
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
    if (catchUp != null) {
      cancelCatchUp();
    }
    member.close(crash);
  }

  /** The stream was deleted: the replica and the group's state go. */
  void delete() {
    if (catchUp != null) {
      cancelCatchUp();
    }
    member.delete();
    js.removeReplica(stream.name());
  }

  @Override
  public void apply(Entry entry) {
    if (catchUp != null) {
      catchUp.queued.add(entry);
    } else if (entry.index() > resumedAt) {
      applyNow(entry);
    }
  }

  private void applyNow(Entry entry) {
    applied = Math.max(applied, entry.index());
    stream.store().markApplied(applied);
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

  // ---------------------------------------------------------------- snapshots and catch-up

  /**
   * A snapshot at the last entry applied, once the store is synced (so a restart resumes at least
   * there); none while catching up or while the store still holds more than the log handed out.
   */
  @Override
  public Optional<LogCompaction.SnapshotPoint> snapshot() {
    if (catchUp != null || applied == 0 || member.handedIndex() < applied) {
      return Optional.empty();
    }
    dev.jslab.engine.store.StoreState st = stream.state();
    stream.store().sync();
    StreamSnapshot snap = new StreamSnapshot(st.firstSeq(), stream.lastSeq(), stream.lastMsgId(), stream.seenIds());
    return Optional.of(new LogCompaction.SnapshotPoint(applied, snap.encode()));
  }

  /**
   * Brings the replica to the snapshot's state: nothing to do for the messages when its store
   * holds every entry the snapshot covers, else it catches up from another replica first.
   */
  @Override
  public void restore(dev.jslab.engine.raft.Snapshot snapshot) {
    StreamSnapshot snap = StreamSnapshot.decode(snapshot.data());
    if (catchUp != null) {
      if (catchUp.index >= snapshot.lastIndex()) {
        return;
      }
      cancelCatchUp();
    }
    if (applied >= snapshot.lastIndex()) {
      stream.storeFilled(snap.ids(), null);
      return;
    }
    dev.jslab.engine.store.StoreState st = stream.state();
    catchUp = new CatchUp(snapshot.lastIndex(), snap, st.firstSeq(), st.lastSeq());
    askNext();
  }

  private void cancelCatchUp() {
    if (catchUp.retry != null) {
      catchUp.retry.cancel();
    }
    if (catchUp.token != null) {
      catchUps.forget(catchUp.token);
    }
    catchUp = null;
  }

  private void askNext() {
    CatchUp c = catchUp;
    if (c.token != null) {
      catchUps.forget(c.token);
    }
    CatchUpCodec.Request request = new CatchUpCodec.Request(
        c.index, stream.lastSeq() + 1, c.snapshot.lastSeq(), c.haveFirst, c.haveLast, c.unanswered >= 2);
    c.token = catchUps.ask(this, request.encode());
    c.cannot = 0;
    c.retry = scheduler.schedule(3 * timings.heartbeatNanos(), () -> unanswered(c));
  }

  private void unanswered(CatchUp c) {
    if (catchUp != c) {
      return;
    }
    c.unanswered++;
    askNext();
  }

  /**
   * Every other replica said it cannot help: a memory stream all of whose replicas restarted. Its
   * leader goes on without what only their memory held, as nats-server's does (the followers then
   * catch up from it); a file stream's replicas wait for a replica whose store holds it.
   */
  private void nobodyHolds(CatchUp c) {
    if (assignment.config().storage() == StorageType.MEMORY && member.isLeader()) {
      caughtUp(new CatchUpCodec.Chunk(List.of(), c.snapshot.lastSeq() + 1, true, stream.state().firstSeq(), List.of()));
    }
  }

  /** Another replica's answer to this replica's catch-up request {@code token}. */
  void catchUpAnswered(String token, byte[] data) {
    CatchUp c = catchUp;
    if (c == null || !token.equals(c.token)) {
      return; // a late or second answer
    }
    CatchUpCodec.Chunk chunk;
    try {
      chunk = CatchUpCodec.Chunk.decode(data);
    } catch (IllegalArgumentException e) {
      return; // the retry asks again
    }
    if (chunk.cannot()) {
      if (++c.cannot >= member.node().members().size() - 1) {
        nobodyHolds(c);
      }
      return;
    }
    c.retry.cancel();
    c.unanswered = 0;
    dev.jslab.engine.store.MessageStore store = stream.store();
    for (dev.jslab.engine.store.StoredMessage m : chunk.messages()) {
      if (m.seq() > store.state().lastSeq() && m.seq() <= c.snapshot.lastSeq()) {
        store.appendAt(m.seq(), m.subject(), m.headers(), m.data(), m.timestampNanos());
      }
    }
    stream.storeFilled(List.of(), null);
    if (chunk.done()) {
      caughtUp(chunk);
    } else {
      askNext();
    }
  }

  /**
   * The store holds what the snapshot covers: sequences up to its last are used, what the answering
   * replica no longer holds is gone here too; then the entries that arrived meanwhile apply.
   */
  private void caughtUp(CatchUpCodec.Chunk last) {
    CatchUp c = catchUp;
    cancelCatchUp();
    dev.jslab.engine.store.MessageStore store = stream.store();
    long upTo = c.snapshot.lastSeq();
    if (store.state().lastSeq() < upTo) {
      store.skipTo(upTo + 1);
    }
    long first = Math.min(last.firstSeq(), upTo + 1);
    if (first > store.state().firstSeq()) {
      store.compact(first);
    }
    for (long seq : last.deleted()) {
      if (seq <= upTo) {
        store.remove(seq);
      }
    }
    stream.storeFilled(c.snapshot.ids(), c.snapshot.lastMsgId());
    applied = Math.max(applied, c.index);
    store.markApplied(applied);
    for (Entry e : c.queued) {
      if (catchUp != null) {
        catchUp.queued.add(e); // a later snapshot started another catch-up
      } else if (e.index() > c.index) {
        applyNow(e);
      }
    }
    js.replicatedChangeApplied(stream);
    afterReady();
  }

  /**
   * Answers another replica's catch-up request when this one can: it is not catching up itself,
   * applied the entries the asker's snapshot covers, and leads (or the asker asked any replica).
   */
  void catchUpRequested(String reply, byte[] data) {
    CatchUpCodec.Request r;
    try {
      r = CatchUpCodec.Request.decode(data);
    } catch (IllegalArgumentException e) {
      return;
    }
    if (!(leader || r.anyReplica())) {
      return;
    }
    if (catchUp != null || applied < r.index()) {
      if (r.anyReplica()) {
        catchUps.answer(reply, CatchUpCodec.Chunk.CANNOT.encode());
      }
      return;
    }
    dev.jslab.engine.store.MessageStore store = stream.store();
    List<dev.jslab.engine.store.StoredMessage> messages = new ArrayList<>();
    long bytes = 0;
    long next = Math.max(r.from(), 1);
    while (messages.size() < CHUNK_MESSAGES && bytes < CHUNK_BYTES) {
      dev.jslab.engine.store.StoredMessage m = store.loadNext("", next);
      if (m == null || m.seq() > r.upTo()) {
        next = r.upTo() + 1;
        break;
      }
      messages.add(m);
      bytes += m.data().length + m.headers().length + m.subject().length();
      next = m.seq() + 1;
    }
    boolean done = next > r.upTo();
    List<Long> deleted = new ArrayList<>();
    long firstSeq = store.state().firstSeq();
    if (done) {
      for (long seq : store.deletedSequences()) {
        if (seq >= r.haveFirst() && seq <= r.haveLast()) {
          deleted.add(seq);
        }
      }
    }
    catchUps.answer(reply, new CatchUpCodec.Chunk(messages, next, done, firstSeq, deleted).encode());
  }

  /** Whether this replica is fetching messages it lacks from another before applying its log. */
  boolean catchingUp() {
    return catchUp != null;
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
