package dev.jslab.engine.cluster;

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
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One node's part in a clustered JetStream: its member of the meta group, its replicas of the
 * streams and consumers placed on it (each with its Raft group), what it does when the meta group
 * commits a change, and — through {@link ApiRouting} — which API requests it answers.
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
  /** The account's use on the other nodes, as they report it; this node's reports. */
  private final AccountUsage usage;
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
  private final ApiRouting routing = new ApiRouting(this);
  /** Clustered stream lists waiting for the streams' leaders, by id. */
  private final Map<String, ListGather> gathers = new LinkedHashMap<>();
  private static final String STREAM_INFO_REQUEST = "$JSC.SI.";
  private static final String CONSUMER_INFO_REQUEST = "$JSC.CI.";
  private static final String REPLY = "$JSC.R.";
  /** A stream replica's catch-up request (nats-server's replicas ask their leader on a sync subject). */
  private static final String CATCHUP_REQUEST = "$JSC.CATCHUP.";
  /** Stream replicas waiting for a catch-up answer, by token. */
  private final Map<String, StreamGroup> catchUpWaits = new java.util.HashMap<>();
  private final StreamGroup.CatchUpChannel catchUps = new StreamGroup.CatchUpChannel() {
    @Override
    public String ask(StreamGroup group, byte[] request) {
      String token = nuid.next();
      catchUpWaits.put(token, group);
      js.publishAdvisory(new dev.jslab.engine.message.OutboundMessage(
          CATCHUP_REQUEST + group.stream().name(), REPLY + token + ".c", null, request));
      return token;
    }

    @Override
    public void forget(String token) {
      catchUpWaits.remove(token);
    }

    @Override
    public void answer(String reply, byte[] chunk) {
      js.publishAdvisory(new dev.jslab.engine.message.OutboundMessage(reply, null, null, chunk));
    }
  };

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
    api.joinCluster(this, this, new dev.jslab.engine.api.handler.PlacedCounts() {
      @Override
      public int streams() {
        return meta.streams().size();
      }

      @Override
      public int consumers() {
        return meta.streams().keySet().stream().mapToInt(s -> meta.consumers(s).size()).sum();
      }

      @Override
      public long othersMemory() {
        return usage.othersMemory();
      }

      @Override
      public long othersStorage() {
        return usage.othersStorage();
      }
    });
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
    this.usage = new AccountUsage(membership.self(), js, scheduler);
    usage.start();
    meta.start(); // recovers what the meta member kept: this node's replicas are made again
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

  /**
   * Every Raft group the node is a member of, by what it replicates — {@code _meta_}, a stream's
   * name, {@code STREAM/CONSUMER} — the meta group first, then streams and consumers in creation
   * order.
   */
  public Map<String, RaftStatus> groupStatuses() {
    Map<String, RaftStatus> out = new LinkedHashMap<>();
    out.put("_meta_", meta.status());
    groups.forEach((name, g) -> out.put(name, g.status()));
    consumerGroups.forEach((name, g) -> out.put(name, g.status()));
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
    usage.close();
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

  @Override
  public void clusterMessage(String subject, String reply, byte[] data) {
    if (!open) {
      return;
    }
    if (subject.startsWith(AccountUsage.SUBJECT)) {
      usage.received(subject, data);
    } else if (subject.startsWith(STREAM_INFO_REQUEST) && reply != null && !reply.isEmpty()) {
      StreamGroup g = groups.get(subject.substring(STREAM_INFO_REQUEST.length()));
      if (g != null && g.isLeader()) { // only the leader's replica is current
        js.publishAdvisory(new dev.jslab.engine.message.OutboundMessage(reply, null, null, api.streamListEntry(g.stream())));
      }
    } else if (subject.startsWith(CONSUMER_INFO_REQUEST) && reply != null && !reply.isEmpty()) {
      String[] names = subject.substring(CONSUMER_INFO_REQUEST.length()).split("\\.", 2);
      ConsumerGroup g = names.length == 2 ? consumerGroups.get(names[0] + "/" + names[1]) : null;
      if (g != null && g.isLeading()) {
        js.publishAdvisory(new dev.jslab.engine.message.OutboundMessage(reply, null, null, api.consumerListEntry(g.consumer())));
      }
    } else if (subject.startsWith(CATCHUP_REQUEST) && reply != null && !reply.isEmpty()) {
      StreamGroup g = groups.get(subject.substring(CATCHUP_REQUEST.length()));
      if (g != null) {
        g.catchUpRequested(reply, data);
      }
    } else if (subject.startsWith(REPLY)) {
      String rest = subject.substring(REPLY.length());
      int dot = rest.indexOf('.');
      String id = dot < 0 ? rest : rest.substring(0, dot);
      ListGather gather = gathers.get(id);
      StreamGroup waiting = catchUpWaits.get(id);
      if (gather != null && dot >= 0) {
        gather.received(rest.substring(dot + 1), data);
      } else if (waiting != null) {
        waiting.catchUpAnswered(id, data);
      }
    }
  }

  /**
   * {@code STREAM.LIST} as the meta leader answers it in a cluster: the page of placed streams, each
   * stream's info from its leader (asked over {@code $JSC.SI.<stream>} unless it is this node).
   */
  void listStreams(ApiRequest request) {
    gatherPage(
        request,
        Placement.names(this, request),
        name -> {
          StreamGroup g = groups.get(name);
          return g != null && g.isLeader() ? api.streamListEntry(g.stream()) : null;
        },
        name -> STREAM_INFO_REQUEST + name,
        (total, offset, entries, missing) -> api.answerStreamList(request, total, offset, entries, missing));
  }

  /**
   * {@code CONSUMER.LIST.<stream>} as the meta leader answers it in a cluster: the page of the
   * stream's placed consumers, each one's info from its leader (asked over {@code
   * $JSC.CI.<stream>.<consumer>} unless it is this node).
   */
  void listConsumers(ApiRequest request, String stream) {
    gatherPage(
        request,
        List.copyOf(meta.consumers(stream).keySet()),
        name -> {
          ConsumerGroup g = consumerGroups.get(stream + "/" + name);
          return g != null && g.isLeading() ? api.consumerListEntry(g.consumer()) : null;
        },
        name -> CONSUMER_INFO_REQUEST + stream + "." + name,
        (total, offset, entries, missing) -> api.answerConsumerList(request, total, offset, entries, missing));
  }

  /** Answers a clustered list page. */
  @FunctionalInterface
  private interface PageAnswer {
    void send(int total, int offset, List<byte[]> entries, List<String> missing);
  }

  /**
   * Gathers the page of {@code names} the request asks for (256 from its offset): the entries this
   * node has ({@code local} non-null) at once, the others asked of their leaders on {@code asked}.
   */
  private void gatherPage(
      ApiRequest request,
      List<String> names,
      java.util.function.Function<String, byte[]> local,
      java.util.function.Function<String, String> asked,
      PageAnswer answer) {
    var req = dev.jslab.engine.api.handler.Request.objectOrNull(request.body());
    int offset = Math.min(dev.jslab.engine.api.handler.Request.offset(req), names.size());
    List<String> page = names.subList(offset, Math.min(names.size(), offset + 256));
    String id = nuid.next();
    ListGather gather =
        new ListGather((entries, missing) -> answer.send(names.size(), offset, entries, missing), g -> gathers.remove(id));
    for (String name : page) {
      byte[] entry = local.apply(name);
      if (entry != null) {
        gather.have(name, entry);
      } else {
        gather.await(name);
        js.publishAdvisory(new dev.jslab.engine.message.OutboundMessage(
            asked.apply(name), REPLY + id + "." + name, null, new byte[0]));
      }
    }
    gathers.put(id, gather);
    gather.start(scheduler);
  }

  // ---------------------------------------------------------------- ApiCluster

  @Override
  public boolean take(ApiRequest request) {
    return routing.take(request);
  }

  // ---------------------------------------------------------------- for Placement and ApiRouting

  JetStream js() {
    return js;
  }

  /** This node's replica of {@code stream}'s group, or null. */
  StreamGroup streamGroup(String stream) {
    return groups.get(stream);
  }

  /** This node's replica of consumer {@code name} of {@code stream}'s group, or null. */
  ConsumerGroup consumerGroup(String stream, String name) {
    return consumerGroups.get(stream + "/" + name);
  }

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
        startStream(sa);
      }
    } else if (command instanceof MetaCommand.Reassign r) {
      appliedReassign(r);
    } else if (command instanceof MetaCommand.UpdateStream u) {
      StreamGroup g = groups.get(u.config().name());
      if (g != null) {
        Stream s = js.updateReplica(u.config());
        if (g.isLeader()) {
          js.adviseAction(dev.jslab.engine.advisory.StreamActionAdvisory.Action.MODIFY, s);
        }
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
        if (g.isLeader()) {
          js.adviseAction(dev.jslab.engine.advisory.StreamActionAdvisory.Action.DELETE, g.stream());
        }
        leave(g.name(), g::delete);
      }
      answerSuccessAsMetaLeader("STREAM.DELETE.*", r.subject(), r.reply());
    }
  }

  private StreamGroup startStream(StreamAssignment sa) {
    StreamGroup g =
        new StreamGroup(
            membership.self(), membership.cluster(), sa, js, api, host, membership.timings(),
            new SplittableRandom(random.nextLong()), scheduler, (group, leader) -> changed.run(), catchUps);
    groups.put(sa.stream(), g);
    join(sa.group(), g::receive);
    changed.run();
    return g;
  }

  /**
   * A stream re-placed: a node that became a replica creates it (and its consumers placed here),
   * empty, and catches up from the group's leader once added; a replica that stays follows the new
   * placement (its leader changes the Raft members); a node that is no longer a replica drops it
   * with its consumers and their groups' state — a leader after handing its leadership over.
   */
  private void appliedReassign(MetaCommand.Reassign r) {
    StreamAssignment sa = meta.streams().get(r.stream());
    String self = membership.self();
    for (String name : r.removedConsumers()) {
      ConsumerGroup cg = consumerGroups.remove(r.stream() + "/" + name);
      if (cg != null) {
        if (cg.isLeading()) {
          js.adviseConsumer(r.stream(), name, false);
        }
        leave(cg.name(), cg::delete);
      }
    }
    StreamGroup g = groups.get(r.stream());
    if (g == null) {
      if (sa.peers().contains(self)) {
        StreamGroup started = startStream(sa);
        meta.consumers(sa.stream()).values().stream()
            .filter(ca -> ca.peers().contains(self))
            .forEach(ca -> startConsumer(ca, started));
      }
      return;
    }
    if (r.config() != null) {
      Stream s = js.updateReplica(sa.config());
      if (g.isLeader()) {
        js.adviseAction(dev.jslab.engine.advisory.StreamActionAdvisory.Action.MODIFY, s);
      }
    }
    g.reassign(sa);
    for (MetaCommand.ConsumerMove m : r.consumers()) {
      ConsumerAssignment ca = meta.consumers(sa.stream()).get(m.name());
      if (ca == null) {
        continue;
      }
      ConsumerGroup cg = consumerGroups.get(sa.stream() + "/" + m.name());
      if (cg == null) {
        if (ca.peers().contains(self)) {
          startConsumer(ca, g);
        }
        continue;
      }
      if (m.config() != null) {
        cg.consumer().updateConfig(ca.config());
      }
      cg.reassign(ca);
      if (!ca.peers().contains(self)) {
        cg.leave(() -> dropConsumer(cg));
      }
    }
    if (r.config() != null && g.isLeader() && !r.reply().isEmpty()) {
      api.answerUpdated(Placement.request("STREAM.UPDATE.*", r.subject(), r.reply()), g.stream());
    }
    if (!sa.peers().contains(self)) {
      g.leave(() -> dropStream(g));
    }
  }

  /** A consumer replica this node no longer holds goes, with its group's state. */
  private void dropConsumer(ConsumerGroup cg) {
    String key = cg.assignment().stream() + "/" + cg.assignment().name();
    if (open && consumerGroups.get(key) == cg) {
      consumerGroups.remove(key);
      leave(cg.name(), cg::delete);
    }
  }

  /** A stream replica this node no longer holds goes, with its consumers and their groups' state. */
  private void dropStream(StreamGroup g) {
    if (!open || groups.get(g.stream().name()) != g) {
      return;
    }
    for (String key : List.copyOf(consumerGroups.keySet())) {
      if (key.startsWith(g.stream().name() + "/")) {
        ConsumerGroup cg = consumerGroups.remove(key);
        leave(cg.name(), cg::delete);
      }
    }
    groups.remove(g.stream().name());
    leave(g.name(), g::delete);
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
          api.answerConsumerCreated(
              Placement.request("CONSUMER.CREATE.*", u.subject(), u.reply()), g.consumer(), g.section());
        }
      }
    } else if (command instanceof MetaCommand.RemoveConsumer r) {
      ConsumerGroup g = consumerGroups.remove(r.stream() + "/" + r.name());
      if (g != null) {
        if (g.isLeading()) {
          js.adviseConsumer(r.stream(), r.name(), false);
        }
        leave(g.name(), g::delete);
      }
      answerSuccessAsMetaLeader("CONSUMER.DELETE.*.*", r.subject(), r.reply());
    }
  }

  private void startConsumer(ConsumerAssignment ca, StreamGroup stream) {
    if (!stream.refilled()) {
      // a consumer replica picks its starting sequence from this node's replica of the stream,
      // which a restart emptied: it starts once its log refilled it (a source's consumer asked to
      // start past what the origin holds would otherwise start at its first message)
      stream.whenRefilled(() -> {
        ConsumerAssignment now = meta.consumers(ca.stream()).get(ca.name());
        if (open && groups.get(ca.stream()) == stream && now != null && now.peers().contains(membership.self())
            && !consumerGroups.containsKey(ca.stream() + "/" + ca.name())) {
          startConsumer(now, stream);
        }
      });
      return;
    }
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
    String stream = g.assignment().stream();
    String key = stream + "/" + g.assignment().name();
    scheduler.schedule(0, () -> {
      StreamGroup sg = groups.get(stream);
      if (!open || consumerGroups.get(key) != g || sg == null) {
        return;
      }
      ConsumerAssignment ca = meta.consumers(stream).get(g.assignment().name());
      if (ca == null || !ca.peers().contains(membership.self())) {
        dropConsumer(g); // re-placed elsewhere meanwhile
        return;
      }
      consumerGroups.remove(key);
      byGroup.remove(g.name());
      g.close(false);
      js.removeConsumerReplica(ca.stream(), ca.name());
      startConsumer(ca, sg);
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


}
