package dev.jslab.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.consumer.Consumer;
import dev.jslab.engine.message.Headers;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.Role;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.Stream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invariants of a healed, settled {@link JetStreamSim} after a check's workload, in the order
 * they are judged; the first broken one is the verdict: (d) every group — meta, stream, consumer —
 * has a leader; (a) every acknowledged publish is in the stream exactly once by its {@code
 * Nats-Msg-Id}, at the sequence its PubAck named, and no id is stored twice; (b) every replica
 * holds the same messages as the leader's, and every replica of the consumer the same delivered
 * position and ack floor as its leader; (c) the consumer received every stored message at least
 * once, and the ack floor its leader reports covers every sequence it acked in order.
 *
 * <p>Not thread-safe: confined to the thread that drives the simulation.
 */
final class JetStreamJudge {
  private final JetStreamSim sim;
  private final JetStreamCheck.Requester requester;
  private final long bound;
  private final String stream;
  private final String consumer;

  JetStreamJudge(JetStreamSim sim, JetStreamCheck.Requester requester, long bound, String stream, String consumer) {
    this.sim = sim;
    this.requester = requester;
    this.bound = bound;
    this.stream = stream;
    this.consumer = consumer;
  }

  /** The verdict: the first broken invariant, or empty. */
  Optional<String> judge(AckLedger ledger, PullWorker puller) {
    Optional<String> v = leaderlessAfterBound().map(g -> "leaders: " + g);
    if (v.isEmpty()) {
      v = ledger.conflict();
    }
    Stream leader = leaderReplica().orElse(null);
    if (v.isEmpty() && leader == null) {
      v = Optional.of("leaders: no running replica of " + stream + " leads it");
    }
    if (v.isEmpty()) {
      v = acknowledgedOnce(ledger.acknowledged(), leader.store());
    }
    if (v.isEmpty()) {
      v = replicasAgree(leader.store());
    }
    if (v.isEmpty()) {
      v = consumerReplicasAgree();
    }
    if (v.isEmpty()) {
      v = consumerCaughtUp(leader.store(), puller);
    }
    return v;
  }

  // ---------------------------------------------------------------- (d)

  /**
   * A group still without a leader once the bound has passed, if any: a group created while the
   * cluster settled (a source re-creating its consumer) gets the same time to elect one.
   */
  private Optional<String> leaderlessAfterBound() {
    long step = 50_000_000L;
    for (long waited = 0; waited < bound && leaderless().isPresent(); waited += step) {
      sim.run(step);
    }
    return leaderless();
  }

  /** A group without a leader now ("meta", the stream's, the consumer's), if any. */
  Optional<String> leaderless() {
    Map<String, RaftStatus> best = new LinkedHashMap<>();
    for (SimNode n : sim.runningNodes()) {
      List<RaftStatus> all = new ArrayList<>();
      all.add(n.cluster().metaStatus());
      all.addAll(n.cluster().streamGroupStatuses());
      all.addAll(n.cluster().consumerGroupStatuses());
      for (RaftStatus s : all) {
        best.merge(s.group(), s, (a, b) -> rank(b) > rank(a) ? b : a);
      }
    }
    if (best.size() < 3) {
      return Optional.of("only groups " + best.keySet() + " exist on the running nodes (meta, stream and consumer expected)");
    }
    for (RaftStatus s : best.values()) {
      if (s.role() != Role.LEADER) {
        return Optional.of("group " + s.group() + " has no leader (highest term " + s.term() + ")");
      }
    }
    return Optional.empty();
  }

  /** Higher term first; within a term a leader ranks above the rest. */
  private static long rank(RaftStatus s) {
    return s.term() * 2 + (s.role() == Role.LEADER ? 1 : 0);
  }

  // ---------------------------------------------------------------- (a)

  private Optional<Stream> leaderReplica() {
    return sim.runningNodes().stream()
        .map(n -> n.jetStream().stream(stream))
        .flatMap(Optional::stream)
        .filter(Stream::isLeader)
        .findFirst();
  }

  private static Optional<String> acknowledgedOnce(Map<String, Long> acked, MessageStore store) {
    Map<String, List<Long>> byId = new LinkedHashMap<>();
    for (StoredMessage m : messages(store)) {
      String id = Headers.get(m.headers(), Headers.MSG_ID);
      byId.computeIfAbsent(String.valueOf(id), k -> new ArrayList<>()).add(m.seq());
    }
    for (Map.Entry<String, Long> a : acked.entrySet()) {
      List<Long> seqs = byId.getOrDefault(a.getKey(), List.of());
      if (!seqs.equals(List.of(a.getValue()))) {
        return Optional.of("acknowledged publish: " + a.getKey() + " was acknowledged at seq " + a.getValue()
            + " but the stream holds it at " + seqs);
      }
    }
    for (Map.Entry<String, List<Long>> e : byId.entrySet()) {
      if (e.getValue().size() > 1) {
        return Optional.of("duplicate: " + e.getKey() + " is stored at " + e.getValue());
      }
    }
    return Optional.empty();
  }

  /** Every message {@code store} holds, in sequence order. */
  static List<StoredMessage> messages(MessageStore store) {
    List<StoredMessage> all = new ArrayList<>();
    var state = store.state();
    for (long seq = state.firstSeq(); seq <= state.lastSeq() && seq > 0; seq++) {
      StoredMessage m = store.load(seq);
      if (m != null) {
        all.add(m);
      }
    }
    return all;
  }

  // ---------------------------------------------------------------- (b)

  private Optional<String> replicasAgree(MessageStore leader) {
    long deadline = sim.elapsedNanos() + bound;
    Optional<String> difference = difference(leader);
    while (difference.isPresent() && sim.elapsedNanos() < deadline) {
      sim.run(sim.timings().heartbeatNanos());
      difference = difference(leader);
    }
    return difference.map(d -> "replica divergence: " + d);
  }

  private Optional<String> difference(MessageStore leaderStore) {
    List<StoredMessage> expected = messages(leaderStore);
    for (SimNode n : sim.runningNodes()) {
      Optional<Stream> replica = n.jetStream().stream(stream);
      if (replica.isEmpty() || replica.get().store() == leaderStore) {
        continue;
      }
      List<StoredMessage> held = messages(replica.get().store());
      for (int i = 0; i < Math.max(expected.size(), held.size()); i++) {
        StoredMessage e = i < expected.size() ? expected.get(i) : null;
        StoredMessage h = i < held.size() ? held.get(i) : null;
        if (e == null || h == null || !same(e, h)) {
          return Optional.of(n.name() + " holds " + describe(h) + " where the leader holds " + describe(e)
              + " (" + held.size() + " messages there, " + expected.size() + " on the leader)");
        }
      }
    }
    return Optional.empty();
  }

  private static boolean same(StoredMessage a, StoredMessage b) {
    return a.seq() == b.seq() && a.subject().equals(b.subject()) && Arrays.equals(a.headers(), b.headers())
        && Arrays.equals(a.data(), b.data());
  }

  private static String describe(StoredMessage m) {
    return m == null ? "nothing" : "seq " + m.seq() + " (" + Headers.get(m.headers(), Headers.MSG_ID) + ")";
  }

  private Optional<String> consumerReplicasAgree() {
    long deadline = sim.elapsedNanos() + bound;
    Optional<String> difference = consumerDifference();
    while (difference.isPresent() && sim.elapsedNanos() < deadline) {
      sim.run(sim.timings().heartbeatNanos());
      difference = consumerDifference();
    }
    return difference.map(d -> "consumer replica divergence: " + d);
  }

  /** A consumer replica whose delivered and ack floor differ from its leader's, if any. */
  private Optional<String> consumerDifference() {
    List<Consumer> replicas = sim.runningNodes().stream()
        .map(n -> n.jetStream().consumer(stream, consumer))
        .flatMap(Optional::stream)
        .toList();
    Optional<Consumer> leader = replicas.stream().filter(Consumer::isLeader).findFirst();
    if (leader.isEmpty()) {
      return Optional.of("no replica of " + consumer + " leads it");
    }
    String expected = positions(leader.get());
    for (SimNode n : sim.runningNodes()) {
      Optional<Consumer> c = n.jetStream().consumer(stream, consumer);
      if (c.isPresent() && !positions(c.get()).equals(expected)) {
        return Optional.of(n.name() + " has " + positions(c.get()) + " where the leader has " + expected);
      }
    }
    return Optional.empty();
  }

  private static String positions(Consumer c) {
    return "delivered " + c.state().delivered() + " ack floor " + c.state().ackFloor();
  }

  // ---------------------------------------------------------------- (c)

  private Optional<String> consumerCaughtUp(MessageStore store, PullWorker puller) {
    List<Long> seqs = messages(store).stream().map(StoredMessage::seq).toList();
    for (long seq : seqs) {
      if (!puller.received().containsKey(seq)) {
        String leader = sim.runningNodes().stream()
            .map(n -> n.jetStream().consumer(stream, consumer))
            .flatMap(Optional::stream)
            .filter(Consumer::isLeader)
            .map(c -> "; its leader has " + positions(c) + ", " + c.state().pending().size() + " pending")
            .findFirst().orElse("");
        return Optional.of("consumer: stream seq " + seq + " was never delivered (" + puller.received().size()
            + " of " + seqs.size() + " received" + leader + ")");
      }
    }
    long inOrder = 0;
    for (long seq : seqs) {
      if (!puller.acked().contains(seq)) {
        break;
      }
      inOrder = seq;
    }
    JsonNode info = requester.request(
        JsApi.PREFIX + "CONSUMER.INFO." + stream + "." + consumer, "", sim.timings().electionMaxNanos());
    if (info == null || info.has("error")) {
      return Optional.of("consumer: its leader gave no info (" + info + ")");
    }
    long floor = info.path("ack_floor").path("stream_seq").asLong(-1);
    if (floor < inOrder) {
      return Optional.of("consumer: ack floor at stream seq " + floor + " below seq " + inOrder
          + " up to which every message was acked");
    }
    return Optional.empty();
  }
}
