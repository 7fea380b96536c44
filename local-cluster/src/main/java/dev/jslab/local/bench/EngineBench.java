package dev.jslab.local.bench;

import dev.jslab.engine.jetstream.ConsumerStorage;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.jetstream.StreamCatalog;
import dev.jslab.engine.jetstream.StreamStorage;
import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.time.VirtualScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * In-process engine benchmarks, single node, 128-byte payloads: what one node's JetStream does
 * without the network in the way. Each figure is the best of a few rounds after a warm-up round.
 *
 * <p>Runs on the calling thread; not thread-safe.
 */
public final class EngineBench {
  private static final int PAYLOAD_BYTES = 128;
  private static final long START_NANOS = 1_700_000_000_000_000_000L;

  private final int messages;
  private final int rounds;

  /** @param messages messages per round; @param rounds measured rounds (best one reported) */
  public EngineBench(int messages, int rounds) {
    this.messages = messages;
    this.rounds = rounds;
  }

  /** Runs every engine benchmark, handing each figure to {@code out} as it is measured. */
  public List<BenchResult> run(Consumer<BenchResult> out) {
    List<BenchResult> results = new ArrayList<>();
    BenchResult memory = memoryAppend();
    results.add(memory);
    out.accept(memory);
    return results;
  }

  /** Publishes through the stream's full publish path into memory storage. */
  BenchResult memoryAppend() {
    VirtualScheduler scheduler = new VirtualScheduler(START_NANOS);
    JetStream js =
        JetStream.start(
            new JetStream.Environment(
                scheduler,
                m -> {},
                StreamStorage.memory(),
                StreamStorage.memory(),
                ConsumerStorage.memory(),
                StreamCatalog.none(),
                SyncPolicy.DEFAULT_INTERVAL,
                "",
                new SplittableRandom(1),
                subject -> true));
    js.createStream(StreamConfig.builder("BENCH").subjects("bench").storage(StorageType.MEMORY).build());
    byte[] payload = new byte[PAYLOAD_BYTES];
    double best = 0;
    for (int round = 0; round <= rounds; round++) {
      js.require("BENCH").purge("", 0, 0);
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        js.publish("bench", null, null, payload);
      }
      double rate = messages / ((System.nanoTime() - start) / 1e9);
      if (round > 0) { // round 0 warms the JIT up
        best = Math.max(best, rate);
      }
    }
    return new BenchResult("engine.memory.append", best, "msgs/s");
  }
}
