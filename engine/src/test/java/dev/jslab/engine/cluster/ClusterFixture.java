package dev.jslab.engine.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.jslab.engine.api.handler.JsApi;
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
import dev.jslab.engine.time.VirtualScheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A clustered JetStream of N nodes on one virtual clock, in memory: Raft messages take a
 * millisecond between nodes unless a node is down or cut off; a client's request or publish
 * reaches every running node (as routes carry it to every node's JetStream), and what any node
 * answers is collected by reply subject; what a node sends on {@code $JS.API.>} or {@code $JSC.>}
 * reaches the other nodes as routes would carry it. Each node's Raft state and file streams' stores
 * outlive its restarts, as on disk.
 */
final class ClusterFixture {
  static final long MS = 1_000_000L;
  static final long SECOND = 1_000 * MS;

  final VirtualScheduler clock = new VirtualScheduler(1_700_000_000L * SECOND);
  final List<String> names = new ArrayList<>();
  final Map<String, Node> nodes = new LinkedHashMap<>();
  final List<OutboundMessage> out = new ArrayList<>();
  final Set<String> cutOff = new HashSet<>();
  private final RaftTimings timings;
  private final long seed;
  /** After how many applied entries the nodes' meta, stream and consumer groups compact their logs. */
  long compactAfterEntries = 8192;

  /** One node: its JetStream, API and cluster part, and its groups' Raft state across restarts. */
  final class Node implements ClusterHost {
    final String name;
    final Map<String, InMemoryRaftStorage> disks = new HashMap<>();
    /** Every group the node opened, in order, across its restarts. */
    final List<String> opened = new ArrayList<>();
    /** File streams' stores, kept across restarts as on disk (memory streams' are not). */
    final StreamStorage files = StreamStorage.kept();
    JetStream js;
    JsApi api;
    JetStreamCluster cluster;
    int starts;

    Node(String name) {
      this.name = name;
    }

    void start() {
      starts++;
      js = JetStream.start(new JetStream.Environment(
          clock, this::send, files, StreamStorage.memory(), ConsumerStorage.memory(),
          StreamCatalog.none(), SyncPolicy.DEFAULT_INTERVAL, "", new SplittableRandom(seed + name.hashCode() + starts),
          ClusterFixture.this::hasInterest));
      // as routes announce a node's interest: push consumers elsewhere hear of a mirror's inbox
      js.onCapturedSubjects(subjects -> clock.schedule(MS, () -> nodes.values().stream()
          .filter(n -> n != this && n.running())
          .forEach(n -> n.js.refreshDeliveryInterest(ClusterFixture.this::hasInterest))));
      api = new JsApi(js, clock, js.outbox(), "", name, "lab", dev.jslab.engine.api.handler.ApiAudit.none());
      cluster = new JetStreamCluster(
          new JetStreamCluster.Membership(name, "lab", names, timings), this, clock, js, api,
          openGroup(MetaGroup.NAME, false), new SplittableRandom(seed * 31 + name.hashCode() + starts), () -> {});
    }

    /**
     * What the node sends (its API answering through JetStream's outbox, so what its own bus waits
     * on stayed there): collected; an API request it makes reaches every node's API (its own too,
     * as the hub hands it), cluster traffic and flow-control replies the other nodes, and what
     * waits on another node's internal bus (a mirror's inboxes) that node's bus.
     */
    private void send(OutboundMessage m) {
      out.add(m);
      String route = m.route();
      clock.schedule(MS, () -> {
        for (Node other : nodes.values()) {
          if (!other.running() || cutOff.contains(other.name) || cutOff.contains(name)) {
            continue;
          }
          boolean self = other == this;
          if (!self && other.js.takesOnBus(route)) {
            other.js.receiveOnBus(route, m.subject(), m.reply(), m.headers(), m.data());
          } else if (!self && route.startsWith("$JSC.")) {
            other.js.clusterMessage(route, m.reply(), m.data());
          } else if (route.startsWith("$JS.API.") && (!self || fromBus(m))) {
            other.api.handle(route, m.reply(), null, m.data());
          } else if (!self && route.startsWith("$JS.FC.")) {
            other.js.processFlowControlReply(route);
          }
        }
      });
    }

    /** A request a mirror or source of this node makes: its reply inbox waits on the bus. */
    private boolean fromBus(OutboundMessage m) {
      return js != null && m.reply() != null && js.takesOnBus(m.reply());
    }

    boolean running() {
      return cluster != null;
    }

    void crash() {
      cluster.close(true);
      js.crash();
      cluster = null;
      js = null;
      api = null;
    }

    @Override
    public void send(String to, String group, RaftMessage message) {
      if (cutOff.contains(name) || cutOff.contains(to)) {
        return;
      }
      clock.schedule(MS, () -> {
        Node target = nodes.get(to);
        if (target.running() && !cutOff.contains(to) && !cutOff.contains(name)) {
          target.cluster.receive(group, message);
        }
      });
    }

    @Override
    public RaftStorage openGroup(String group, boolean memory) {
      opened.add(group);
      return disks.computeIfAbsent(group, g -> new InMemoryRaftStorage());
    }

    @Override
    public void closeGroup(String group, RaftStorage storage, boolean crash) {}

    @Override
    public void deleteGroup(String group, RaftStorage storage) {
      disks.remove(group);
    }

    @Override
    public long compactAfterEntries() {
      return compactAfterEntries;
    }
  }

  ClusterFixture(int size, RaftTimings timings, long seed) {
    this.timings = timings;
    this.seed = seed;
    for (int i = 1; i <= size; i++) {
      names.add("n" + i);
    }
    for (String n : names) {
      nodes.put(n, new Node(n));
    }
    nodes.values().forEach(Node::start);
  }

  /**
   * Whether a subject has a subscriber: a client inbox always does here (the fixture collects what
   * is sent to it); a mirror's or source's deliver subject only while some node's bus waits on it.
   */
  private boolean hasInterest(String subject) {
    if (!subject.startsWith("$JS.M.") && !subject.startsWith("$JS.S.")) {
      return true;
    }
    return nodes.values().stream().anyMatch(n -> n.running() && n.js.takesOnBus(subject));
  }

  Node node(String name) {
    return nodes.get(name);
  }

  void run(long nanos) {
    clock.runUntil(clock.nowNanos() + nanos);
  }

  /** Runs until some node leads the meta group; its name. */
  String awaitMetaLeader() {
    for (int i = 0; i < 600; i++) {
      for (Node n : nodes.values()) {
        if (n.running() && n.cluster.metaStatus().role() == dev.jslab.engine.raft.Role.LEADER) {
          return n.name;
        }
      }
      run(50 * MS);
    }
    throw new AssertionError("no meta leader within 30 s");
  }

  /** Sends a request to every running node and runs {@code wait}; the first answer, or null. */
  String request(String subject, String body, long wait) {
    String reply = "_INBOX." + clock.nowNanos();
    for (Node n : nodes.values()) {
      if (n.running() && !cutOff.contains(n.name)) {
        n.api.handle(subject, reply, null, body.getBytes(UTF_8));
      }
    }
    run(wait);
    return first(reply);
  }

  String request(String subject, String body) {
    return request(subject, body, 200 * MS);
  }

  /** Publishes to every running node (only a stream's leader takes it); the PubAck, or null. */
  String publish(String subject, String headers, String data) {
    String reply = "_INBOX.p" + clock.nowNanos();
    for (Node n : nodes.values()) {
      if (n.running() && !cutOff.contains(n.name)) {
        n.js.publish(subject, reply, headers == null ? null : headers.getBytes(UTF_8), data.getBytes(UTF_8));
      }
    }
    run(50 * MS);
    return first(reply);
  }

  /** Every running node's JetStream gets an ack (routes carry it everywhere; only a leader acts). */
  void ack(String ackSubject) {
    for (Node n : nodes.values()) {
      if (n.running() && !cutOff.contains(n.name)) {
        n.js.processAck(ackSubject, "+ACK".getBytes(UTF_8), null);
      }
    }
    run(50 * MS);
  }

  /** The messages delivered to {@code reply} so far. */
  /**
   * A pull request for {@code batch} messages of {@code stream}'s consumer {@code consumer} (it
   * reaches every running node, as routes carry it); what was delivered to {@code reply} within
   * 100 ms.
   */
  List<OutboundMessage> fetch(String stream, String consumer, String reply, int batch) {
    for (Node n : nodes.values()) {
      if (n.running()) {
        n.api.handle("$JS.API.CONSUMER.MSG.NEXT." + stream + "." + consumer, reply, null,
            ("{\"batch\":" + batch + ",\"expires\":500000000}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    run(100 * MS);
    return delivered(reply);
  }

  List<OutboundMessage> delivered(String reply) {
    return out.stream().filter(m -> m.route().equals(reply) && m.reply() != null).toList();
  }

  /** The answers sent to {@code reply} so far. */
  List<String> answers(String reply) {
    return out.stream().filter(m -> m.route().equals(reply)).map(m -> new String(m.data(), UTF_8)).toList();
  }

  private String first(String reply) {
    List<String> all = answers(reply);
    return all.isEmpty() ? null : all.get(0);
  }
}
