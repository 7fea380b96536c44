package dev.jslab.engine.jetstream;

import dev.jslab.engine.advisory.Nuid;
import dev.jslab.engine.advisory.StreamActionAdvisory;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.consumer.AckSubject;
import dev.jslab.engine.consumer.Consumer;
import dev.jslab.engine.consumer.ConsumerAction;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.message.Outbox;
import dev.jslab.engine.sourcing.InternalBus;
import dev.jslab.engine.sourcing.Sourcing;
import dev.jslab.engine.sourcing.SourcingContext;
import dev.jslab.engine.sourcing.StreamSourceInfo;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.stream.PublishOutcome;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.stream.StreamConfigCheck;
import dev.jslab.engine.stream.StreamContext;
import dev.jslab.engine.stream.StreamOp;
import dev.jslab.engine.subject.SubjectIndex;
import dev.jslab.engine.subject.Subjects;
import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The JetStream of one node (one account): its streams, found by name and by subject; their
 * creation, update and deletion with nats-server's rules; the timers that age messages out; and
 * the sync policy that decides when work is durable and when its answers may leave.
 *
 * <p>Not thread-safe: confined to the node's executor. Every answer it sends goes through the
 * outbox of its {@link Environment}, held until {@link #flush()} when the sync policy is {@code
 * always}.
 */
public final class JetStream {
  /**
   * What a node's JetStream runs on.
   *
   * @param scheduler time and timers
   * @param outbox where answers go
   * @param fileStorage stores for {@code file} streams
   * @param memoryStorage stores for {@code memory} streams
   * @param fileConsumers state stores for durable consumers of file streams
   * @param catalog where file streams, their durable consumers and templates are remembered
   * @param syncPolicy when file storage is made durable
   * @param domain the JetStream domain, or empty
   * @param random the node's seeded random source (advisory ids, sampling)
   * @param interest whether a subject has subscribers (push delivery, pull replies)
   */
  public record Environment(
      Scheduler scheduler,
      Outbox outbox,
      StreamStorage fileStorage,
      StreamStorage memoryStorage,
      ConsumerStorage fileConsumers,
      StreamCatalog catalog,
      SyncPolicy syncPolicy,
      String domain,
      RandomGenerator random,
      Predicate<String> interest) {
    public Environment {
      Objects.requireNonNull(scheduler, "scheduler");
      Objects.requireNonNull(outbox, "outbox");
      Objects.requireNonNull(fileStorage, "fileStorage");
      Objects.requireNonNull(memoryStorage, "memoryStorage");
      Objects.requireNonNull(catalog, "catalog");
      Objects.requireNonNull(syncPolicy, "syncPolicy");
      Objects.requireNonNull(random, "random");
      Objects.requireNonNull(fileConsumers, "fileConsumers");
      interest = interest == null ? subject -> true : interest;
      domain = domain == null ? "" : domain;
    }
  }

  /** The result of a create: the stream, and whether it was new. */
  public record Created(Stream stream, boolean isNew) {}

  private final Environment env;
  private final HeldOutbox outbox;
  private final StreamContext streamContext;
  private final Nuid nuid;
  private final Consumers consumers;
  private final Map<String, Stream> streams = new LinkedHashMap<>();
  private final SubjectIndex<String> bySubject = new SubjectIndex<>();
  /** Literal subject to capturing stream name ("" for none); cleared when subjects change. */
  private final Map<String, String> routes = new HashMap<>();
  private static final int MAX_ROUTES = 16_384;
  private final Map<String, Timer> expiryTimers = new HashMap<>();
  private final Map<String, StreamTemplate> templates = new LinkedHashMap<>();
  private Timer syncTimer;
  private boolean open = true;
  /** Hears the captured subjects whenever they change; null for nobody. */
  private java.util.function.Consumer<Set<String>> subjectsListener;
  private final LocalBus bus;
  private final Sourcing sourcing;
  /** Replicated streams' changes go through it; null on a stand-alone node. */
  private StreamReplication replication;

  private JetStream(Environment given, UnaryOperator<InternalBus> sourcingBus) {
    // under sync policy always, timer-driven work ends with a flush as client-driven work does
    this.env =
        given.syncPolicy().isAlways()
            ? withScheduler(given, new FlushingScheduler(given.scheduler(), this::flushAfterTimer))
            : given;
    this.bus = new LocalBus(this, env.scheduler(), env.random(), env.domain());
    this.outbox = new HeldOutbox(bus.tap(env.outbox()), env.syncPolicy().isAlways());
    this.streamContext = new StreamContext(env.scheduler(), outbox, env.domain());
    this.nuid = new Nuid(env.random());
    this.consumers = new Consumers(bus.withInterest(env), outbox, nuid);
    this.sourcing =
        new Sourcing(
            new SourcingContext(
                env.scheduler(), sourcingBus.apply(bus), env.random(), nuid, this::sourced,
                this::writeSourced));
  }

  private static Environment withScheduler(Environment env, Scheduler scheduler) {
    return new Environment(
        scheduler, env.outbox(), env.fileStorage(), env.memoryStorage(), env.fileConsumers(),
        env.catalog(), env.syncPolicy(), env.domain(), env.random(), env.interest());
  }

  private void flushAfterTimer() {
    if (open) {
      flush();
    }
  }

  /** Starts a node's JetStream, recovering every stream its catalog remembers. */
  public static JetStream start(Environment env) {
    return start(env, UnaryOperator.identity());
  }

  /**
   * Starts a node's JetStream whose mirrors and sources talk over {@code sourcingBus} applied to
   * the node's own bus (which reaches the streams of this node only): the cluster's routing, a WAN
   * link, or a faulty link in a test.
   */
  public static JetStream start(Environment env, UnaryOperator<InternalBus> sourcingBus) {
    JetStream js = new JetStream(env, sourcingBus);
    for (StreamTemplateConfig t : env.catalog().loadTemplates()) {
      js.templates.put(t.name(), new StreamTemplate(t));
    }
    for (StreamRecord record : env.catalog().load()) {
      StreamConfig cfg = record.config();
      MessageStore store = js.storage(cfg).open(cfg);
      Stream stream = new Stream(cfg, store, js.streamContext, record.createdNanos());
      js.register(stream);
      js.consumers.recover(stream);
      StreamTemplate owner = js.templates.get(cfg.templateOwner());
      if (owner != null) {
        owner.created(cfg.name());
      }
    }
    js.streams.values().forEach(js.sourcing::start);
    js.scheduleSync();
    return js;
  }

  // ---------------------------------------------------------------- streams

  /**
   * Creates a stream, or returns the existing one when the checked configuration is identical.
   *
   * @throws dev.jslab.engine.api.ApiException invalid config (10052, …), name in use with
   *     another config (10058), subjects overlapping another stream (10065)
   */
  public Created createStream(StreamConfig requested) {
    checkCreateRequest(requested);
    StreamConfig cfg = StreamConfigCheck.check(requested, this::config);
    checkInputTransform(cfg);
    Stream existing = streams.get(cfg.name());
    if (existing != null) {
      if (existing.config().equals(cfg)) {
        return new Created(existing, false);
      }
      throw JsError.STREAM_NAME_EXIST.error().exception();
    }
    checkOverlap(cfg, null);
    MessageStore store = storage(cfg).create(cfg);
    Stream stream = new Stream(cfg, store, streamContext, env.scheduler().nowNanos());
    register(stream);
    if (cfg.storage() == StorageType.FILE) {
      env.catalog().save(new StreamRecord(cfg, stream.createdNanos()));
      env.catalog().sync(); // a stream exists once the API has said so
    }
    sourcing.start(stream);
    advise(StreamActionAdvisory.Action.CREATE, stream);
    return new Created(stream, true);
  }

  /** Makes this node a member of a cluster whose replicated streams change through {@code r}. */
  public void replicateThrough(StreamReplication r) {
    this.replication = r;
  }

  /** Whether this node is a member of a cluster (its API requests are the cluster's to answer). */
  boolean clustered() {
    return replication != null;
  }

  /**
   * Creates this node's replica of a replicated stream whose configuration the cluster checked; it
   * is a follower until {@link #leadershipChanged} says otherwise. With {@code resume} the replica
   * takes its store as of its last sync (it holds the group's log up to the store's {@link
   * MessageStore#appliedMark()}); otherwise it starts empty (whatever an earlier replica left is
   * removed). No catalog remembers it: the meta group recreates it at the next start.
   */
  public Stream createReplica(StreamConfig cfg, long createdNanos, boolean resume) {
    Stream old = streams.get(cfg.name());
    if (old != null) {
      removeReplica(cfg.name());
    }
    StreamStorage storage = storage(cfg);
    MessageStore store;
    if (resume) {
      store = storage.openAtLastSync(cfg);
    } else {
      storage.open(cfg).delete();
      storage.delete(cfg.name());
      store = storage.create(cfg);
    }
    Stream stream = new Stream(cfg, store, streamContext, createdNanos);
    stream.setLeader(false);
    register(stream);
    return stream;
  }

  /** Removes this node's replica of a replicated stream and everything it stored. */
  public void removeReplica(String name) {
    Stream stream = streams.get(name);
    if (stream != null) {
      drop(stream);
    }
  }

  /** Takes {@code stream} out with its consumers, timers and everything it stored. */
  private void drop(Stream stream) {
    sourcing.stop(stream.name());
    consumers.streamDeleted(stream);
    unindex(stream);
    streams.remove(stream.name());
    subjectsChanged();
    Timer t = expiryTimers.remove(stream.name());
    if (t != null) {
      t.cancel();
    }
    stream.store().delete();
    storage(stream.config()).delete(stream.name());
  }

  /**
   * A replica's leadership changed: only a leader captures its subjects (a follower's node does
   * not take publishes for it) and runs its age-out timer.
   */
  public void leadershipChanged(Stream stream, boolean leader) {
    stream.setLeader(leader);
    routes.clear();
    scheduleExpiry(stream);
    subjectsChanged();
    // a placed mirror or source (one replica: the cluster refuses more) copies while it leads
    if (leader) {
      sourcing.start(stream);
    } else {
      sourcing.stop(stream.name());
    }
  }

  /** A replicated change was applied to {@code stream}: keep its age-out timer in step. */
  public void replicatedChangeApplied(Stream stream) {
    if (stream.isLeader() && !expiryTimers.containsKey(stream.name())) {
      scheduleExpiry(stream);
    }
  }

  /**
   * The checks of a create request that do not depend on the node's streams beyond {@code
   * existing} (name rules, the configuration itself, the input transform), as a clustered meta
   * leader runs them before placing the stream; returns the checked configuration.
   */
  public static StreamConfig checkCreate(
      StreamConfig requested, java.util.function.Function<String, Optional<StreamConfig>> existing) {
    checkCreateRequest(requested);
    StreamConfig cfg = StreamConfigCheck.check(requested, existing);
    checkInputTransform(cfg);
    return cfg;
  }

  /**
   * Applies a configuration update the cluster checked and committed to this node's replica
   * (nothing is catalogued: the meta group's log remembers it).
   */
  public Stream updateReplica(StreamConfig cfg) {
    Stream stream = require(cfg.name());
    unindex(stream);
    stream.updateConfig(cfg);
    index(stream);
    subjectsChanged();
    if (stream.isLeader()) {
      sourcing.update(stream);
    }
    scheduleExpiry(stream);
    return stream;
  }

  /** What nats-server refuses in a create request before looking at the configuration itself. */
  private static void checkCreateRequest(StreamConfig requested) {
    if (containsPathSeparator(requested.name())) {
      throw JsError.STREAM_NAME_CONTAINS_PATH_SEPARATORS.error().exception();
    }
    if (requested.sealed()) {
      throw JsError.STREAM_INVALID_CONFIG.withError("stream configuration for create can not be sealed").exception();
    }
    if (requested.mirrorDirect() && requested.mirror() == null) {
      throw JsError.STREAM_INVALID_CONFIG.withError("stream has no mirror but does have mirror direct").exception();
    }
  }

  /**
   * nats-server refuses new consumer limits that an existing consumer exceeds (comparing even
   * with a limit of 0, as it does).
   */
  private void checkConsumerLimits(Stream stream, StreamConfig cfg) {
    dev.jslab.engine.stream.ConsumerLimits before = stream.config().consumerLimits();
    dev.jslab.engine.stream.ConsumerLimits after = cfg.consumerLimits();
    if (before.equals(after)) {
      return;
    }
    List<String> violating = new ArrayList<>();
    for (Consumer c : consumers.list(stream.name())) {
      if (c.config().inactiveThresholdNanos() > after.inactiveThresholdNanos()
          || c.config().maxAckPending() > after.maxAckPending()) {
        violating.add(c.name());
      }
    }
    if (!violating.isEmpty()) {
      throw JsError.STREAM_UPDATE
          .withError("change to limits violates consumers: " + String.join(", ", violating))
          .exception();
    }
  }

  /** nats-server refuses an input transform it cannot build when it adds the stream (10049). */
  private static void checkInputTransform(StreamConfig cfg) {
    dev.jslab.engine.stream.SubjectTransform t = cfg.subjectTransform();
    if (t != null && !dev.jslab.engine.stream.SubjectTransformer.isValid(t)) {
      boolean subjectsValid = Subjects.isValid(t.destination());
      throw JsError.STREAM_CREATE
          .withError("stream subject transform from '" + t.source() + "' to '" + t.destination()
              + "': invalid mapping destination: "
              + (subjectsValid ? "wildcard index out of range" : "invalid subject"))
          .exception();
    }
  }

  /** Names become directories: a separator would escape the data directory. */
  static boolean containsPathSeparator(String name) {
    return name != null && (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0);
  }

  /**
   * Updates a stream's configuration with nats-server's update rules.
   *
   * @throws dev.jslab.engine.api.ApiException no such stream (10059), a change that is not
   *     allowed (10052, 10055, …), overlapping subjects (10065)
   */
  public Stream updateStream(StreamConfig requested) {
    Stream stream = require(requested.name());
    StreamConfig cfg = StreamConfigCheck.checkUpdate(stream.config(), requested, this::config);
    checkConsumerLimits(stream, cfg);
    checkOverlap(cfg, stream.name());
    unindex(stream);
    stream.updateConfig(cfg);
    index(stream);
    subjectsChanged();
    sourcing.update(stream);
    if (cfg.storage() == StorageType.FILE) {
      env.catalog().save(new StreamRecord(cfg, stream.createdNanos()));
      env.catalog().sync(); // a stream exists once the API has said so
    }
    scheduleExpiry(stream);
    advise(StreamActionAdvisory.Action.MODIFY, stream);
    return stream;
  }

  /** Deletes a stream and everything it stored. @throws ApiException 10059 when absent */
  public void deleteStream(String name) {
    Stream stream = require(name);
    // nats-server keeps counting a deleted stream against its template's max_streams
    drop(stream);
    env.catalog().remove(name);
    env.catalog().sync();
    advise(StreamActionAdvisory.Action.DELETE, stream);
  }

  /** A message another node of the cluster sent on a {@code $JSC.>} subject. */
  public void clusterMessage(String subject, String reply, byte[] data) {
    if (replication != null) {
      replication.clusterMessage(subject, reply, data);
    }
  }

  /**
   * The outbox JetStream sends through, for what else the node answers (its API): past the internal
   * bus, so an answer to a mirror's or source's own request stays in the node, and held under sync
   * policy {@code always} until the batch is flushed, in order with the PubAcks.
   */
  public Outbox outbox() {
    return outbox;
  }

  /** Publishes an advisory the node's cluster part raised, in order with the node's answers. */
  public void publishAdvisory(dev.jslab.engine.message.OutboundMessage advisory) {
    outbox.send(advisory);
  }

  /** A new advisory id from the node's seeded NUID. */
  public String nextAdvisoryId() {
    return nuid.next();
  }

  /** The node's JetStream domain, empty for none. */
  public String domain() {
    return env.domain();
  }

  /** Publishes the consumer action advisory of a replicated consumer (its leader does). */
  public void adviseConsumer(String stream, String consumer, boolean created) {
    consumers.advise(stream, consumer, created);
  }

  /** Publishes the stream action advisory for a replicated stream (its leader does). */
  public void adviseAction(StreamActionAdvisory.Action action, Stream stream) {
    advise(action, stream);
  }

  private void advise(StreamActionAdvisory.Action action, Stream stream) {
    outbox.send(
        StreamActionAdvisory.of(
            action,
            stream.name(),
            stream.config().templateOwner(),
            env.domain(),
            nuid.next(),
            env.scheduler().nowNanos()));
  }

  public Optional<Stream> stream(String name) {
    return Optional.ofNullable(streams.get(name));
  }

  /** The stream called {@code name}. @throws ApiException 10059 when absent */
  public Stream require(String name) {
    Stream s = streams.get(name);
    if (s == null) {
      throw JsError.STREAM_NOT_FOUND.error().exception();
    }
    return s;
  }

  /** Every stream, in creation order. */
  public List<Stream> streams() {
    return List.copyOf(streams.values());
  }

  /** Stream names, sorted, optionally only those whose subjects collide with {@code subject}. */
  public List<String> streamNames(String subject) {
    List<String> names = new ArrayList<>();
    for (Stream s : streams.values()) {
      if (subject == null
          || subject.isEmpty()
          || s.config().subjects().stream().anyMatch(x -> Subjects.collide(x, subject))) {
        names.add(s.name());
      }
    }
    names.sort(null);
    return names;
  }

  private Optional<StreamConfig> config(String name) {
    return stream(name).map(Stream::config);
  }

  private void checkOverlap(StreamConfig cfg, String self) {
    for (Stream other : streams.values()) {
      if (other.name().equals(self)) {
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

  private void register(Stream stream) {
    streams.put(stream.name(), stream);
    index(stream);
    scheduleExpiry(stream);
    subjectsChanged();
  }

  /**
   * Tells {@code listener} the subjects this JetStream captures — every stream's and every
   * template's — now (so it hears of the recovered streams) and whenever they change: a stream or
   * template created, updated or deleted. Null: tell nobody any more. One listener at a time.
   */
  public void onCapturedSubjects(java.util.function.Consumer<Set<String>> listener) {
    this.subjectsListener = listener;
    if (listener != null) {
      listener.accept(capturedSubjects());
    }
  }

  /**
   * The subject filters of every stream and template (of a replicated stream only while this node
   * leads it: a follower's node takes no publishes for it, as nats-server's does not subscribe),
   * the ack subjects of its consumers ({@code $JS.ACK.>} on a stand-alone node; in a cluster only
   * those of the consumers it leads, as only a consumer's leader subscribes to its acks in
   * nats-server), and the inboxes its mirrors and sources wait on ({@link #takesOnBus}).
   */
  public Set<String> capturedSubjects() {
    Set<String> subjects = new java.util.LinkedHashSet<>();
    streams.values().stream().filter(Stream::isLeader).forEach(s -> subjects.addAll(s.config().subjects()));
    if (replication == null) {
      subjects.add(AckSubject.PREFIX + ">");
    } else {
      consumers.led().forEach(c -> subjects.add(AckSubject.PREFIX + c.streamName() + "." + c.name() + ".>"));
    }
    templates.values().forEach(t -> subjects.addAll(t.config().config().subjects()));
    subjects.addAll(bus.subscribedSubjects());
    return Set.copyOf(subjects);
  }

  /** Tells the listener of {@link #onCapturedSubjects} what is captured now. */
  void subjectsChanged() {
    if (subjectsListener != null) {
      subjectsListener.accept(capturedSubjects());
    }
  }

  private void index(Stream stream) {
    stream.config().subjects().forEach(s -> bySubject.add(s, stream.name()));
    routes.clear();
  }

  private void unindex(Stream stream) {
    stream.config().subjects().forEach(s -> bySubject.remove(s, stream.name()));
    routes.clear();
  }

  private StreamStorage storage(StreamConfig cfg) {
    return cfg.storage() == StorageType.MEMORY ? env.memoryStorage() : env.fileStorage();
  }

  // ---------------------------------------------------------------- consumers

  /** A consumer and whether the request created it. */
  public record ConsumerCreated(Consumer consumer, boolean isNew) {}

  /**
   * Creates or updates a consumer on {@code stream} as a {@code CONSUMER.CREATE} request does.
   *
   * @throws dev.jslab.engine.api.ApiException no stream (10059) or nats-server's consumer errors
   */
  public ConsumerCreated createConsumer(String stream, ConsumerConfig config, ConsumerAction action) {
    if (containsPathSeparator(config.durable()) || containsPathSeparator(config.name())) {
      throw JsError.CONSUMER_NAME_CONTAINS_PATH_SEPARATORS.error().exception();
    }
    Consumers.Created created = consumers.createOrUpdate(require(stream), config, action);
    return new ConsumerCreated(created.consumer(), created.isNew());
  }

  /** Deletes a consumer. @throws ApiException 10059 or 10014 */
  public void deleteConsumer(String stream, String consumer) {
    consumers.delete(require(stream), consumer);
  }

  /** The consumer, if both it and its stream exist. */
  public Optional<Consumer> consumer(String stream, String consumer) {
    return consumers.find(stream, consumer);
  }

  /** The consumer. @throws ApiException 10059 or 10014 */
  public Consumer requireConsumer(String stream, String consumer) {
    require(stream);
    return consumers.find(stream, consumer)
        .orElseThrow(() -> JsError.CONSUMER_NOT_FOUND.error().exception());
  }

  /** Consumer names of {@code stream}, sorted. @throws ApiException 10059 */
  public List<String> consumerNames(String stream) {
    require(stream);
    return consumers.names(stream);
  }

  /** Consumers of {@code stream}, sorted by name. @throws ApiException 10059 */
  public List<Consumer> consumers(String stream) {
    require(stream);
    return consumers.list(stream);
  }

  /**
   * Creates this node's replica of a replicated consumer of {@code stream}, a follower until
   * {@link #consumerLeadership} says otherwise; {@code listener} hears of every applied operation.
   */
  public Consumer createConsumerReplica(
      String stream, String name, ConsumerConfig config, long createdNanos,
      dev.jslab.engine.consumer.ConsumerContext.Listener listener) {
    return consumers.createReplica(require(stream), name, config, createdNanos, listener);
  }

  /** Removes this node's replica of a replicated consumer, if it has one. */
  public void removeConsumerReplica(String stream, String name) {
    consumers.removeReplica(stream, name);
    subjectsChanged();
  }

  /** A consumer replica leads now, or no longer. */
  public void consumerLeadership(Consumer consumer, boolean leader) {
    String deliver = consumer.config().deliverSubject();
    consumer.setLeader(leader, deliver.isEmpty() || env.interest().test(deliver));
    subjectsChanged(); // the node takes the consumer's acks while it leads
  }

  /** Handles a message sent to a {@code $JS.ACK.>} subject. */
  public void processAck(String subject, byte[] body, String reply) {
    consumers.processAck(subject, body, reply);
  }

  /** Handles a pull request; false when there is no such consumer (no reply is due then). */
  public boolean processNextRequest(String stream, String consumer, String reply, byte[] body) {
    return consumers.processNextRequest(stream, consumer, reply, body);
  }

  /**
   * Handles a reply to a flow-control request; false when no consumer this node leads sent it (it
   * is for another node then).
   */
  public boolean processFlowControlReply(String subject) {
    return consumers.processFlowControlReply(subject);
  }

  /**
   * Whether a mirror or source of this node waits on {@code subject} (an inbox of its internal
   * bus: a consumer create's answer, the deliver subject of its origin's consumer), so a message
   * another node sends there is for {@link #receiveOnBus}.
   */
  public boolean takesOnBus(String subject) {
    return bus.subscribed(subject);
  }

  /** A message another node sent to one of the internal bus's inboxes ({@link #takesOnBus}). */
  public void receiveOnBus(String route, String subject, String reply, byte[] headers, byte[] data) {
    bus.receive(route, new InternalBus.Message(subject, reply, headers, data));
  }

  /** Interest elsewhere in the cluster changed: push consumers ask {@code interest} again. */
  public void refreshDeliveryInterest(Predicate<String> interest) {
    consumers.refreshDeliveryInterest(interest);
  }

  /** Subscribers came to or left {@code subject}: push consumers delivering there resume or pause. */
  public void deliveryInterest(String subject, boolean interest) {
    consumers.deliveryInterest(subject, interest);
  }

  // ---------------------------------------------------------------- mirrors and sources

  /** How the mirror of {@code stream} is doing; empty when it is not a mirror. */
  public Optional<StreamSourceInfo> mirrorInfo(String stream) {
    return sourcing.mirrorInfo(stream);
  }

  /** How each source of {@code stream} is doing, in configuration order. */
  public List<StreamSourceInfo> sourcesInfo(String stream) {
    return sourcing.sourcesInfo(stream);
  }

  /** A mirror or source stored into {@code stream}: keep its age-out timer running. */
  /** A mirror's or source's change to {@code stream}: proposed when replicated, else applied. */
  private Object writeSourced(Stream stream, StreamOp op) {
    if (replication != null && replication.isReplicated(stream.name())) {
      replication.propose(stream, op);
      return new PublishOutcome.Proposed();
    }
    return stream.apply(op);
  }

  private void sourced(Stream stream) {
    if (open && streams.get(stream.name()) == stream && !expiryTimers.containsKey(stream.name())) {
      scheduleExpiry(stream);
    }
  }

  // ---------------------------------------------------------------- templates

  /**
   * Creates a stream template.
   *
   * @throws dev.jslab.engine.api.ApiException 10066 with nats-server's reason, or the stream
   *     configuration's own error
   */
  public StreamTemplate createTemplate(StreamTemplateConfig requested) {
    if (requested.config() == null) {
      throw JsError.STREAM_TEMPLATE_CREATE.withError("template config required").exception();
    }
    if (!requested.config().name().isEmpty()) {
      throw JsError.STREAM_TEMPLATE_CREATE.withError("template config name should be empty").exception();
    }
    if (requested.name().length() > StreamConfigCheck.MAX_NAME_LENGTH) {
      throw JsError.STREAM_TEMPLATE_CREATE
          .withError("template name is too long, maximum allowed is " + StreamConfigCheck.MAX_NAME_LENGTH)
          .exception();
    }
    StreamConfig cfg =
        StreamConfigCheck.check(requested.config().toBuilder().name("_").build(), this::config);
    if (templates.containsKey(requested.name())) {
      throw JsError.STREAM_TEMPLATE_CREATE
          .withError("template with name \"" + requested.name() + "\" already exists")
          .exception();
    }
    StreamTemplateConfig checked =
        new StreamTemplateConfig(requested.name(), cfg, requested.maxStreams());
    StreamTemplate template = new StreamTemplate(checked);
    templates.put(checked.name(), template);
    subjectsChanged();
    env.catalog().saveTemplate(checked);
    env.catalog().sync();
    return template;
  }

  /** The template called {@code name}. @throws ApiException 10068 when absent */
  public StreamTemplate requireTemplate(String name) {
    StreamTemplate t = templates.get(name);
    if (t == null) {
      throw JsError.STREAM_TEMPLATE_NOT_FOUND.error().exception();
    }
    return t;
  }

  /** Deletes a template and every stream it created. @throws ApiException 10068 when absent */
  public void deleteTemplate(String name) {
    StreamTemplate t = requireTemplate(name);
    templates.remove(name);
    subjectsChanged();
    env.catalog().removeTemplate(name);
    env.catalog().sync();
    for (String stream : t.streams()) {
      if (streams.containsKey(stream)) {
        deleteStream(stream);
      }
    }
  }

  /** Template names, sorted. */
  public List<String> templateNames() {
    List<String> names = new ArrayList<>(templates.keySet());
    names.sort(null);
    return names;
  }

  private boolean capturedByTemplate(String subject) {
    return templates.values().stream()
        .anyMatch(t -> t.config().config().subjects().stream().anyMatch(f -> Subjects.matches(f, subject)));
  }

  /** A stream for {@code subject} from the first template capturing it, unless at its limit. */
  private Optional<Stream> fromTemplate(String subject) {
    for (StreamTemplate t : templates.values()) {
      if (t.config().config().subjects().stream().noneMatch(f -> Subjects.matches(f, subject))) {
        continue;
      }
      String name = subject.replace('.', '_');
      if (streams.containsKey(name) || t.atLimit()) {
        return Optional.empty();
      }
      StreamConfig cfg =
          t.config().config().toBuilder()
              .name(name)
              .subjects(List.of(subject))
              .templateOwner(t.name())
              .build();
      try {
        Stream stream = createStream(cfg).stream();
        t.created(name);
        return Optional.of(stream);
      } catch (dev.jslab.engine.api.ApiException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- publish

  /** The stream that captures {@code subject}, if any. */
  public Optional<Stream> streamFor(String subject) {
    String name = routes.get(subject);
    if (name == null) {
      name = "";
      for (String candidate : bySubject.match(subject)) {
        Stream s = streams.get(candidate);
        if (s != null && s.isLeader()) { // a follower replica leaves publishes to its leader
          name = candidate;
          break;
        }
      }
      if (routes.size() >= MAX_ROUTES) {
        routes.clear();
      }
      routes.put(subject, name);
    }
    return name.isEmpty() ? Optional.empty() : Optional.ofNullable(streams.get(name));
  }

  /**
   * Publishes to the stream capturing {@code subject}; empty when no stream does (a client
   * request then meets no responders).
   */
  public Optional<PublishOutcome> publish(String subject, String reply, byte[] headers, byte[] data) {
    Optional<Stream> target = streamFor(subject);
    if (target.isEmpty() && capturedByTemplate(subject)) {
      target = fromTemplate(subject);
      if (target.isEmpty()) {
        // the template's subscription took the message, so the publisher meets no 503
        return Optional.of(new PublishOutcome.Dropped("template could not create a stream"));
      }
    }
    if (target.isEmpty()) {
      return Optional.empty();
    }
    Stream stream = target.get();
    if (replication != null && replication.isReplicated(stream.name())) {
      replication.propose(
          stream, new StreamOp.Publish(subject, reply, headers, data, env.scheduler().nowNanos()));
      return Optional.of(new PublishOutcome.Proposed());
    }
    PublishOutcome outcome = stream.publish(subject, reply, headers, data, env.scheduler().nowNanos());
    if (!expiryTimers.containsKey(stream.name())) {
      scheduleExpiry(stream);
    }
    return Optional.of(outcome);
  }

  // ---------------------------------------------------------------- time

  private void scheduleExpiry(Stream stream) {
    Timer old = expiryTimers.remove(stream.name());
    if (old != null) {
      old.cancel();
    }
    long due = stream.nextExpiryNanos();
    if (due < 0 || !open || !stream.isLeader()) {
      return;
    }
    long delay = due - env.scheduler().nowNanos();
    expiryTimers.put(
        stream.name(),
        env.scheduler()
            .schedule(
                delay,
                () -> {
                  expiryTimers.remove(stream.name());
                  if (streams.get(stream.name()) == stream) {
                    long cutoff = env.scheduler().nowNanos() - stream.config().maxAgeNanos();
                    if (replication != null && replication.isReplicated(stream.name())) {
                      // the leader decides, every replica applies the same cutoff
                      replication.propose(stream, new StreamOp.Expire(cutoff));
                    } else {
                      stream.expire(cutoff);
                      scheduleExpiry(stream);
                    }
                  }
                }));
  }

  private void scheduleSync() {
    if (env.syncPolicy().isAlways() || !open) {
      return;
    }
    syncTimer =
        env.scheduler()
            .schedule(
                env.syncPolicy().intervalNanos(),
                () -> {
                  syncAll();
                  scheduleSync();
                });
  }

  // ---------------------------------------------------------------- durability

  /**
   * Ends a batch of work: with {@code always}, makes it durable, then lets its answers go. The
   * host calls this after each batch of inbound work; the node's own timers call it after each of
   * their tasks.
   */
  public void flush() {
    if (env.syncPolicy().isAlways()) {
      syncAll(); // stores skip a sync when nothing changed
    }
    outbox.release();
  }

  /** Makes every file stream and the catalog durable now. */
  public void syncAll() {
    for (Stream s : streams.values()) {
      s.store().sync();
    }
    consumers.syncAll();
    env.catalog().sync();
  }

  /** Clean shutdown: everything synced and released. */
  public void close() {
    if (!open) {
      return;
    }
    flush();
    stopTimers();
    consumers.stopAll();
    for (Stream s : streams.values()) {
      s.store().close();
    }
    env.catalog().sync();
  }

  /** A killed process: stores keep what the operating system had; unsent answers are gone. */
  public void crash() {
    if (!open) {
      return;
    }
    stopTimers();
    outbox.drop();
    consumers.crashAll();
    streams.values().forEach(s -> s.store().crash());
  }

  /** A power cut: stores keep only what was synced; unsent answers are gone. */
  public void powerLoss() {
    if (!open) {
      return;
    }
    stopTimers();
    outbox.drop();
    consumers.crashAll();
    streams.values().forEach(s -> s.store().powerLoss());
  }

  private void stopTimers() {
    open = false;
    bus.close();
    sourcing.stopAll();
    expiryTimers.values().forEach(Timer::cancel);
    expiryTimers.clear();
    if (syncTimer != null) {
      syncTimer.cancel();
    }
  }
}
