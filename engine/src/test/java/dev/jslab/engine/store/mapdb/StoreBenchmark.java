package dev.jslab.engine.store.mapdb;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Throughput and recovery figures of the MapDB store with its default options (fsync on), 128-byte
 * payloads on one subject. Not a test: run its {@code main} with the test classpath. Prints one
 * {@code bench <name> <value> <unit>} line per figure.
 *
 * <p>Arguments (all optional): messages for the interval run and the reopen (default 1,000,000),
 * messages for the sync-every-1,000 run (default 200,000), a directory to work in. System
 * properties {@code bench.blockMessages}, {@code bench.blockBytes} and {@code bench.fsync} change
 * the options from their defaults, to compare layouts.
 */
public final class StoreBenchmark {
  private static final String SUBJECT = "bench.orders";
  private static final long T0 = 1_700_000_000_000_000_000L;

  private static final MapDbStoreOptions OPTIONS = options();

  private StoreBenchmark() {}

  private static MapDbStoreOptions options() {
    MapDbStoreOptions d = MapDbStoreOptions.DEFAULTS;
    return new MapDbStoreOptions(
        Integer.getInteger("bench.blockMessages", d.blockMaxMessages()),
        Integer.getInteger("bench.blockBytes", d.blockMaxBytes()),
        d.blocksPerSegment(), d.removalsPerCommit(), d.cachedBlocks(),
        Boolean.parseBoolean(System.getProperty("bench.fsync", String.valueOf(d.fsync()))));
  }

  public static void main(String[] args) throws IOException {
    int intervalMessages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int groupMessages = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    Path base = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("jslab-bench");
    byte[] payload = new byte[128];
    new Random(42).nextBytes(payload);
    try {
      append(base.resolve("warmup"), 200_000, 100_000, payload, () -> { });
      delete(base.resolve("warmup"));

      Path interval = base.resolve("interval");
      long heapBefore = heapAfterGc();
      long[] heapLive = new long[1];
      double rate = append(interval, intervalMessages, 100_000, payload,
          () -> heapLive[0] = heapAfterGc() - heapBefore);
      print("engine.file.append.interval", Math.round(rate), "msgs/s");
      print("engine.file.heap.appended." + label(intervalMessages), heapLive[0] >> 20, "MB");

      Path group = base.resolve("group");
      rate = append(group, groupMessages, 1_000, payload, () -> { });
      print("engine.file.append.sync1000", Math.round(rate), "msgs/s");
      delete(group);

      long before = heapAfterGc();
      long start = System.nanoTime();
      MapDbMessageStore store = MapDbMessageStore.open(interval, 1, OPTIONS);
      long reopenNanos = System.nanoTime() - start;
      long heap = heapAfterGc();
      if (store.state().messages() != intervalMessages) {
        throw new IllegalStateException("reopened with " + store.state());
      }
      print("engine.file.reopen." + label(intervalMessages), reopenNanos / 1_000_000, "ms");
      print("engine.file.heap.reopened." + label(intervalMessages), heap >> 20, "MB");
      print("engine.file.heap.store." + label(intervalMessages), (heap - before) >> 20, "MB");

      start = System.nanoTime();
      long bytes = 0;
      for (long seq = 1; seq <= intervalMessages; seq++) {
        bytes += store.load(seq).data().length;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      print("engine.file.load.sequential", Math.round(intervalMessages / seconds), "msgs/s");
      store.close();
      if (bytes != (long) intervalMessages * payload.length) {
        throw new IllegalStateException("read " + bytes + " bytes");
      }
      print("engine.file.disk." + label(intervalMessages), diskBytes(interval) >> 20, "MB");
    } finally {
      delete(base);
    }
  }

  /**
   * Appends {@code n} messages, syncing every {@code syncEvery} and at the end; msgs/s. Runs
   * {@code beforeClose} (untimed) with the store still open.
   */
  private static double append(Path dir, int n, int syncEvery, byte[] payload,
      Runnable beforeClose) {
    MapDbMessageStore store = MapDbMessageStore.open(dir, 1, OPTIONS);
    long start = System.nanoTime();
    for (int i = 1; i <= n; i++) {
      store.append(SUBJECT, null, payload, T0 + i);
      if (i % syncEvery == 0) {
        store.sync();
      }
    }
    store.sync();
    double seconds = (System.nanoTime() - start) / 1e9;
    beforeClose.run();
    store.close();
    return n / seconds;
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String label(int messages) {
    return messages % 1_000_000 == 0 ? messages / 1_000_000 + "m" : messages + "msgs";
  }

  private static void print(String name, long value, String unit) {
    System.out.println("bench " + name + " " + value + " " + unit);
  }

  private static long diskBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
