package dev.jslab.engine.cluster;

import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.api.handler.ApiCluster;
import dev.jslab.engine.api.handler.ApiRequest;
import dev.jslab.engine.api.handler.ClusterSection;
import dev.jslab.engine.api.handler.ClusterSections;
import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.jetstream.StreamReplication;
import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftStorage;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamOp;
import dev.jslab.engine.time.Scheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One node's part in a clustered JetStream: its member of the meta group, its replicas of the
 * streams placed on it (each with its Raft group), and the rules deciding which node answers an
 * API request — the meta leader for what the meta group decides (create, update, delete, names,
 * account info; every node answers 10008 while there is no meta leader), a stream's leader for
 * what concerns the stream (info, get, purge, delete message, stepdown), and the node holding a
 * consumer for that consumer. Other nodes stay silent, as nats-server's do.
 *
 * <p>Not thread-safe: confined to the node's executor. The node's host delivers every Raft
 * message of its groups through {@link #receive}.
 */
public final class JetStreamCluster implements ApiCluster, StreamReplication, ClusterSections {
  /**
   * Who the node is in its cluster.
   *
   * @param self the node's name (its server name and Raft id)
   * @param cluster the cluster's name
   * @param members every node of the cluster, itself included
   * @param timings the clocks of every Raft group
   */
  public record Membership(String self, String cluster, List<String> members, RaftTimings timings) {
    public Membership {
      members = List.copyOf(members);
    }
  }

  private final Membership membership;
  private final ClusterHost host;
  private final Scheduler scheduler;
  private final JetStream js;
  private final JsApi api;
  private final RandomGenerator random;
  private final MetaGroup meta;
  private final RaftStorage metaStorage;
  private final Runnable changed;
  private final Map<String, StreamGroup> groups = new LinkedHashMap<>(); // by stream name
  private final Map<String, GroupRoute> byGroup = new LinkedHashMap<>(); // by group name
  /** Consumer replicas by {@code <stream>/<consumer>}. */
  private final Map<String, ConsumerGroup> consumerGroups = new LinkedHashMap<>();
  private final dev.jslab.engine.advisory.Nuid nuid;
  private final EarlyMessages early = new EarlyMessages();

  /** Where a group's messages go on this node. */
  private interface GroupRoute {
    void receive(RaftMessage message);
  }
  private boolean open = true;

  /**
   * Joins the cluster with the node's {@code js} and {@code api}; the meta group's state comes from
   * {@code metaStorage}. {@code changed} runs after any role, term or leader of the node's groups
   * changed, or a replica came or went.
   */
  public JetStreamCluster(
      Membership membership,
      ClusterHost host,
      Scheduler scheduler,
      JetStream js,
      JsApi api,
      RaftStorage metaStorage,
      RandomGenerator random,
      Runnable changed) {
    this.membership = membership;
    this.host = host;
    this.scheduler = scheduler;
    this.js = js;
    this.api = api;
    this.random = random;
    this.changed = changed;
    this.metaStorage = metaStorage;
    this.nuid = new dev.jslab.engine.advisory.Nuid(new SplittableRandom(random.nextLong()));
    js.replicateThrough(this);
    api.joinCluster(this, this);
    this.meta =
        new MetaGroup(
            membership.self(),
            membership.members(),
            membership.timings(),
            metaStorage,
            new SplittableRandom(random.nextLong()),
            scheduler,
            host,
            this::applied,
            changed);
  }

  // ---------------------------------------------------------------- Raft traffic

  /** A Raft message of group {@code group} arrived for this node. */
  public void receive(String group, RaftMessage message) {
    if (!open) {
      return;
    }
    if (MetaGroup.NAME.equals(group)) {
      meta.receive(message);
    } else {
      GroupRoute g = byGroup.get(group);
      if (g != null) {
        g.receive(message);
      } else {
        early.keep(group, message); // its assignment may not have reached this node yet
      }
    }
    js.flush();
  }

  // ---------------------------------------------------------------- observation

  /** The node's member of the meta group now. */
  public RaftStatus metaStatus() {
    return meta.status();
  }

  /** Whether the node's meta member has known a leader since it started. */
  public boolean metaEverHadLeader() {
    return meta.everHadLeader();
  }

  /** The node's members of its streams' groups now, in creation order. */
  public List<RaftStatus> streamGroupStatuses() {
    List<RaftStatus> out = new ArrayList<>();
    groups.values().forEach(g -> out.add(g.status()));
    return out;
  }

  /** The node's members of its consumers' groups now, in creation order. */
  public List<RaftStatus> consumerGroupStatuses() {
    List<RaftStatus> out = new ArrayList<>();
    consumerGroups.values().forEach(g -> out.add(g.status()));
    return out;
  }

  /** Each stream this node holds a replica of, with the leader it knows of ("" for none). */
  public Map<String, String> streamLeaders() {
    Map<String, String> out = new LinkedHashMap<>();
    groups.forEach((name, g) -> out.put(name, g.leader().orElse("")));
    return out;
  }

  // ---------------------------------------------------------------- commands

  /** Hands meta leadership over, if this node has it. */
  public void stepDownMeta() {
    meta.stepDown();
  }

  /** Hands leadership of {@code stream}'s group over, if this node leads it; false otherwise. */
  public boolean stepDownStream(String stream) {
    StreamGroup g = groups.get(stream);
    if (g == null || !g.isLeader()) {
      return false;
    }
    g.stepDown();
    return true;
  }

  /**
   * The node stops ({@code crash}: as a killed process); every group's state stays where it is and
   * is let go of ({@link ClusterHost#closeGroup}), the meta group's too.
   */
  public void close(boolean crash) {
    if (!open) {
      return;
    }
    open = false;
    meta.close();
    host.closeGroup(MetaGroup.NAME, metaStorage, crash);
    consumerGroups.values().forEach(g -> g.close(crash));
    groups.values().forEach(g -> g.close(crash));
    consumerGroups.clear();
    groups.clear();
    byGroup.clear();
  }

  // ---------------------------------------------------------------- StreamReplication

  @Override
  public boolean isReplicated(String stream) {
    return groups.containsKey(stream);
  }

  @Override
  public void propose(Stream stream, StreamOp op) {
    StreamGroup g = groups.get(stream.name());
    if (g != null && g.isLeader()) {
      g.propose(op);
    }
  }

  // ---------------------------------------------------------------- ClusterSections

  @Override
  public ClusterSection of(String stream) {
    StreamGroup g = groups.get(stream);
    if (g == null) {
      return new ClusterSection(membership.cluster(), membership.self(), List.of());
    }
    return g.section();
  }

  @Override
  public ClusterSection ofConsumer(String stream, String consumer) {
    ConsumerGroup g = consumerGroups.get(stream + "/" + consumer);
    return g == null ? null : g.section();
  }

  // ---------------------------------------------------------------- ApiCluster

  @Override
  public boolean take(ApiRequest request) {
    String p = request.pattern();
    switch (p) {
      case "INFO", "STREAM.LIST", "STREAM.NAMES", "STREAM.CREATE.*", "STREAM.UPDATE.*",
          "STREAM.DELETE.*", "META.LEADER.STEPDOWN" -> {
        return metaLevel(request);
      }
      default -> {}
    }
    if (p.startsWith("STREAM.TEMPLATE.")) {
      return metaLevel(request);
    }
    if (p.startsWith("CONSUMER.")) {
      return consumerLevel(request);
    }
    String stream = streamToken(request);
    return stream == null ? false : streamLevel(request, stream);
  }

  private boolean metaLevel(ApiRequest request) {
    if (!meta.isLeader()) {
      if (meta.isLeaderless()) {
        api.answerError(request, JsError.CLUSTER_NOT_AVAIL.error());
      }
      return true; // the meta leader answers
    }
    try {
      switch (request.pattern()) {
        case "STREAM.CREATE.*" -> Placement.create(this, request);
        case "STREAM.UPDATE.*" -> Placement.update(this, request);
        case "STREAM.DELETE.*" -> Placement.delete(this, request);
        case "STREAM.NAMES" -> api.answerNames(request, "streams", Placement.names(this, request), true);
        case "META.LEADER.STEPDOWN" -> {
          api.answerOk(request, g -> g.writeBooleanField("success", true));
          meta.stepDown();
        }
        default -> {
          return false; // account info, stream list: from this node's view
        }
      }
    } catch (ApiException e) {
      api.answerError(request, e.error());
    }
    return true;
  }

  private boolean streamLevel(ApiRequest request, String stream) {
    if (!meta.streams().containsKey(stream)) {
      if (meta.isLeader()) {
        return false; // the meta leader says it is not found
      }
      if (meta.isLeaderless()) {
        api.answerError(request, JsError.CLUSTER_NOT_AVAIL.error());
      }
      return true;
    }
    StreamGroup g = groups.get(stream);
    if (g != null && !g.isLeader() && request.pattern().equals("STREAM.INFO.*") && g.isLeaderless()) {
      return false; // as nats-server: while a group that had a leader has none, its members tell
    }
    if (g == null || !g.isLeader()) {
      return true; // its leader answers
    }
    switch (request.pattern()) {
      case "STREAM.PURGE.*", "STREAM.MSG.DELETE.*" -> g.proposeApi(request);
      case "STREAM.LEADER.STEPDOWN.*" -> {
        api.answerOk(request, w -> w.writeBooleanField("success", true));
        g.stepDown();
      }
      default -> {
        return false; // reads: the leader's replica holds everything committed
      }
    }
    return true;
  }

  private boolean consumerLevel(ApiRequest request) {
    List<String> t = request.tokens();
    String p = request.pattern();
    switch (p) {
      case "CONSUMER.CREATE.*", "CONSUMER.CREATE.*.>", "CONSUMER.DURABLE.CREATE.*.*",
          "CONSUMER.DELETE.*.*", "CONSUMER.NAMES.*" -> {
        return consumerMetaLevel(request);
      }
      case "CONSUMER.LIST.*" -> {
        return metaLevel(request); // the meta leader answers from its own replicas
      }
      default -> {}
    }
    // CONSUMER.INFO.<s>.<c>, CONSUMER.MSG.NEXT.<s>.<c>, CONSUMER.LEADER.STEPDOWN.<s>.<c>
    boolean infoForm = p.startsWith("CONSUMER.INFO.");
    String stream = t.get(infoForm ? 2 : 3);
    String name = t.get(infoForm ? 3 : 4);
    ConsumerGroup g = consumerGroups.get(stream + "/" + name);
    if (g != null && g.isLeading()) {
      if (p.startsWith("CONSUMER.LEADER.STEPDOWN.")) {
        api.answerOk(request, w -> w.writeBooleanField("success", true));
        g.stepDown();
        return true;
      }
      return false; // the consumer's leader answers
    }
    boolean placed = meta.streams().containsKey(stream) && meta.consumers(stream).containsKey(name);
    // the meta leader says what does not exist (a pull request for it gets no answer at all)
    return placed || !meta.isLeader() || p.startsWith("CONSUMER.MSG.NEXT.");
  }

  private boolean consumerMetaLevel(ApiRequest request) {
    if (!meta.isLeader()) {
      if (meta.isLeaderless()) {
        api.answerError(request, JsError.CLUSTER_NOT_AVAIL.error());
      }
      return true;
    }
    try {
      switch (request.pattern()) {
        case "CONSUMER.DELETE.*.*" -> Placement.deleteConsumer(this, request);
        case "CONSUMER.NAMES.*" -> {
          String stream = request.token(2);
          if (!meta.streams().containsKey(stream)) {
            throw JsError.STREAM_NOT_FOUND.error().exception();
          }
          api.answerNames(request, "consumers", List.copyOf(meta.consumers(stream).keySet()), false);
        }
        default -> Placement.createConsumer(this, request);
      }
    } catch (ApiException e) {
      api.answerError(request, e.error());
    }
    return true;
  }

  /** The stream a stream-level request names, or null when it names none. */
  private static String streamToken(ApiRequest request) {
    List<String> t = request.tokens();
    String p = request.pattern();
    if (p.startsWith("STREAM.MSG.") || p.startsWith("STREAM.LEADER.") || p.startsWith("STREAM.PEER.")) {
      return t.size() > 3 ? t.get(3) : null;
    }
    if (p.startsWith("STREAM.") || p.startsWith("DIRECT.GET.")) {
      return t.size() > 2 ? t.get(2) : null;
    }
    return null;
  }

  // ---------------------------------------------------------------- for Placement

  Membership membership() {
    return membership;
  }

  MetaGroup meta() {
    return meta;
  }

  JsApi api() {
    return api;
  }

  RandomGenerator random() {
    return random;
  }

  dev.jslab.engine.advisory.Nuid nuid() {
    return nuid;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  /** The meta group committed {@code command}: create, change or remove this node's replicas. */
  private void applied(MetaCommand command) {
    if (command instanceof MetaCommand.AssignConsumer
        || command instanceof MetaCommand.UpdateConsumer
        || command instanceof MetaCommand.RemoveConsumer) {
      appliedConsumer(command);
    } else if (command instanceof MetaCommand.AssignStream a) {
      StreamAssignment sa = a.assignment();
      if (sa.peers().contains(membership.self()) && !groups.containsKey(sa.stream())) {
        StreamGroup g =
            new StreamGroup(
                membership.self(), membership.cluster(), sa, js, api, host, membership.timings(),
                new SplittableRandom(random.nextLong()), scheduler, (group, leader) -> changed.run());
        groups.put(sa.stream(), g);
        join(sa.group(), g::receive);
        changed.run();
      }
    } else if (command instanceof MetaCommand.UpdateStream u) {
      StreamGroup g = groups.get(u.config().name());
      if (g != null) {
        Stream s = js.updateReplica(u.config());
        if (g.isLeader() && !u.reply().isEmpty()) {
          api.answerUpdated(Placement.request("STREAM.UPDATE.*", u.subject(), u.reply()), s);
        }
      }
    } else if (command instanceof MetaCommand.RemoveStream r) {
      for (String key : List.copyOf(consumerGroups.keySet())) {
        if (key.startsWith(r.stream() + "/")) {
          ConsumerGroup cg = consumerGroups.remove(key);
          byGroup.remove(cg.name());
          cg.delete();
        }
      }
      StreamGroup g = groups.remove(r.stream());
      if (g != null) {
        leave(g.name(), g::delete);
      }
      answerSuccessAsMetaLeader("STREAM.DELETE.*", r.subject(), r.reply());
    }
  }

  /** The meta leader answers a committed delete with success. */
  private void answerSuccessAsMetaLeader(String pattern, String subject, String reply) {
    if (meta.isLeader() && !reply.isEmpty()) {
      api.answerOk(Placement.request(pattern, subject, reply), w -> w.writeBooleanField("success", true));
    }
  }

  /** This node leaves group {@code group} for good: its messages stop, {@code delete} drops it. */
  private void leave(String group, Runnable delete) {
    byGroup.remove(group);
    delete.run();
    changed.run();
  }

  private void appliedConsumer(MetaCommand command) {
    if (command instanceof MetaCommand.AssignConsumer a) {
      ConsumerAssignment ca = a.assignment();
      String key = ca.stream() + "/" + ca.name();
      StreamGroup stream = groups.get(ca.stream());
      if (ca.peers().contains(membership.self()) && stream != null && !consumerGroups.containsKey(key)) {
        startConsumer(ca, stream);
      }
    } else if (command instanceof MetaCommand.UpdateConsumer u) {
      ConsumerGroup g = consumerGroups.get(u.stream() + "/" + u.name());
      if (g != null) {
        g.consumer().updateConfig(u.config());
        if (g.isLeading() && !u.reply().isEmpty()) {
          api.answerConsumerCreated(Placement.request("CONSUMER.CREATE.*", u.subject(), u.reply()), g.consumer());
        }
      }
    } else if (command instanceof MetaCommand.RemoveConsumer r) {
      ConsumerGroup g = consumerGroups.remove(r.stream() + "/" + r.name());
      if (g != null) {
        leave(g.name(), g::delete);
      }
      answerSuccessAsMetaLeader("CONSUMER.DELETE.*.*", r.subject(), r.reply());
    }
  }

  private void startConsumer(ConsumerAssignment ca, StreamGroup stream) {
    ConsumerGroup g =
        new ConsumerGroup(
            membership.self(), membership.cluster(), ca, stream.assignment().config().storage(),
            js, api, host, membership.timings(), new SplittableRandom(random.nextLong()),
            scheduler, changed, this::consumerInactive, this::consumerDiverged);
    consumerGroups.put(ca.stream() + "/" + ca.name(), g);
    join(ca.group(), g::receive);
    changed.run();
  }

  /**
   * A consumer replica stopped leading with changes of its own that may never commit: it starts
   * over from its group's log, as after a restart of the node (right after the current step).
   */
  private void consumerDiverged(ConsumerGroup g) {
    ConsumerAssignment ca = g.assignment();
    String key = ca.stream() + "/" + ca.name();
    scheduler.schedule(0, () -> {
      StreamGroup stream = groups.get(ca.stream());
      if (!open || consumerGroups.get(key) != g || stream == null) {
        return;
      }
      consumerGroups.remove(key);
      byGroup.remove(g.name());
      g.close(false);
      js.removeConsumerReplica(ca.stream(), ca.name());
      startConsumer(ca, stream);
    });
  }

  /**
   * A consumer this node leads saw no interest for its inactive threshold: it is deleted, as
   * nats-server's consumer leader has the meta leader delete it — directly when this node leads
   * the meta group, else by the delete request routed to the cluster.
   */
  private void consumerInactive(ConsumerGroup g) {
    String stream = g.assignment().stream();
    String name = g.assignment().name();
    if (meta.isLeader()) {
      meta.propose(new MetaCommand.RemoveConsumer(stream, name, "", ""));
    } else {
      js.publishAdvisory(new dev.jslab.engine.message.OutboundMessage(
          JsApi.PREFIX + "CONSUMER.DELETE." + stream + "." + name, null, null, new byte[0]));
    }
  }

  /** Routes {@code group}'s messages to {@code route} from now on, those that came early first. */
  private void join(String group, GroupRoute route) {
    byGroup.put(group, route);
    early.take(group).forEach(route::receive);
  }

  /** The node's own replica of {@code stream}, if it holds one. */
  Optional<Stream> localReplica(String stream) {
    StreamGroup g = groups.get(stream);
    return g == null ? Optional.empty() : Optional.of(g.stream());
  }
}
