package dev.jslab.local.bench;

import dev.jslab.engine.consumer.AckPolicy;
import dev.jslab.engine.consumer.ConsumerAction;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.jetstream.ConsumerStorage;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.jetstream.StreamCatalog;
import dev.jslab.engine.jetstream.StreamStorage;
import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.node.JetStreamNode;
import dev.jslab.engine.node.NodeConfig;
import dev.jslab.engine.node.NodeEnvironment;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.time.VirtualScheduler;
import dev.jslab.local.cluster.DataDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * In-process engine benchmarks, single node, 128-byte payloads, one subject: what one node's
 * JetStream does without the network in the way. Throughput figures are the best of a few rounds
 * after a warm-up round; file figures use the node's real MapDB storage in a temporary directory.
 *
 * <p>Runs on the calling thread; not thread-safe.
 */
public final class EngineBench {
  private static final int PAYLOAD_BYTES = 128;
  private static final int GROUP_COMMIT = 1_000;
  private static final int PULL_BATCH = 500;
  private static final int FAILOVER_SEEDS = 200;
  private static final long START_NANOS = 1_700_000_000_000_000_000L;

  private final int messages;
  private final int rounds;
  private final int reopenMessages;
  private final byte[] payload = new byte[PAYLOAD_BYTES];

  /**
   * @param messages messages per measured round
   * @param rounds measured rounds (the best is reported)
   * @param reopenMessages messages in the file stream that is reopened and weighed
   */
  public EngineBench(int messages, int rounds, int reopenMessages) {
    this.messages = messages;
    this.rounds = rounds;
    this.reopenMessages = reopenMessages;
    new SplittableRandom(42).nextBytes(payload);
  }

  /** Runs every engine benchmark, handing each figure to {@code out} as it is measured. */
  public List<BenchResult> run(Consumer<BenchResult> out) {
    List<BenchResult> results = new ArrayList<>();
    Consumer<BenchResult> report = r -> {
      results.add(r);
      out.accept(r);
    };
    Path dir = tempDir();
    try {
      report.accept(memoryAppend());
      report.accept(fileAppend(dir.resolve("interval"), SyncPolicy.DEFAULT_INTERVAL, "engine.file.append.interval"));
      report.accept(fileAppend(dir.resolve("always"), SyncPolicy.ALWAYS, "engine.file.append.always"));
      report.accept(deliverAndAck());
      reopen(dir.resolve("reopen")).forEach(report);
      report.accept(raftCommit());
      new FailoverFigures(FAILOVER_SEEDS).run(report);
    } finally {
      DataDirectories.deleteRecursively(dir);
    }
    return results;
  }

  /** Publishes through the stream's full publish path into memory storage. */
  BenchResult memoryAppend() {
    JetStream js = memoryJetStream(m -> {});
    js.createStream(StreamConfig.builder("BENCH").subjects("bench").storage(StorageType.MEMORY).build());
    double best = best(() -> {
      js.require("BENCH").purge("", 0, 0);
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        js.publish("bench", null, null, payload);
      }
      return rate(messages, start);
    });
    return new BenchResult("engine.memory.append", best, "msgs/s");
  }

  /**
   * Publishes into a file stream of a real node. With {@code always}, messages are acknowledged
   * in groups of {@value #GROUP_COMMIT}: one sync (fsync) per group before the group's PubAcks.
   */
  BenchResult fileAppend(Path dataDir, SyncPolicy policy, String name) {
    double best = best(() -> {
      DataDirectories.deleteRecursively(dataDir);
      long[] acks = {0};
      try (JetStreamNode node = node(dataDir, policy, m -> acks[0]++)) {
        node.jetStream().createStream(StreamConfig.builder("BENCH").subjects("bench").build());
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
          node.jetStream().publish("bench", "ack", null, payload);
          if ((i + 1) % GROUP_COMMIT == 0) {
            node.flush();
          }
        }
        node.flush();
        double rate = rate(messages, start);
        if (acks[0] < messages) {
          throw new IllegalStateException(name + ": only " + acks[0] + " PubAcks for " + messages);
        }
        return rate;
      }
    });
    return new BenchResult(name, best, "msgs/s");
  }

  /**
   * Commands committed and applied by all three members of a simulated Raft group (real {@link
   * dev.jslab.engine.raft.RaftNode}s, in-memory storage, a network without delay), proposed to the
   * leader in bursts of {@value #PULL_BATCH}.
   */
  BenchResult raftCommit() {
    int n = Math.max(1, messages / 10);
    double best = best(() -> {
      var sim = new dev.jslab.local.sim.RaftGroupSim(
          "bench", List.of("n1", "n2", "n3"), dev.jslab.engine.raft.RaftTimings.CLASSROOM, 1);
      sim.recordHistory(false);
      sim.run(2_000_000_000L);
      String leader = sim.leader().orElseThrow(() -> new IllegalStateException("no Raft leader"));
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sim.propose(leader, "c");
        if ((i + 1) % PULL_BATCH == 0) {
          sim.run(0);
        }
      }
      long last = sim.statuses().get(leader).lastIndex();
      while (!sim.statuses().values().stream().allMatch(st -> st.appliedIndex() >= last)) {
        sim.run(1_000_000);
      }
      return rate(n, start);
    });
    return new BenchResult("engine.raft.commit", best, "commands/s");
  }

  /** Pull requests of {@value #PULL_BATCH} from a memory stream, every delivery acked. */
  BenchResult deliverAndAck() {
    List<OutboundMessage> deliveries = new ArrayList<>(PULL_BATCH);
    JetStream js = memoryJetStream(m -> {
      if (m.reply() != null && m.reply().startsWith("$JS.ACK.")) {
        deliveries.add(m);
      }
    });
    js.createStream(StreamConfig.builder("BENCH").subjects("bench").storage(StorageType.MEMORY).build());
    byte[] ack = "+ACK".getBytes(StandardCharsets.US_ASCII);
    byte[] request = ("{\"batch\":" + PULL_BATCH + "}").getBytes(StandardCharsets.US_ASCII);
    int[] round = {0};
    double best = best(() -> {
      String consumer = "C" + round[0]++;
      js.createConsumer("BENCH",
          ConsumerConfig.builder().durable(consumer).ackPolicy(AckPolicy.EXPLICIT).build(),
          ConsumerAction.CREATE_OR_UPDATE);
      for (int i = 0; i < messages; i++) {
        js.publish("bench", null, null, payload);
      }
      long start = System.nanoTime();
      long done = 0;
      while (done < messages) {
        deliveries.clear();
        js.processNextRequest("BENCH", consumer, "_INBOX.bench", request);
        for (OutboundMessage d : deliveries) {
          js.processAck(d.reply(), ack, null);
        }
        if (deliveries.isEmpty()) {
          throw new IllegalStateException("consumer stalled after " + done + " messages");
        }
        done += deliveries.size();
      }
      double rate = rate(messages, start);
      js.deleteConsumer("BENCH", consumer);
      js.require("BENCH").purge("", 0, 0);
      return rate;
    });
    return new BenchResult("engine.consumer.deliver_ack", best, "msgs/s");
  }

  /** Reopen time and heap held by a node whose file stream holds {@code reopenMessages}. */
  List<BenchResult> reopen(Path dataDir) {
    try (JetStreamNode node = node(dataDir, SyncPolicy.DEFAULT_INTERVAL, m -> {})) {
      node.jetStream().createStream(StreamConfig.builder("BENCH").subjects("bench").build());
      for (int i = 0; i < reopenMessages; i++) {
        node.jetStream().publish("bench", null, null, payload);
      }
    }
    long heapBefore = heapAfterGc();
    long start = System.nanoTime();
    JetStreamNode node = node(dataDir, SyncPolicy.DEFAULT_INTERVAL, m -> {});
    long reopenMillis = (System.nanoTime() - start) / 1_000_000;
    long heldBytes = heapAfterGc() - heapBefore;
    long count = node.jetStream().require("BENCH").state().messages();
    node.close();
    if (count != reopenMessages) {
      throw new IllegalStateException("reopened with " + count + " of " + reopenMessages + " messages");
    }
    String label = label(reopenMessages);
    return List.of(
        new BenchResult("engine.file.reopen." + label, reopenMillis, "ms"),
        new BenchResult("engine.file.heap." + label, Math.max(0, heldBytes) / (1024.0 * 1024.0), "MB"));
  }

  private JetStream memoryJetStream(dev.jslab.engine.message.Outbox outbox) {
    return JetStream.start(
        new JetStream.Environment(
            new VirtualScheduler(START_NANOS),
            outbox,
            StreamStorage.memory(),
            StreamStorage.memory(),
            ConsumerStorage.memory(),
            StreamCatalog.none(),
            SyncPolicy.DEFAULT_INTERVAL,
            "",
            new SplittableRandom(1),
            subject -> true));
  }

  private static JetStreamNode node(Path dataDir, SyncPolicy policy, dev.jslab.engine.message.Outbox outbox) {
    return JetStreamNode.open(
        new NodeConfig("bench", dataDir),
        new NodeEnvironment(new VirtualScheduler(START_NANOS), outbox, new SplittableRandom(1), policy, "", null));
  }

  private interface Round {
    double run();
  }

  private double best(Round round) {
    double best = 0;
    for (int r = 0; r <= rounds; r++) {
      double rate = round.run();
      if (r > 0) { // round 0 warms the JIT up
        best = Math.max(best, rate);
      }
    }
    return best;
  }

  private static double rate(long count, long startNanos) {
    return count / ((System.nanoTime() - startNanos) / 1e9);
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String label(int n) {
    return n % 1_000_000 == 0 ? (n / 1_000_000) + "m" : n % 1_000 == 0 ? (n / 1_000) + "k" : Integer.toString(n);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("jslab-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
