package dev.jslab.engine.cluster;

import dev.jslab.engine.api.JsError;
import dev.jslab.engine.api.handler.ApiRequest;
import dev.jslab.engine.api.handler.Request;
import dev.jslab.engine.consumer.ConsumerCheckLimits;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.consumer.ConsumerConfigCheck;
import dev.jslab.engine.jetstream.ConsumerCreateHandler;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.raft.Proposal;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.stream.StreamConfigCheck;
import dev.jslab.engine.subject.Subjects;
import dev.jslab.engine.wire.JsonReader;
import dev.jslab.engine.wire.StreamConfigJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the meta leader does with the requests that change which streams exist: checks them
 * against every placed stream with nats-server's rules, chooses the replicas among the nodes it
 * has heard from recently, and proposes the change to the meta group; the answer follows when the
 * change is committed (a create's from the new stream's first leader).
 *
 * <p>Stateless; called on the node's executor.
 */
final class Placement {
  private static final String GROUP_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Placement() {}

  static void create(JetStreamCluster c, ApiRequest request) {
    StreamConfig requested = StreamConfigJson.read(Request.object(request.body()));
    if (!request.token(2).equals(requested.name())) {
      throw JsError.STREAM_MISMATCH.error().exception();
    }
    Map<String, StreamAssignment> streams = c.meta().streams();
    StreamConfig cfg = JetStream.checkCreate(requested, lookup(streams));
    StreamAssignment existing = streams.get(cfg.name());
    if (existing != null) {
      if (!existing.config().equals(cfg)) {
        throw JsError.STREAM_NAME_EXIST.error().exception();
      }
      return; // the same again: the stream's leader answers with its info (answerExistingCreate)
    }
    checkOverlap(streams, cfg);
    List<String> peers = choosePeers(c, Math.max(1, cfg.replicas()));
    String group =
        "S-R" + peers.size() + (cfg.storage() == StorageType.MEMORY ? "M" : "F") + "-" + randomName(c);
    propose(
        c,
        new MetaCommand.AssignStream(
            new StreamAssignment(
                cfg, group, peers, c.scheduler().nowNanos(), request.subject(), request.reply())));
  }

  /**
   * A create of a stream this node leads, with the configuration it has: answered here with the
   * stream's info, wherever the meta leader is (true). Anything else is left to the meta leader.
   */
  static boolean answerExistingCreate(JetStreamCluster c, ApiRequest request) {
    StreamGroup g = c.streamGroup(request.token(2));
    if (g == null || !g.isLeader()) {
      return false;
    }
    try {
      StreamConfig requested = StreamConfigJson.read(Request.object(request.body()));
      StreamAssignment existing = c.meta().streams().get(requested.name());
      if (existing == null
          || !request.token(2).equals(requested.name())
          || !existing.config().equals(JetStream.checkCreate(requested, lookup(c.meta().streams())))) {
        return false;
      }
    } catch (dev.jslab.engine.api.ApiException e) {
      return false;
    }
    c.api().answerExisting(request, g.stream(), g.section());
    return true;
  }

  static void update(JetStreamCluster c, ApiRequest request) {
    StreamConfig requested = StreamConfigJson.read(Request.object(request.body()));
    Map<String, StreamAssignment> streams = c.meta().streams();
    // nats-server checks the configuration before the subject's name and the stream's existence
    StreamConfigCheck.check(requested, lookup(streams));
    if (!request.token(2).equals(requested.name())) {
      throw JsError.STREAM_MISMATCH.error().exception();
    }
    StreamAssignment existing = streams.get(requested.name());
    if (existing == null) {
      throw JsError.STREAM_NOT_FOUND.error().exception();
    }
    StreamConfig cfg = StreamConfigCheck.checkUpdate(existing.config(), requested, lookup(streams));
    checkOverlap(streams, cfg);
    int replicas = Math.max(1, cfg.replicas());
    // as nats-server: a change of the configured count (a group that shrank by a peer removal
    // keeps its count, and an update that does not change it leaves the group as it is)
    if (replicas == Math.max(1, existing.config().replicas())) {
      propose(c, new MetaCommand.UpdateStream(cfg, request.subject(), request.reply()));
      return;
    }
    List<String> peers = replicas > existing.peers().size() ? scaleUp(c, existing, replicas) : scaleDown(c, existing, replicas);
    propose(
        c,
        new MetaCommand.Reassign(
            existing.stream(), peers, cfg, consumersAfterScale(c, existing, cfg, peers), List.of(),
            request.subject(), request.reply()));
  }

  /**
   * A scale-up keeps the replicas and adds online nodes that are not one yet, chosen at random as
   * for a create (nats-server's {@code selectPeerGroup} with the existing peers kept); 10005 when
   * too few are online.
   */
  private static List<String> scaleUp(JetStreamCluster c, StreamAssignment existing, int replicas) {
    List<String> spare = new ArrayList<>(online(c));
    spare.removeAll(existing.peers());
    if (existing.peers().size() + spare.size() < replicas) {
      throw JsError.CLUSTER_NO_PEERS.withError("no suitable peers for placement").exception();
    }
    shuffle(c, spare);
    List<String> peers = new ArrayList<>(existing.peers());
    peers.addAll(spare.subList(0, replicas - existing.peers().size()));
    return peers;
  }

  /**
   * A scale-down keeps the stream's leader when this node knows it (nats-server asks the leader
   * for the stream's info; the lab's meta leader knows it when it holds a replica itself), then
   * the replicas heard from recently, in their order; offline ones only to make up the count.
   */
  private static List<String> scaleDown(JetStreamCluster c, StreamAssignment existing, int replicas) {
    List<String> ordered = new ArrayList<>();
    StreamGroup local = c.streamGroup(existing.stream());
    Optional<String> leader = local == null ? Optional.empty() : local.leader();
    leader.filter(existing.peers()::contains).ifPresent(ordered::add);
    List<String> online = online(c);
    existing.peers().stream().filter(p -> online.contains(p) && !ordered.contains(p)).forEach(ordered::add);
    existing.peers().stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
    return List.copyOf(ordered.subList(0, replicas));
  }

  /**
   * The stream's consumers after its replica count changed, as nats-server remaps them: one that
   * follows the stream's replica count (a named one with {@code num_replicas} 0), one with more
   * replicas than the stream has now, and every consumer of an interest or work-queue stream take
   * the stream's replicas; a scale-down moves the others off the replicas that go, keeping their
   * size. An explicit {@code num_replicas} is set to the new size.
   */
  private static List<MetaCommand.ConsumerMove> consumersAfterScale(
      JetStreamCluster c, StreamAssignment existing, StreamConfig cfg, List<String> peers) {
    boolean scaleUp = peers.size() > existing.peers().size();
    List<MetaCommand.ConsumerMove> moves = new ArrayList<>();
    for (ConsumerAssignment ca : c.meta().consumers(existing.stream()).values()) {
      ConsumerConfig cc = ca.config();
      boolean autoScale = cc.replicas() == 0 && (!cc.durable().isEmpty() || !cc.name().isEmpty());
      if (autoScale || ca.peers().size() > peers.size() || cfg.retention() != dev.jslab.engine.stream.RetentionPolicy.LIMITS) {
        moves.add(new MetaCommand.ConsumerMove(ca.name(), peers, withReplicas(cc, peers.size())));
      } else if (!scaleUp && !peers.containsAll(ca.peers())) {
        List<String> moved = new ArrayList<>(peers);
        shuffle(c, moved);
        moved = moved.subList(0, Math.min(ca.peers().size(), moved.size()));
        moves.add(new MetaCommand.ConsumerMove(ca.name(), moved, withReplicas(cc, moved.size())));
      }
    }
    return moves;
  }

  private static ConsumerConfig withReplicas(ConsumerConfig cc, int replicas) {
    return cc.replicas() == 0 || cc.replicas() == replicas ? null : cc.toBuilder().replicas(replicas).build();
  }

  /**
   * {@code STREAM.PEER.REMOVE.<stream>} with {@code {"peer":"<server>"}}, as nats-server's meta
   * leader answers it: 10003 for an empty request or peer, 10025 for a body that is not a JSON
   * object, 10059 for an unknown stream, 10040 when the server is not one of the stream's replicas.
   * The replica is moved to an online node that holds none (chosen at random); durable consumers
   * on the removed peer move along and other consumers there are deleted. When no node can take
   * the replica, a stream of more than one replica shrinks by it and one replica stays put — both
   * answered 10075, as nats-server's {@code remapStreamAssignment} does.
   */
  static void removePeer(JetStreamCluster c, ApiRequest request) {
    if (Request.isEmpty(request.body())) {
      throw JsError.BAD_REQUEST.error().exception();
    }
    String peer = JsonReader.string(Request.object(request.body()), "peer");
    if (peer.isEmpty()) {
      throw JsError.BAD_REQUEST.error().exception();
    }
    StreamAssignment sa = c.meta().streams().get(request.token(3));
    if (sa == null) {
      throw JsError.STREAM_NOT_FOUND.error().exception();
    }
    if (!sa.peers().contains(peer)) {
      throw JsError.CLUSTER_PEER_NOT_MEMBER.error().exception();
    }
    List<String> spare = new ArrayList<>(online(c));
    spare.removeAll(sa.peers());
    shuffle(c, spare);
    String replacement = spare.isEmpty() ? null : spare.get(0);
    if (replacement == null && sa.peers().size() == 1) {
      throw JsError.PEER_REMAP.error().exception();
    }
    List<String> peers = replaced(sa.peers(), peer, replacement);
    List<MetaCommand.ConsumerMove> moves = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (ConsumerAssignment ca : c.meta().consumers(sa.stream()).values()) {
      if (!ca.peers().contains(peer)) {
        continue;
      }
      if (ca.config().durable().isEmpty()) {
        removed.add(ca.name()); // nats-server re-places durables only
        continue;
      }
      List<String> moved = replaced(ca.peers(), peer, replacement);
      if (moved.isEmpty()) {
        moved = List.of(peers.get(0));
      }
      moves.add(new MetaCommand.ConsumerMove(ca.name(), moved, null));
    }
    propose(c, new MetaCommand.Reassign(sa.stream(), peers, null, moves, removed, "", ""));
    if (replacement == null) {
      throw JsError.PEER_REMAP.error().exception();
    }
    c.api().answerOk(request, w -> w.writeBooleanField("success", true));
  }

  /** {@code peers} with {@code peer} replaced by {@code replacement} in place, or left out if null. */
  private static List<String> replaced(List<String> peers, String peer, String replacement) {
    List<String> out = new ArrayList<>();
    for (String p : peers) {
      if (!p.equals(peer)) {
        out.add(p);
      } else if (replacement != null) {
        out.add(replacement);
      }
    }
    return out;
  }

  static void delete(JetStreamCluster c, ApiRequest request) {
    if (!Request.isEmpty(request.body())) {
      throw JsError.NOT_EMPTY_REQUEST.error().exception();
    }
    String name = request.token(2);
    if (!c.meta().streams().containsKey(name)) {
      throw JsError.STREAM_NOT_FOUND.error().exception();
    }
    propose(c, new MetaCommand.RemoveStream(name, request.subject(), request.reply()));
  }

  /**
   * {@code CONSUMER.CREATE} (every form): checked against the stream's placed consumers; a new
   * consumer is placed on the stream's replicas (its {@code num_replicas} of them), an existing one
   * is updated.
   */
  static void createConsumer(JetStreamCluster c, ApiRequest request) {
    ConsumerCreateHandler.Parsed parsed = ConsumerCreateHandler.parse(request.subject(), request.body(), true);
    StreamAssignment sa = c.meta().streams().get(parsed.stream());
    if (sa == null) {
      throw JsError.STREAM_NOT_FOUND.error().exception();
    }
    Map<String, ConsumerConfig> existing = new java.util.LinkedHashMap<>();
    c.meta().consumers(sa.stream()).forEach((name, ca) -> existing.put(name, ca.config()));
    ConsumerConfigCheck.Decision decision =
        ConsumerConfigCheck.checkCreate(
            parsed.config(), parsed.action(), sa.config(), existing, ConsumerCheckLimits.NONE,
            subject -> true, c.nuid()::consumerName);
    if (decision instanceof ConsumerConfigCheck.Update u) {
      propose(c, new MetaCommand.UpdateConsumer(
          sa.stream(), u.name(), u.config(), request.subject(), request.reply()));
      return;
    }
    List<String> peers = new ArrayList<>(sa.peers());
    shuffle(c, peers);
    // fewer replicas than the stream's go to its peers heard from recently, as nats-server's do
    List<String> online = online(c);
    peers.sort(java.util.Comparator.comparing(p -> online.contains(p) ? 0 : 1));
    int replicas = decision.config().replicas();
    if (replicas > 0 && replicas < peers.size()) {
      peers = new ArrayList<>(peers.subList(0, replicas));
    }
    boolean memory = sa.config().storage() == StorageType.MEMORY || decision.config().memoryStorage();
    String group = "C-R" + peers.size() + (memory ? "M" : "F") + "-" + randomName(c);
    propose(
        c,
        new MetaCommand.AssignConsumer(
            new ConsumerAssignment(
                sa.stream(), decision.name(), decision.config(), group, peers,
                c.scheduler().nowNanos(), request.subject(), request.reply())));
  }

  /** {@code CONSUMER.DELETE.<stream>.<consumer>}. */
  static void deleteConsumer(JetStreamCluster c, ApiRequest request) {
    if (!Request.isEmpty(request.body())) {
      throw JsError.NOT_EMPTY_REQUEST.error().exception();
    }
    String stream = request.token(2);
    String name = request.token(3);
    if (!c.meta().streams().containsKey(stream)) {
      throw JsError.STREAM_NOT_FOUND.error().exception();
    }
    if (!c.meta().consumers(stream).containsKey(name)) {
      throw JsError.CONSUMER_NOT_FOUND.error().exception();
    }
    propose(c, new MetaCommand.RemoveConsumer(stream, name, request.subject(), request.reply()));
  }

  /** Names of placed streams, sorted, filtered by the request's {@code subject} if it has one. */
  static List<String> names(JetStreamCluster c, ApiRequest request) {
    var req = Request.objectOrNull(request.body());
    String filter = req == null ? "" : JsonReader.string(req, "subject");
    List<String> names = new ArrayList<>();
    for (StreamAssignment a : c.meta().streams().values()) {
      if (filter.isEmpty() || a.config().subjects().stream().anyMatch(s -> Subjects.collide(s, filter))) {
        names.add(a.stream());
      }
    }
    names.sort(null);
    return names;
  }

  /** A request rebuilt from what a committed command kept of it, to answer it. */
  static ApiRequest request(String pattern, String subject, String reply) {
    return request(pattern, subject, reply, new byte[0]);
  }

  /** As {@link #request(String, String, String)} with the request's body. */
  static ApiRequest request(String pattern, String subject, String reply, byte[] body) {
    String local = subject.startsWith("$JS.API.") ? subject.substring("$JS.API.".length()) : subject;
    return new ApiRequest(pattern, Subjects.tokens(local), subject, reply, body, 0);
  }

  private static Function<String, Optional<StreamConfig>> lookup(Map<String, StreamAssignment> streams) {
    return name -> Optional.ofNullable(streams.get(name)).map(StreamAssignment::config);
  }

  private static void checkOverlap(Map<String, StreamAssignment> streams, StreamConfig cfg) {
    for (StreamAssignment other : streams.values()) {
      if (other.stream().equals(cfg.name())) {
        continue;
      }
      for (String a : other.config().subjects()) {
        for (String b : cfg.subjects()) {
          if (Subjects.collide(a, b)) {
            throw JsError.STREAM_SUBJECT_OVERLAP.error().exception();
          }
        }
      }
    }
  }

  /**
   * {@code count} replicas among the leader and the members it heard from within three heartbeats
   * (nats-server's idea of an online peer), in a random order whose first is the preferred leader.
   */
  private static List<String> choosePeers(JetStreamCluster c, int count) {
    List<String> online = online(c);
    if (online.size() < count) {
      throw JsError.CLUSTER_NO_PEERS.withError("no suitable peers for placement").exception();
    }
    shuffle(c, online);
    return List.copyOf(online.subList(0, count));
  }

  /** The meta leader itself and the members it heard from within three heartbeats, in name order. */
  private static List<String> online(JetStreamCluster c) {
    RaftStatus st = c.meta().status();
    long now = c.scheduler().nowNanos();
    long within = c.membership().timings().healthyWithinNanos();
    List<String> online = new ArrayList<>();
    for (String member : st.members()) {
      RaftStatus.FollowerStatus f = st.followers().get(member);
      if (member.equals(c.membership().self())
          || (f != null && f.lastContactNanos() >= 0 && now - f.lastContactNanos() < within)) {
        online.add(member);
      }
    }
    return online;
  }

  private static void shuffle(JetStreamCluster c, List<String> list) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = c.random().nextInt(i + 1);
      String t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  private static String randomName(JetStreamCluster c) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      b.append(GROUP_CHARS.charAt(c.random().nextInt(GROUP_CHARS.length())));
    }
    return b.toString();
  }

  private static void propose(JetStreamCluster c, MetaCommand command) {
    Proposal p = c.meta().propose(command);
    if (!p.accepted()) {
      throw JsError.CLUSTER_NOT_AVAIL.error().exception();
    }
  }
}
