package dev.jslab.local.sim;

import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.time.VirtualScheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A whole clustered JetStream simulated deterministically: N nodes, each a real {@code JetStream},
 * {@code JsApi} and {@code JetStreamCluster}, on one {@link VirtualScheduler}; their Raft messages
 * and the client traffic their routes carry cross one {@link VirtualNetwork}, so its latency,
 * loss, duplication, reordering, partitions and one-way cuts apply to both. Clients ({@link
 * SimClient}) are attached to one node each: what a client sends reaches its node and, over the
 * routes, every node its node reaches; what a node answers travels back over the route to the
 * client's node. A client whose node is not running reconnects to another, as jnats does. What
 * the nodes send each other — a mirror's or source's consumer create and its answer, the origin's
 * deliveries to the inbox the mirror's leader waits on, flow-control replies, {@code $JSC.}
 * requests — is routed as the hub routes it, and a push consumer's interest in a mirror's inbox
 * follows the nodes' internal buses.
 *
 * <p>Nodes crash (memory gone, Raft state kept as on disk), restart, stop gracefully (leaderships
 * handed over first), pause and resume. One seed drives every random choice; everything that
 * happens is written to a {@link History} whose hash proves that a seed replays identically.
 *
 * <p>Not thread-safe: confined to the thread that drives it.
 */
public final class JetStreamSim {
  /** The cluster's name, as stream info shows it. */
  static final String CLUSTER = "lab";
  /** Lines of history kept for reading; the hash covers them all. */
  public static final int HISTORY_KEPT = 2_000;
  private static final long MS = 1_000_000L;
  /** A route's delay when the links have no other faults. */
  private static final LinkFaults BASE = LinkFaults.latency(MS);
  /** Between a client and the node it is attached to. */
  private static final long CLIENT_HOP = MS / 10;

  private final RaftTimings timings;
  private final VirtualScheduler clock = new VirtualScheduler(1_700_000_000_000_000_000L);
  private final long startNanos = clock.nowNanos();
  private final SplittableRandom random;
  private final History history = new History(this::elapsedNanos, HISTORY_KEPT);
  private final VirtualNetwork<RouteFrame> network;
  private final Map<String, SimNode> nodes = new LinkedHashMap<>();
  private final Map<String, SimClient> clients = new LinkedHashMap<>();

  /** A cluster of {@code size} nodes n1…nN with {@code timings}, all started; {@code seed} drives it. */
  public JetStreamSim(int size, RaftTimings timings, long seed) {
    if (size < 1 || size > 9) {
      throw new IllegalArgumentException("a cluster has 1 to 9 nodes (was " + size + ")");
    }
    this.timings = timings;
    this.random = new SplittableRandom(seed);
    this.network = new VirtualNetwork<>(clock, random.split(), this::recordNetwork);
    network.setDefaultFaults(BASE);
    List<String> names = IntStream.rangeClosed(1, size).mapToObj(i -> "n" + i).toList();
    for (String name : names) {
      SimNode node = new SimNode(
          name, names, timings, clock, network, random.nextLong(), this::fromNode, () -> roleChanged(name),
          this::hasInterest, () -> busChanged(name));
      nodes.put(name, node);
      network.attach(name, (from, frame) -> arrived(name, frame));
    }
    nodes.values().forEach(SimNode::start);
  }

  // ---------------------------------------------------------------- time

  /** Lets {@code nanos} of virtual time pass. */
  public void run(long nanos) {
    clock.advance(nanos);
  }

  /** Virtual time since the simulation started. */
  public long elapsedNanos() {
    return clock.nowNanos() - startNanos;
  }

  /** How many snapshots every node's groups took and installed from a leader, so far. */
  public int[] snapshots() {
    int[] sum = new int[2];
    for (SimNode n : nodes.values()) {
      int[] of = n.snapshots();
      sum[0] += of[0];
      sum[1] += of[1];
    }
    return sum;
  }

  /** The shared clock, for the workload's timers. */
  VirtualScheduler clock() {
    return clock;
  }

  public RaftTimings timings() {
    return timings;
  }

  // ---------------------------------------------------------------- clients

  /** A new client named {@code name} (letters and digits), attached to {@code node}. */
  public SimClient attach(String name, String node) {
    requireNode(node);
    SimClient c = new SimClient(name, node, this);
    if (clients.putIfAbsent(name, c) != null) {
      throw new IllegalArgumentException("client " + name + " exists");
    }
    record("attach " + name + " " + node);
    return c;
  }

  /** {@code client} sends {@code m}: to its node, and over the routes to every other node. */
  void fromClient(SimClient client, OutboundMessage m) {
    SimNode home = nodes.get(client.node());
    if (!home.isRunning()) {
      List<String> up = nodes.values().stream().filter(SimNode::isRunning).map(SimNode::name).toList();
      if (up.isEmpty()) {
        record("client " + client.name() + " has no node for " + m.route());
        return;
      }
      String next = up.get(random.nextInt(up.size()));
      record("client " + client.name() + " reconnects " + home.name() + " -> " + next);
      client.moveTo(next);
      home = nodes.get(next);
    }
    record("client " + client.name() + " -> " + home.name() + " " + m.route());
    SimNode at = home;
    clock.schedule(CLIENT_HOP, () -> at.take(m));
    for (String other : nodes.keySet()) {
      if (!other.equals(home.name())) {
        network.send(home.name(), other, new RouteFrame.Client(m));
      }
    }
  }

  /**
   * A node sent {@code m} (what its own internal bus waits on stayed there), routed as the hub
   * routes a node's outbox: an answer or delivery for a client, to the client's node; an API
   * request of its own, to its own API and every other node; what the nodes say among themselves
   * ({@code $JSC.}), flow-control replies and acks, to every other node; anything else only to the
   * nodes whose internal bus waits on it (a mirror's or source's inboxes), as their routes announced
   * it. Advisories nobody subscribes to go nowhere.
   */
  private void fromNode(SimNode from, OutboundMessage m) {
    String route = m.route();
    SimClient c = clientOf(route);
    if (c != null) {
      if (c.node().equals(from.name())) {
        clock.schedule(CLIENT_HOP, () -> toClient(c, from.name(), m));
      } else {
        network.send(from.name(), c.node(), new RouteFrame.Client(m));
      }
      return;
    }
    boolean api = from.servesApi(route);
    if (api) {
      from.ownRequest(m, CLIENT_HOP);
    }
    boolean everywhere = api || route.startsWith("$JSC.") || route.startsWith("$JS.FC.")
        || route.startsWith("$JS.ACK.");
    for (SimNode other : nodes.values()) {
      if (other != from && (everywhere || other.takesOnBus(route))) {
        network.send(from.name(), other.name(), new RouteFrame.Client(m));
      }
    }
  }

  /**
   * The hub's interest predicate, as routes tell it: a mirror's or source's deliver subject has
   * interest only while some node's internal bus waits on it; any other subject has.
   */
  private boolean hasInterest(String subject) {
    if (!subject.startsWith("$JS.M.") && !subject.startsWith("$JS.S.")) {
      return true;
    }
    for (SimNode n : nodes.values()) {
      if (n.takesOnBus(subject)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The inboxes {@code name}'s bus waits on changed: a route's latency later the other running
   * nodes' push consumers hear of it.
   */
  private void busChanged(String name) {
    clock.schedule(BASE.latencyNanos(), () -> {
      for (SimNode n : nodes.values()) {
        if (!n.name().equals(name)) {
          n.refreshDeliveryInterest();
        }
      }
    });
  }

  private void arrived(String at, RouteFrame frame) {
    if (frame instanceof RouteFrame.Client c) {
      SimClient client = clientOf(c.message().route());
      if (client != null) {
        toClient(client, at, c.message());
        return;
      }
    }
    nodes.get(at).receive(frame);
  }

  private void toClient(SimClient c, String at, OutboundMessage m) {
    if (c.node().equals(at) && nodes.get(at).isRunning()) {
      record("client " + c.name() + " <- " + at + " " + m.route());
      c.receive(m);
    }
  }

  private SimClient clientOf(String subject) {
    if (!subject.startsWith(SimClient.INBOX)) {
      return null;
    }
    int end = subject.indexOf('.', SimClient.INBOX.length());
    return end < 0 ? null : clients.get(subject.substring(SimClient.INBOX.length(), end));
  }

  // ---------------------------------------------------------------- faults

  /** Kills {@code node}: memory gone, Raft state kept. */
  public void crash(String node) {
    record("crash " + node);
    requireNode(node).crash();
  }

  /** Starts a node that is down, from its kept state. */
  public void restart(String node) {
    record("restart " + node);
    requireNode(node).start();
  }

  /** Stops {@code node} gracefully: it hands its leaderships over, then shuts down. */
  public void stopGracefully(String node) {
    record("stop " + node);
    requireNode(node).stopGracefully(2 * timings.heartbeatNanos());
  }

  public void pause(String node) {
    record("pause " + node);
    requireNode(node).pause();
  }

  public void resume(String node) {
    record("resume " + node);
    requireNode(node).resume();
  }

  /** Splits the network into {@code groups} (see {@link VirtualNetwork#partition}). */
  public void partition(List<List<String>> groups) {
    record("partition " + groups);
    network.partition(groups);
  }

  /** Cuts {@code from → to} only. */
  public void cutOneWay(String from, String to) {
    record("cut " + from + "->" + to);
    network.cutOneWay(from, to);
  }

  /** Sets what every link does (latency, jitter, loss, duplication, reordering). */
  public void setLinkFaults(LinkFaults faults) {
    record("faults " + faults);
    network.setDefaultFaults(faults);
  }

  /** Restores every link and the links' base latency; nodes stay as they are. */
  public void healNetwork() {
    record("heal network");
    network.heal();
    network.setDefaultFaults(BASE);
  }

  /**
   * Heals the network, resumes every paused node and restarts every node that is down — or going
   * down: a node in its graceful stop's grace shuts down at once and restarts.
   */
  public void healAll() {
    healNetwork();
    for (SimNode n : nodes.values()) {
      if (n.state() == SimNode.State.PAUSED) {
        resume(n.name());
      }
      if (n.isStopping()) {
        // paused in its grace too: the stop would complete after the heal otherwise
        record("stop " + n.name() + " completes");
        n.finishStop();
      }
      if (n.state() == SimNode.State.DOWN) {
        restart(n.name());
      }
    }
  }

  // ---------------------------------------------------------------- observation

  public List<String> nodeNames() {
    return List.copyOf(nodes.keySet());
  }

  /** Whether {@code node} runs (neither down nor paused). */
  public boolean isRunning(String node) {
    return requireNode(node).isRunning();
  }

  public boolean isDown(String node) {
    return requireNode(node).state() == SimNode.State.DOWN;
  }

  SimNode node(String name) {
    return requireNode(name);
  }

  List<SimNode> runningNodes() {
    List<SimNode> up = new ArrayList<>();
    nodes.values().stream().filter(SimNode::isRunning).forEach(up::add);
    return up;
  }

  /** The running node that leads the meta group in the highest term, or null. */
  public String metaLeader() {
    String found = null;
    long term = -1;
    for (SimNode n : runningNodes()) {
      RaftStatus s = n.cluster().metaStatus();
      if (s.role() == dev.jslab.engine.raft.Role.LEADER && s.term() > term) {
        found = n.name();
        term = s.term();
      }
    }
    return found;
  }

  /** Writes {@code line} into the history. */
  void record(String line) {
    history.record(line);
  }

  /** Whether the history is written (off only where speed is measured). */
  public void recordHistory(boolean on) {
    history.recording(on);
  }

  /** SHA-256 of everything that happened so far. */
  public String historyHash() {
    return history.hash();
  }

  /** The latest lines of the history. */
  public List<String> history() {
    return history.lines();
  }

  private SimNode requireNode(String name) {
    SimNode n = nodes.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no node " + name + " " + nodes.keySet());
    }
    return n;
  }

  private void roleChanged(String name) {
    if (!history.isRecording()) {
      return;
    }
    SimNode n = nodes.get(name);
    if (n == null || n.cluster() == null) {
      return;
    }
    RaftStatus meta = n.cluster().metaStatus();
    record("roles " + name + " meta " + meta.role() + " t" + meta.term() + " streams " + n.cluster().streamLeaders());
  }

  private void recordNetwork(NetworkEvent<RouteFrame> e) {
    if (!history.isRecording()) {
      return;
    }
    record(e.kind() + " " + e.from() + "->" + e.to() + " " + e.message().describe());
  }
}
