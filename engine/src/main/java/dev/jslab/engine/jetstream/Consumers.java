package dev.jslab.engine.jetstream;

import dev.jslab.engine.advisory.Nuid;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.consumer.AckSubject;
import dev.jslab.engine.consumer.Consumer;
import dev.jslab.engine.consumer.ConsumerAction;
import dev.jslab.engine.consumer.ConsumerAdvisories;
import dev.jslab.engine.consumer.ConsumerCheckLimits;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.consumer.ConsumerConfigCheck;
import dev.jslab.engine.consumer.ConsumerContext;
import dev.jslab.engine.consumer.ConsumerStateStore;
import dev.jslab.engine.message.Outbox;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.subject.Subjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The consumers of a node's streams: created, updated and deleted with nats-server's rules, found
 * by name, given the acks, pull requests and flow-control replies addressed to them, deleted when
 * inactive, and recovered from the catalog.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class Consumers {
  /** A consumer and whether the request created it. */
  record Created(Consumer consumer, boolean isNew) {}

  private final JetStream.Environment env;
  private final Outbox outbox;
  private final Nuid nuid;
  private final Map<String, Map<String, Consumer>> byStream = new LinkedHashMap<>();

  Consumers(JetStream.Environment env, Outbox outbox, Nuid nuid) {
    this.env = env;
    this.outbox = outbox;
    this.nuid = nuid;
  }

  Created createOrUpdate(Stream stream, ConsumerConfig requested, ConsumerAction action) {
    Map<String, Consumer> consumers = of(stream.name());
    Map<String, ConsumerConfig> existing = new LinkedHashMap<>();
    consumers.forEach((name, c) -> existing.put(name, c.config()));
    ConsumerConfigCheck.Decision decision =
        ConsumerConfigCheck.checkCreate(
            requested,
            action,
            stream.config(),
            existing,
            ConsumerCheckLimits.NONE,
            env.interest(),
            nuid::consumerName);
    if (decision instanceof ConsumerConfigCheck.Update update) {
      Consumer current = consumers.get(update.name());
      if (!current.config().equals(update.config())) {
        current.updateConfig(update.config());
        remember(stream, current);
      }
      return new Created(current, false);
    }
    ConsumerConfigCheck.Create create = (ConsumerConfigCheck.Create) decision;
    Consumer consumer = start(stream, create.name(), create.config());
    remember(stream, consumer);
    outbox.send(ConsumerAdvisories.created(envelope(stream.name(), consumer.name())));
    return new Created(consumer, true);
  }

  private Consumer start(Stream stream, String name, ConsumerConfig config) {
    ConsumerContext ctx =
        new ConsumerContext(
            env.scheduler(),
            outbox,
            env.random(),
            env.domain(),
            stateStore(stream, name, config),
            env.interest(),
            new ConsumerContext.Listener() {
              @Override
              public void inactive(Consumer consumer) {
                if (find(consumer.streamName(), consumer.name()).orElse(null) == consumer) {
                  delete(stream, consumer.name());
                }
              }
            },
            0);
    boolean interest = config.deliverSubject().isEmpty() || env.interest().test(config.deliverSubject());
    Consumer consumer = Consumer.create(stream, name, config, ctx, interest);
    byStream.computeIfAbsent(stream.name(), s -> new LinkedHashMap<>()).put(name, consumer);
    return consumer;
  }

  /**
   * Creates this node's replica of a replicated consumer: a follower with its state in memory
   * (its group's log is what outlives restarts), nothing catalogued, no advisory.
   */
  Consumer createReplica(
      Stream stream, String name, ConsumerConfig config, long createdNanos,
      ConsumerContext.Listener listener) {
    ConsumerContext ctx =
        new ConsumerContext(
            env.scheduler(), outbox, env.random(), env.domain(),
            ConsumerStorage.memory().open(stream.name(), name), env.interest(), listener, 0);
    Consumer consumer = Consumer.createReplica(stream, name, config, ctx);
    consumer.restoreCreated(createdNanos);
    byStream.computeIfAbsent(stream.name(), s -> new LinkedHashMap<>()).put(name, consumer);
    return consumer;
  }

  /** Removes this node's replica of a replicated consumer, if it has one. */
  void removeReplica(String stream, String name) {
    Map<String, Consumer> consumers = byStream.get(stream);
    Consumer consumer = consumers == null ? null : consumers.remove(name);
    if (consumer != null) {
      consumer.delete();
    }
  }

  private ConsumerStateStore stateStore(Stream stream, String name, ConsumerConfig config) {
    return persisted(stream, config)
        ? env.fileConsumers().open(stream.name(), name)
        : ConsumerStorage.memory().open(stream.name(), name);
  }

  private void remember(Stream stream, Consumer consumer) {
    if (persisted(stream, consumer.config())) {
      env.catalog().saveConsumer(
          new ConsumerRecord(stream.name(), consumer.name(), consumer.config(), consumer.createdNanos()));
      env.catalog().sync();
    }
  }

  /**
   * Consumers of file streams are kept on disk, ephemeral ones too (nats-server recovers them
   * and lets their inactive threshold expire them); {@code mem_storage} ones and those of memory
   * streams are not. Internal (direct) consumers never are.
   */
  private static boolean persisted(Stream stream, ConsumerConfig config) {
    return stream.config().storage() == StorageType.FILE && !config.memoryStorage() && !config.direct();
  }

  /** Deletes a consumer. @throws ApiException 10014 when absent */
  void delete(Stream stream, String name) {
    Map<String, Consumer> consumers = byStream.get(stream.name());
    Consumer consumer = consumers == null ? null : consumers.remove(name);
    if (consumer == null) {
      throw JsError.CONSUMER_NOT_FOUND.error().exception();
    }
    consumer.delete();
    env.catalog().removeConsumer(stream.name(), name);
    env.catalog().sync();
    outbox.send(ConsumerAdvisories.deleted(envelope(stream.name(), name)));
  }

  /** Brings back the durable consumers the catalog remembers for {@code stream}. */
  void recover(Stream stream) {
    for (ConsumerRecord record : env.catalog().loadConsumers(stream.name())) {
      start(stream, record.name(), record.config()).restoreCreated(record.createdNanos());
    }
  }

  /** A stream is going away: its consumers go first, without advisories of their own. */
  void streamDeleted(Stream stream) {
    Map<String, Consumer> consumers = byStream.remove(stream.name());
    if (consumers == null) {
      return;
    }
    for (Consumer c : consumers.values()) {
      c.delete();
      env.catalog().removeConsumer(stream.name(), c.name());
      if (!c.config().direct()) {
        outbox.send(ConsumerAdvisories.deleted(envelope(stream.name(), c.name())));
      }
    }
  }

  Optional<Consumer> find(String stream, String name) {
    Map<String, Consumer> consumers = byStream.get(stream);
    return consumers == null ? Optional.empty() : Optional.ofNullable(consumers.get(name));
  }

  /** The consumer's names on {@code stream}, sorted; {@code direct} ones are internal and left out. */
  List<String> names(String stream) {
    return list(stream).stream().map(Consumer::name).toList();
  }

  /** The consumers of {@code stream}, sorted by name; {@code direct} ones are internal and left out. */
  List<Consumer> list(String stream) {
    List<Consumer> out = new ArrayList<>(new TreeMap<>(of(stream)).values());
    out.removeIf(c -> c.config().direct());
    return out;
  }

  /** An ack, nak, progress, next or term for a delivered message; unknown targets are ignored. */
  void processAck(String subject, byte[] body, String reply) {
    String[] names = AckSubject.streamAndConsumer(subject);
    if (names == null) {
      return;
    }
    // only a leader acts on acks: a replica learns of them from its leader's log
    find(names[0], names[1])
        .filter(Consumer::isLeader)
        .ifPresent(c -> c.processAck(subject, body, reply));
  }

  /** A pull request; false when the consumer does not exist (nats-server then stays silent). */
  boolean processNextRequest(String stream, String consumer, String reply, byte[] body) {
    Optional<Consumer> c = find(stream, consumer);
    c.ifPresent(x -> x.processNextRequest(reply, body));
    return c.isPresent();
  }

  /** A reply to a flow-control request, {@code $JS.FC.<stream>.<consumer>.<token>}. */
  boolean processFlowControlReply(String subject) {
    List<String> tokens = Subjects.tokens(subject);
    if (tokens.size() != 5) {
      return false;
    }
    Optional<Consumer> leader = find(tokens.get(2), tokens.get(3)).filter(Consumer::isLeader);
    leader.ifPresent(c -> c.processFlowControlReply(subject));
    return leader.isPresent();
  }

  /** Tells push consumers delivering to {@code subject} whether it has subscribers now. */
  void deliveryInterest(String subject, boolean interest) {
    for (Map<String, Consumer> consumers : byStream.values()) {
      for (Consumer c : consumers.values()) {
        if (subject.equals(c.config().deliverSubject())) {
          c.setDeliveryInterest(interest);
        }
      }
    }
  }

  /**
   * Asks {@code interest} again for every push consumer's deliver subject and tells those whose
   * answer changed (subscribers elsewhere in the cluster came or went).
   */
  void refreshDeliveryInterest(java.util.function.Predicate<String> interest) {
    for (Consumer c : all()) {
      String deliver = c.config().deliverSubject();
      if (c.config().isPush() && !deliver.isEmpty() && c.isLeader()) {
        boolean now = interest.test(deliver);
        if (now != c.hasDeliveryInterest()) {
          c.setDeliveryInterest(now);
        }
      }
    }
  }

  /** The consumers this node leads. */
  List<Consumer> led() {
    List<Consumer> led = new ArrayList<>();
    for (Consumer c : all()) {
      if (c.isLeader()) {
        led.add(c);
      }
    }
    return led;
  }

  void syncAll() {
    all().forEach(c -> c.stateStoreSync());
  }

  void stopAll() {
    all().forEach(Consumer::stop);
    byStream.clear();
  }

  void crashAll() {
    all().forEach(Consumer::crash);
    byStream.clear();
  }

  private List<Consumer> all() {
    List<Consumer> out = new ArrayList<>();
    byStream.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  private Map<String, Consumer> of(String stream) {
    return byStream.getOrDefault(stream, Map.of());
  }

  /** The consumer action advisory of a replicated consumer ({@code created}: else deleted). */
  void advise(String stream, String consumer, boolean created) {
    ConsumerAdvisories.Envelope e = envelope(stream, consumer);
    outbox.send(created ? ConsumerAdvisories.created(e) : ConsumerAdvisories.deleted(e));
  }

  private ConsumerAdvisories.Envelope envelope(String stream, String consumer) {
    return new ConsumerAdvisories.Envelope(
        nuid.next(), env.scheduler().nowNanos(), stream, consumer, env.domain());
  }
}
