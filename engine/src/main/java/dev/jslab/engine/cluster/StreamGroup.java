package dev.jslab.engine.cluster;

import dev.jslab.engine.api.handler.ApiRequest;
import dev.jslab.engine.api.handler.ClusterSection;
import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.raft.Entry;
import dev.jslab.engine.raft.EntryType;
import dev.jslab.engine.raft.Envelope;
import dev.jslab.engine.raft.RaftConfig;
import dev.jslab.engine.raft.RaftDriver;
import dev.jslab.engine.raft.RaftNode;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftStorage;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.raft.Role;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamOp;
import dev.jslab.engine.subject.Subjects;
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
final class StreamGroup implements RaftDriver.Effects {
  private final String self;
  private final String clusterName;
  private final StreamAssignment assignment;
  private final Stream stream;
  private final JetStream js;
  private final JsApi api;
  private final ClusterHost host;
  private final Scheduler scheduler;
  private final RaftStorage storage;
  private final RaftDriver driver;
  private final LeaderListener leaderListener;
  private final RaftTimings timings;
  private boolean leader;
  private boolean createAnswered;

  /** Hears when this replica becomes or stops being its stream's leader. */
  interface LeaderListener {
    void leaderChanged(StreamGroup group, boolean leader);
  }

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
    this.self = self;
    this.clusterName = clusterName;
    this.assignment = assignment;
    this.js = js;
    this.api = api;
    this.host = host;
    this.scheduler = scheduler;
    this.leaderListener = leaderListener;
    this.timings = timings;
    this.stream = js.createReplica(assignment.config(), assignment.createdNanos());
    this.storage =
        host.openGroup(
            assignment.group(),
            assignment.config().storage() == dev.jslab.engine.store.StorageType.MEMORY);
    var state = storage.load();
    boolean fresh = state.entries().isEmpty() && state.hardState().term() == 0;
    RaftNode node =
        new RaftNode(
            RaftConfig.of(assignment.group(), self, assignment.peers(), timings),
            state,
            random,
            scheduler.nowNanos());
    this.driver = new RaftDriver(node, storage, scheduler, this);
    if (fresh && assignment.peers().get(0).equals(self)) {
      driver.campaignNow(); // a new group's preferred member stands at once
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

  /** The leader this replica knows of. */
  Optional<String> leader() {
    return driver.node().leader();
  }

  RaftStatus status() {
    return driver.node().status();
  }

  void receive(dev.jslab.engine.raft.RaftMessage message) {
    driver.receive(message);
  }

  /** Proposes {@code op}; a refused proposal is dropped (the client retries, as with nats-server). */
  void propose(StreamOp op) {
    driver.propose(StreamCommandCodec.encode(new StreamCommand.Op(op)));
  }

  /** Proposes an API request that every replica carries out and the leader answers. */
  void proposeApi(ApiRequest request) {
    driver.propose(
        StreamCommandCodec.encode(
            new StreamCommand.Api(request.pattern(), request.subject(), request.reply(), request.body())));
  }

  /** Hands leadership to another replica, if this one leads. */
  void stepDown() {
    driver.transferLeadership(Optional.empty());
  }

  /** The stream's {@code cluster} section as this replica (its leader) sees the group. */
  ClusterSection section() {
    RaftStatus st = status();
    long now = scheduler.nowNanos();
    List<ClusterSection.Replica> replicas = new ArrayList<>();
    RaftTimings t = timings;
    for (String peer : assignment.peers()) {
      if (peer.equals(self) && leader) {
        continue;
      }
      if (peer.equals(st.leader().orElse(""))) {
        continue;
      }
      RaftStatus.FollowerStatus f = st.followers().get(peer);
      long lastContact = f == null ? -1 : f.lastContactNanos();
      long active = lastContact < 0 ? 0 : Math.max(0, now - lastContact);
      long lag = f == null ? 0 : Math.max(0, st.lastIndex() - f.matchIndex());
      boolean heard = lastContact >= 0 && active < 2 * t.heartbeatNanos() + t.electionMaxNanos();
      boolean current = leader && heard && f.matchIndex() >= st.commitIndex();
      replicas.add(
          new ClusterSection.Replica(peer, current, leader && !heard, active, lag, PeerIds.of(peer)));
    }
    return new ClusterSection(clusterName, st.leader().orElse(""), replicas);
  }

  /** Stops taking part as the node stops; the group's state stays for the next start. */
  void close(boolean crash) {
    driver.stop();
    host.closeGroup(assignment.group(), storage, crash);
  }

  /** The stream was deleted: the replica and the group's state go. */
  void delete() {
    driver.stop();
    js.removeReplica(stream.name());
    host.deleteGroup(assignment.group(), storage);
  }

  // ---------------------------------------------------------------- Raft effects

  @Override
  public void send(Envelope e) {
    host.send(e.to(), assignment.group(), e.message());
  }

  @Override
  public void apply(Entry entry) {
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
      String local = a.subject().substring(JsApi.PREFIX.length());
      api.answerHere(
          new ApiRequest(a.pattern(), Subjects.tokens(local), a.subject(), a.reply(), a.body(), 0),
          leader);
    }
    js.replicatedChangeApplied(stream);
  }

  @Override
  public void afterReady() {
    boolean now = driver.node().role() == Role.LEADER;
    if (now != leader) {
      leader = now;
      js.leadershipChanged(stream, now);
      leaderListener.leaderChanged(this, now);
      if (now && !createAnswered && !assignment.createReply().isEmpty()) {
        createAnswered = true;
        String local = assignment.createSubject().substring(JsApi.PREFIX.length());
        api.answerCreated(
            new ApiRequest(
                "STREAM.CREATE.*", Subjects.tokens(local), assignment.createSubject(),
                assignment.createReply(), new byte[0], 0),
            stream);
      }
    }
  }
}
