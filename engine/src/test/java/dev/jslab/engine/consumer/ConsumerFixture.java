package dev.jslab.engine.consumer;

import dev.jslab.engine.advisory.Nuid;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.store.memory.MemoryMessageStore;
import dev.jslab.engine.stream.PublishOutcome;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.stream.StreamConfigCheck;
import dev.jslab.engine.stream.StreamContext;
import dev.jslab.engine.time.VirtualScheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * One stream on a memory store, its consumers and everything they send, in virtual time.
 * Consumers are created through {@link ConsumerConfigCheck#checkCreate}, as the API will.
 */
final class ConsumerFixture {
  static final long MS = 1_000_000L;
  static final long SECOND = 1_000_000_000L;
  static final long T0 = 1_700_000_000L * SECOND;

  final VirtualScheduler scheduler = new VirtualScheduler(T0);
  final List<OutboundMessage> sent = new ArrayList<>();
  final SplittableRandom random = new SplittableRandom(7);
  final Nuid names = new Nuid(new SplittableRandom(11));
  final Map<String, Consumer> consumers = new LinkedHashMap<>();
  final List<ConsumerOp> ops = new ArrayList<>();
  final List<String> inactive = new ArrayList<>();
  Predicate<String> replyInterest = r -> true;
  Stream stream;

  ConsumerFixture(StreamConfig.Builder builder) {
    StreamConfig cfg = StreamConfigCheck.check(builder.build(), n -> Optional.empty());
    stream = new Stream(
        cfg, new MemoryMessageStore(), new StreamContext(scheduler, sent::add, ""),
        scheduler.nowNanos());
  }

  static ConsumerFixture stream(String name, String... subjects) {
    return new ConsumerFixture(StreamConfig.builder(name).subjects(subjects));
  }

  ConsumerContext context() {
    return ConsumerContext.of(scheduler, sent::add, random)
        .withReplyInterest(r -> replyInterest.test(r))
        .withListener(new ConsumerContext.Listener() {
          @Override
          public void applied(Consumer consumer, ConsumerOp op) {
            ops.add(op);
          }

          @Override
          public void inactive(Consumer consumer) {
            inactive.add(consumer.name());
          }
        });
  }

  Consumer create(ConsumerConfig.Builder config) {
    return create(config, true);
  }

  Consumer create(ConsumerConfig.Builder config, boolean deliveryInterest) {
    return create(config.build(), context(), deliveryInterest);
  }

  Consumer create(ConsumerConfig config, ConsumerContext ctx, boolean deliveryInterest) {
    Map<String, ConsumerConfig> existing = new LinkedHashMap<>();
    consumers.forEach((n, c) -> existing.put(n, c.config()));
    ConsumerConfigCheck.Decision d = ConsumerConfigCheck.checkCreate(
        config, ConsumerAction.CREATE_OR_UPDATE, stream.config(), existing,
        ConsumerCheckLimits.NONE, s -> false, names::consumerName);
    if (d instanceof ConsumerConfigCheck.Update u) {
      Consumer c = consumers.get(u.name());
      c.updateConfig(u.config());
      return c;
    }
    Consumer c = Consumer.create(stream, d.name(), d.config(), ctx, deliveryInterest);
    consumers.put(d.name(), c);
    return c;
  }

  long publish(String subject, String body) {
    return publish(subject, null, body);
  }

  long publish(String subject, byte[] headers, String body) {
    PublishOutcome o = stream.publish(subject, null, headers, body.getBytes(UTF_8), scheduler.nowNanos());
    return o instanceof PublishOutcome.Stored stored ? stored.seq() : -1;
  }

  /** What was sent since the last call, and forget it. */
  List<OutboundMessage> take() {
    List<OutboundMessage> out = new ArrayList<>(sent);
    sent.clear();
    return out;
  }

  /** Advances virtual time and returns what was sent meanwhile. */
  List<OutboundMessage> after(long nanos) {
    sent.clear();
    scheduler.advance(nanos);
    return take();
  }

  void next(Consumer c, String reply, String body) {
    c.processNextRequest(reply, body.getBytes(UTF_8));
  }

  void ack(Consumer c, OutboundMessage delivery, String body, String reply) {
    c.processAck(delivery.reply(), body.getBytes(UTF_8), reply);
  }

  static String headers(OutboundMessage m) {
    return new String(m.headers(), UTF_8);
  }

  static String body(OutboundMessage m) {
    return new String(m.data(), UTF_8);
  }

  /** The ack subject with its timestamp token replaced by {@code <ts>}, as in the captures. */
  static String ackSubject(OutboundMessage m) {
    String[] t = m.reply().split("\\.");
    t[7] = "<ts>";
    return String.join(".", t);
  }

  /** Only the messages routed to {@code route}. */
  static List<OutboundMessage> to(List<OutboundMessage> messages, String route) {
    return messages.stream().filter(m -> m.route().equals(route)).toList();
  }

  /** Everything but advisories and metrics. */
  static List<OutboundMessage> noEvents(List<OutboundMessage> messages) {
    return messages.stream().filter(m -> !m.subject().startsWith("$JS.EVENT.")).toList();
  }

  /** Only the messages whose subject starts with {@code prefix}. */
  static List<OutboundMessage> subjects(List<OutboundMessage> messages, String prefix) {
    return messages.stream().filter(m -> m.subject().startsWith(prefix)).toList();
  }
}
