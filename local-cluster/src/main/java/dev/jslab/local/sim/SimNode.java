package dev.jslab.local.sim;

import dev.jslab.engine.api.handler.ApiAudit;
import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.cluster.ClusterHost;
import dev.jslab.engine.cluster.JetStreamCluster;
import dev.jslab.engine.consumer.AckSubject;
import dev.jslab.engine.jetstream.ConsumerStorage;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.jetstream.StreamCatalog;
import dev.jslab.engine.jetstream.StreamStorage;
import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.raft.InMemoryRaftStorage;
import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.raft.RaftStorage;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.time.Scheduler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * One node of a {@link JetStreamSim}, across its starts and stops: while it runs, a real {@link
 * JetStream}, {@link JsApi} and {@link JetStreamCluster} on its own {@link NodeClock}; its groups'
 * Raft state, kept in memory across crashes as a disk would keep it; its Raft messages sent over
 * the simulation's network. File streams' stores are kept across crashes too (as if synced at every
 * change): a restarted replica resumes from its store and applies the log after it; memory streams'
 * are lost and caught up from another replica. The groups compact their logs every few dozen
 * entries (a number drawn from the seed), so snapshots, installs and catch-ups happen in every run.
 *
 * <p>Not thread-safe: confined to the thread that drives the simulation.
 */
final class SimNode implements ClusterHost {
  /** Where the node is in its life. */
  enum State {
    RUNNING,
    PAUSED,
    DOWN
  }

  private static final String META_GROUP = "_meta_";
  /** Where the answers to a stopping node's own stepdown requests go: nowhere. */
  private static final String LAME_DUCK_INBOX = "_INBOX._lameduck";
  /** The subjects the nodes of a cluster use among themselves. */
  private static final String CLUSTER_PREFIX = "$JSC.";
  private static final String FLOW_CONTROL_PREFIX = "$JS.FC.";

  private final String name;
  private final List<String> members;
  private final RaftTimings timings;
  private final Scheduler shared;
  private final VirtualNetwork<RouteFrame> network;
  private final BiConsumer<SimNode, OutboundMessage> emitted;
  private final Runnable changed;
  private final Predicate<String> interest;
  private final Runnable busChanged;
  private final long seed;
  /** The node's "disk": each group's Raft state, surviving crashes. */
  private final Map<String, InMemoryRaftStorage> disk = new HashMap<>();
  /** The node's "disk" for file streams' messages. */
  private final StreamStorage files = StreamStorage.kept();
  /** After how many applied entries its groups compact their logs. */
  private final long compactAfterEntries;
  private int snapshotsTaken;
  private int snapshotsInstalled;
  private State state = State.DOWN;
  private int starts;
  private NodeClock clock;
  /** The run (clock) a graceful stop is under way for, if any. */
  private NodeClock stopping;
  private JetStream js;
  private JsApi api;
  private JetStreamCluster cluster;

  /**
   * @param emitted hears of every message the node sends to clients or other nodes (answers,
   *     deliveries, advisories, its own API requests)
   * @param changed runs when a role, term or leader of the node's groups changed
   * @param interest whether a push consumer's deliver subject has a subscriber anywhere in the
   *     cluster (the hub's interest predicate, as routes tell it)
   * @param busChanged runs when the inboxes the node's internal bus waits on changed (what its
   *     routes would announce as its interest)
   */
  SimNode(
      String name,
      List<String> members,
      RaftTimings timings,
      Scheduler shared,
      VirtualNetwork<RouteFrame> network,
      long seed,
      BiConsumer<SimNode, OutboundMessage> emitted,
      Runnable changed,
      Predicate<String> interest,
      Runnable busChanged) {
    this.name = name;
    this.members = List.copyOf(members);
    this.timings = timings;
    this.shared = shared;
    this.network = network;
    this.seed = seed;
    this.compactAfterEntries = 8 + new SplittableRandom(seed).nextInt(56);
    this.emitted = emitted;
    this.changed = changed;
    this.interest = interest;
    this.busChanged = busChanged;
    network.setDown(name, true);
  }

  String name() {
    return name;
  }

  State state() {
    return state;
  }

  boolean isRunning() {
    return state == State.RUNNING;
  }

  /** Starts (or restarts) the node from what its disk kept. */
  void start() {
    if (state != State.DOWN) {
      return;
    }
    starts++;
    clock = new NodeClock(shared);
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + starts);
    js = JetStream.start(new JetStream.Environment(
        clock, m -> emitted.accept(this, m), files, StreamStorage.memory(),
        ConsumerStorage.memory(), StreamCatalog.none(), SyncPolicy.DEFAULT_INTERVAL, "",
        random.split(), interest));
    js.onCapturedSubjects(subjects -> busChanged.run());
    // the API answers through JetStream's outbox, as on a lab node: what is for its own bus stays
    api = new JsApi(js, clock, js.outbox(), "", name, JetStreamSim.CLUSTER, ApiAudit.none());
    cluster = new JetStreamCluster(
        new JetStreamCluster.Membership(name, JetStreamSim.CLUSTER, members, timings), this, clock,
        js, api, openGroup(META_GROUP, false), random.split(), changed);
    state = State.RUNNING;
    network.setDown(name, false);
  }

  /** A killed process: memory gone, the disk kept. */
  void crash() {
    if (state == State.DOWN) {
      return;
    }
    network.setDown(name, true);
    cluster.close(true);
    js.crash();
    forget();
  }

  /**
   * A graceful stop, as nats-server's lame duck mode: the node hands over every leadership it has
   * now, and shuts down cleanly {@code graceNanos} later, unless it was stopped otherwise first.
   */
  void stopGracefully(long graceNanos) {
    if (state != State.RUNNING) {
      return;
    }
    cluster.stepDownMeta();
    for (Stream s : js.streams()) {
      cluster.stepDownStream(s.name());
      for (String c : js.consumerNames(s.name())) {
        api.handle(JsApi.PREFIX + "CONSUMER.LEADER.STEPDOWN." + s.name() + "." + c, LAME_DUCK_INBOX, null,
            new byte[0]);
      }
    }
    js.flush();
    NodeClock run = clock;
    shared.schedule(graceNanos, () -> {
      if (clock == run && state == State.RUNNING) {
        shutDown();
      }
    });
    stopping = run;
  }

  /** Whether the node is in its lame-duck grace: it will shut down unless stopped otherwise first. */
  boolean isStopping() {
    return state == State.RUNNING && stopping != null && stopping == clock;
  }

  /** Ends a graceful stop's grace now: the node shuts down cleanly at once. */
  void finishStop() {
    if (isStopping()) {
      shutDown();
    }
  }

  private void shutDown() {
    network.setDown(name, true);
    cluster.close(false);
    js.close();
    forget();
  }

  /** Freezes the node: it keeps its memory, hears nothing and does nothing until resumed. */
  void pause() {
    if (state != State.RUNNING) {
      return;
    }
    state = State.PAUSED;
    network.setDown(name, true);
    clock.pause();
  }

  /** Lets a paused node run again; its overdue timers fire at once. */
  void resume() {
    if (state != State.PAUSED) {
      return;
    }
    state = State.RUNNING;
    network.setDown(name, false);
    clock.resume();
    // its routes reconnect: it hears the cluster's interest anew
    refreshDeliveryInterest();
  }

  private void forget() {
    clock.stop();
    clock = null;
    js = null;
    api = null;
    cluster = null;
    state = State.DOWN;
    busChanged.run(); // its routes are gone, and the interest they announced with them
  }

  /** A frame from another node arrived. */
  void receive(RouteFrame frame) {
    if (state != State.RUNNING) {
      return;
    }
    if (frame instanceof RouteFrame.Raft r) {
      cluster.receive(r.group(), r.message());
    } else if (frame instanceof RouteFrame.Client c) {
      take(c.message());
    }
  }

  /**
   * Traffic reached the node (from a client attached to it, or over a route), routed as the hub
   * routes it: for an inbox the node's internal bus waits on (a mirror's or source's consumer
   * create answer, its origin's deliveries) to the bus; else an API request, a {@code $JSC.}
   * message between nodes (clients here never publish there), an ack, a flow-control reply, or a
   * publish.
   */
  void take(OutboundMessage m) {
    if (state != State.RUNNING) {
      return;
    }
    String subject = m.route();
    byte[] headers = m.headers().length == 0 ? null : m.headers();
    if (js.takesOnBus(subject)) {
      js.receiveOnBus(subject, m.subject(), m.reply(), headers, m.data());
    } else if (subject.startsWith(JsApi.PREFIX) || (subject.startsWith("$JS.") && api.serves(subject))) {
      api.handle(subject, m.reply(), m.headers(), m.data());
    } else if (subject.startsWith(CLUSTER_PREFIX)) {
      js.clusterMessage(subject, m.reply(), m.data());
    } else if (subject.startsWith(AckSubject.PREFIX)) {
      js.processAck(subject, m.data(), m.reply());
    } else if (subject.startsWith(FLOW_CONTROL_PREFIX)) {
      js.processFlowControlReply(subject);
    } else if (!subject.startsWith("$JS.")) {
      js.publish(subject, m.reply(), headers, m.data());
    }
    js.flush();
  }

  /** Whether the node's own API serves {@code subject}, as it serves its own requests too. */
  boolean servesApi(String subject) {
    return api != null && (subject.startsWith(JsApi.PREFIX) || (subject.startsWith("$JS.") && api.serves(subject)));
  }

  /**
   * An API request the node itself sent (a mirror's consumer create, an inactive consumer's
   * delete): its own API takes part in answering it, a hop later, as the hub hands it over.
   */
  void ownRequest(OutboundMessage m, long hopNanos) {
    if (state != State.RUNNING) {
      return;
    }
    clock.schedule(hopNanos, () -> {
      if (state == State.RUNNING) {
        api.handle(m.route(), m.reply(), m.headers(), m.data());
        js.flush();
      }
    });
  }

  /** Whether the node's internal bus waits on {@code subject} (down: nothing; paused: as before). */
  boolean takesOnBus(String subject) {
    return js != null && js.takesOnBus(subject);
  }

  /** Interest elsewhere changed: the node's push consumers ask the interest predicate again. */
  void refreshDeliveryInterest() {
    if (state == State.RUNNING) {
      js.refreshDeliveryInterest(interest);
      js.flush();
    }
  }

  // ---------------------------------------------------------------- observation (running only)

  JetStream jetStream() {
    return js;
  }

  JetStreamCluster cluster() {
    return cluster;
  }

  /** Removes message {@code seq} from this node's replica of {@code stream}, bypassing Raft. */
  boolean tamperRemove(String stream, long seq) {
    return js != null && js.stream(stream).map(s -> s.store().remove(seq)).orElse(false);
  }

  // ---------------------------------------------------------------- ClusterHost

  @Override
  public void send(String to, String group, RaftMessage message) {
    network.send(name, to, new RouteFrame.Raft(group, message));
  }

  @Override
  public RaftStorage openGroup(String group, boolean memory) {
    return disk.computeIfAbsent(group, g -> new InMemoryRaftStorage());
  }

  @Override
  public void closeGroup(String group, RaftStorage storage, boolean crash) {
    // the disk keeps it
  }

  @Override
  public void deleteGroup(String group, RaftStorage storage) {
    disk.remove(group);
  }

  /** How many snapshots this node's groups took, and installed from a leader. */
  int[] snapshots() {
    return new int[] {snapshotsTaken, snapshotsInstalled};
  }

  @Override
  public void raftEvent(dev.jslab.engine.raft.RaftEvent event) {
    if (event instanceof dev.jslab.engine.raft.RaftEvent.SnapshotTaken) {
      snapshotsTaken++;
    } else if (event instanceof dev.jslab.engine.raft.RaftEvent.SnapshotInstalled) {
      snapshotsInstalled++;
    }
  }

  @Override
  public long compactAfterEntries() {
    return compactAfterEntries;
  }

  @Override
  public String toString() {
    return name + " " + state + " (start " + starts + ")";
  }
}
