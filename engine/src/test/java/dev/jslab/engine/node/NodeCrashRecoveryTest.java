package dev.jslab.engine.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.consumer.AckPolicy;
import dev.jslab.engine.consumer.ConsumerAction;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.consumer.ConsumerState;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.message.Headers;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.PublishOutcome;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.time.VirtualScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills a node at random points of a random workload — as a killed process and as a power cut —
 * and checks what it reopens with: it always opens; with sync {@code always} every acknowledged
 * message and the consumer's acknowledged progress as of the last sync are there, and a power cut
 * leaves exactly the synced state; a killed process keeps the synced state and possibly some of
 * what came after, never anything else; the Nats-Msg-Id window still catches duplicates.
 *
 * <p>Seeded: a failure names its seed; {@code -Dnode.crash.seed=N} replays one seed.
 */
class NodeCrashRecoveryTest {
  private static final long SECOND = 1_000_000_000L;
  private static final String STREAM = "ORDERS";
  private static final String CONSUMER = "WORKER";

  @TempDir Path dir;

  static List<Long> seeds() {
    String one = System.getProperty("node.crash.seed");
    if (one != null) {
      return List.of(Long.parseLong(one));
    }
    List<Long> seeds = new ArrayList<>();
    for (long s = 1; s <= 12; s++) {
      seeds.add(s);
    }
    return seeds;
  }

  /** A picture of everything the test compares: messages by sequence and the consumer's state. */
  private record Image(Map<Long, String> messages, long lastSeq, ConsumerState consumer) {}

  private final List<OutboundMessage> sent = new ArrayList<>();
  /** Msg-Id to sequence of every publish whose PubAck left the node. */
  private final Map<String, Long> acknowledged = new TreeMap<>();
  private final java.util.Set<Long> deleted = new java.util.HashSet<>();

  private void deliver(OutboundMessage m) {
    if (m.subject().startsWith("r.")) {
      String body = new String(m.data(), UTF_8);
      int at = body.indexOf("\"seq\":") + 6;
      long seq = Long.parseLong(body.substring(at).replaceAll("[^0-9].*$", ""));
      acknowledged.put(m.subject().substring(2), seq);
    } else {
      sent.add(m);
    }
  }
  private final VirtualScheduler scheduler = new VirtualScheduler(1_700_000_000L * SECOND);

  private JetStreamNode open(SyncPolicy policy) {
    return JetStreamNode.open(
        new NodeConfig("n1", dir.resolve("n1")),
        new NodeEnvironment(scheduler, this::deliver, new SplittableRandom(3), policy, "", null));
  }

  /** Set when a timer task ran: under sync always, each ends with a flush. */
  private boolean flushedByTimer;

  private void runTimers(long nanos) {
    long due = scheduler.nextDueNanos();
    scheduler.advance(nanos);
    flushedByTimer = due >= 0 && due <= scheduler.nowNanos();
  }

  private Image image(JetStreamNode node) {
    runTimers(0); // consumers take in stream removals one scheduler step later
    Stream s = node.jetStream().require(STREAM);
    StoreState state = s.state();
    Map<Long, String> messages = new TreeMap<>();
    for (long seq = state.firstSeq(); seq <= state.lastSeq(); seq++) {
      StoredMessage m = s.store().load(seq);
      if (m != null) {
        messages.put(seq, m.subject() + "|" + new String(m.data(), UTF_8));
      }
    }
    ConsumerState consumer =
        node.jetStream().consumer(STREAM, CONSUMER).map(c -> c.state().copy()).orElse(null);
    return new Image(messages, state.lastSeq(), consumer);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aNodeKilledAtRandomPointsReopensWithWhatWasDurable(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    JetStreamNode node = open(SyncPolicy.ALWAYS);
    JetStream js = node.jetStream();
    js.createStream(StreamConfig.builder(STREAM).subjects("orders.*").maxMsgs(400).build());
    js.createConsumer(STREAM, ConsumerConfig.builder().durable(CONSUMER).ackPolicy(AckPolicy.EXPLICIT).build(), ConsumerAction.CREATE_OR_UPDATE);
    node.flush();
    Image synced = image(node);
    int nextId = 0;
    for (int step = 0; step < 250; step++) {
      int op = random.nextInt(100);
      if (op < 55) {
        String id = "id-" + nextId++;
        node.jetStream().publish(
            "orders." + random.nextInt(4), "r." + id, Headers.of(null, "Nats-Msg-Id", id),
            ("m" + step).getBytes(UTF_8));
      } else if (op < 70) {
        sent.clear();
        node.jetStream().processNextRequest(STREAM, CONSUMER, "_INBOX.p", ("{\"batch\":" + (1 + random.nextInt(5)) + ",\"no_wait\":true}").getBytes(UTF_8));
        for (OutboundMessage m : List.copyOf(sent)) {
          if (m.reply() != null && m.reply().startsWith("$JS.ACK.") && random.nextInt(3) > 0) {
            node.jetStream().processAck(m.reply(), "+ACK".getBytes(UTF_8), null);
          }
        }
      } else if (op < 75) {
        Stream s = node.jetStream().require(STREAM);
        long first = s.state().firstSeq();
        if (s.state().messages() > 0 && s.store().load(first) != null) {
          s.removeMessage(first);
          deleted.add(first);
        }
      } else if (op < 80) {
        runTimers(random.nextInt(3) * SECOND);
        if (flushedByTimer) {
          synced = image(node);
        }
      } else if (op < 93) {
        node.flush();
        synced = image(node);
      } else {
        Image now = image(node);
        if (flushedByTimer) {
          synced = now;
        }
        boolean powerCut = random.nextBoolean();
        if (powerCut) {
          node.powerLoss();
        } else {
          node.crash();
        }
        node = open(SyncPolicy.ALWAYS);
        Image recovered = image(node);
        String where = "seed " + seed + " step " + step + (powerCut ? " power cut" : " kill");
        if (powerCut) {
          assertThat(recovered.messages()).as(where).isEqualTo(synced.messages());
          assertThat(recovered.lastSeq()).as(where).isEqualTo(synced.lastSeq());
        } else {
          assertBetween(where, synced, now, recovered);
        }
        assertThat(recovered.consumer()).as(where + " consumer").isEqualTo(synced.consumer());
        assertAcknowledgedSurvive(recovered, where);
        assertDuplicatesStillCaught(node, recovered, where);
        node.flush();
        synced = image(node);
      }
    }
    node.close();
    assertThat(acknowledged).as("the workload acknowledged publishes").hasSizeGreaterThan(20);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void withASyncIntervalANodeCutAtRandomPointsOpensWithOnlyMessagesItWasGiven(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SyncPolicy interval = new SyncPolicy(30 * SECOND);
    JetStreamNode node = open(interval);
    node.jetStream().createStream(StreamConfig.builder(STREAM).subjects("orders.*").build());
    Map<Long, String> published = new TreeMap<>();
    for (int step = 0; step < 200; step++) {
      int op = random.nextInt(100);
      if (op < 70) {
        String subject = "orders." + random.nextInt(3);
        String data = "m" + step;
        Optional<PublishOutcome> out = node.jetStream().publish(subject, "r.x" + step, null, data.getBytes(UTF_8));
        if (out.orElseThrow() instanceof PublishOutcome.Stored stored) {
          published.put(stored.seq(), subject + "|" + data);
        }
        node.flush();
      } else if (op < 90) {
        scheduler.advance(random.nextInt(20) * SECOND);
      } else {
        long before = image(node).lastSeq();
        if (random.nextBoolean()) {
          node.powerLoss();
        } else {
          node.crash();
        }
        node = open(interval);
        Image recovered = image(node);
        String where = "seed " + seed + " step " + step;
        assertThat(recovered.lastSeq()).as(where).isLessThanOrEqualTo(before);
        for (Map.Entry<Long, String> e : recovered.messages().entrySet()) {
          assertThat(e.getValue()).as(where + " seq " + e.getKey()).isEqualTo(published.get(e.getKey()));
        }
        published.keySet().removeIf(seq -> seq > recovered.lastSeq()); // lost sequences are reused
      }
    }
    node.close();
  }

  /** A killed process keeps the synced state and maybe some of what came after, nothing else. */
  private static void assertBetween(String where, Image synced, Image now, Image recovered) {
    assertThat(recovered.lastSeq()).as(where).isBetween(synced.lastSeq(), now.lastSeq());
    for (Map.Entry<Long, String> e : recovered.messages().entrySet()) {
      String before = synced.messages().get(e.getKey());
      String after = now.messages().get(e.getKey());
      assertThat(e.getValue()).as(where + " seq " + e.getKey()).isIn(before, after);
    }
    for (Map.Entry<Long, String> e : synced.messages().entrySet()) {
      if (now.messages().containsKey(e.getKey())) {
        assertThat(recovered.messages()).as(where + " synced and kept").containsEntry(e.getKey(), e.getValue());
      }
    }
  }

  /** Every publish whose PubAck left the node is there, unless it was deleted on purpose. */
  private void assertAcknowledgedSurvive(Image recovered, String where) {
    for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
      if (!deleted.contains(e.getValue())) {
        assertThat(recovered.messages()).as(where + " acknowledged " + e).containsKey(e.getValue());
      }
    }
  }

  /** Republishing an acknowledged id of a recovered message answers duplicate with its sequence. */
  private void assertDuplicatesStillCaught(JetStreamNode node, Image recovered, String where) {
    for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
      if (recovered.messages().containsKey(e.getValue())) {
        Optional<PublishOutcome> again = node.jetStream().publish(
            "orders.0", null, Headers.of(null, "Nats-Msg-Id", e.getKey()), new byte[0]);
        StoredMessage stored = node.jetStream().require(STREAM).store().load(e.getValue());
        assertThat(again)
            .as(where + " dedup " + e.getKey() + " stored " + stored + " hdr "
                + new String(stored.headers(), UTF_8) + " state " + node.jetStream().require(STREAM).state())
            .contains(new PublishOutcome.Duplicate(e.getValue()));
        return; // one per recovery keeps the run short
      }
    }
  }
}
