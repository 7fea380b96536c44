package dev.jslab.engine.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.memory.MemoryMessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random operations on the MapDB store and on a model (a memory store plus what was committed and
 * what was synced): after every crash, power cut and reopen, the MapDB store must show exactly
 * what the model says survived. Seeds 1..30 by default; {@code -Dstore.seed=N} replays one;
 * {@code -Dstore.firstSeed}, {@code -Dstore.seeds} and {@code -Dstore.ops} run a longer campaign.
 */
class MapDbMessageStoreFuzzTest {
  private static final int SEEDS = Integer.getInteger("store.seeds", 30);
  private static final long FIRST_SEED = Long.getLong("store.firstSeed", 1);
  private static final int OPS = Integer.getInteger("store.ops", 300);
  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final String[] SUBJECTS = {"a", "b.x", "b.y", "c.d.e", "kv.1", "kv.2", "é.1"};
  private static final String[] FILTERS = {"a", "b.*", "b.>", ">", "", "kv.1", "*", "c.*.e"};

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> randomOperationsLeaveExactlyWhatTheModelSaysSurvives() {
    String fixed = System.getProperty("store.seed");
    LongStream seeds = fixed != null && !fixed.isBlank()
        ? LongStream.of(Long.parseLong(fixed.trim()))
        : LongStream.range(FIRST_SEED, FIRST_SEED + SEEDS);
    return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed,
        () -> new Run(seed, dir.resolve("seed-" + seed)).run()));
  }

  /** One seeded run. */
  private static final class Run {
    private final long seed;
    private final Path path;
    private final Random random;
    private final MapDbStoreOptions options;
    private final Deque<String> history = new ArrayDeque<>();
    private MapDbMessageStore store;
    private MemoryMessageStore model;
    private StoreImage committed;
    private StoreImage synced;
    private long commitsSeen;
    private long clock = T0;

    Run(long seed, Path path) {
      this.seed = seed;
      this.path = path;
      this.random = new Random(seed);
      this.options = new MapDbStoreOptions(
          pick(6, 12, 24), pick(800, 3000, 1 << 20), pick(2, 3, 4), pick(3, 7, 1000), pick(1, 2),
          false);
    }

    void run() {
      long firstSeq = 1 + random.nextInt(5);
      int op = 0;
      try {
        store = MapDbMessageStore.open(path, firstSeq, options);
        model = new MemoryMessageStore(firstSeq);
        committed = StoreImage.asFile(model);
        synced = committed;
        for (op = 1; op <= OPS; op++) {
          step();
          StoreImage expected = StoreImage.asFile(model);
          assertThat(store.state()).as("state").isEqualTo(expected.state());
          if (op % 10 == 0) {
            assertThat(StoreImage.of(store)).as("image").isEqualTo(expected);
          }
        }
        store.delete();
      } catch (Throwable e) {
        if (store != null) {
          store.crash();
        }
        throw new AssertionError("seed " + seed + " failed at operation " + op + " (replay with"
            + " -Dstore.seed=" + seed + ", options " + options + "); last operations: " + history
            + ": " + e.getMessage(), e);
      }
    }

    private void step() {
      int dice = random.nextInt(100);
      if (dice < 38) {
        append(model.state().lastSeq() + 1);
      } else if (dice < 42) {
        append(model.state().lastSeq() + 2 + random.nextInt(6));
      } else if (dice < 44) {
        long seq = model.state().lastSeq() + 1 + random.nextInt(5);
        record("skipTo " + seq);
        store.skipTo(seq);
        model.skipTo(seq);
      } else if (dice < 58) {
        long seq = random.nextInt(3) == 0 ? model.state().firstSeq() : aroundRange();
        record("remove " + seq);
        assertThat(store.remove(seq)).as("remove " + seq).isEqualTo(model.remove(seq));
      } else if (dice < 60) {
        record("purgeAll");
        assertThat(store.purgeAll()).isEqualTo(model.purgeAll());
      } else if (dice < 64) {
        long seq = aroundRange() + random.nextInt(3);
        record("compact " + seq);
        assertThat(store.compact(seq)).isEqualTo(model.compact(seq));
      } else if (dice < 69) {
        String filter = FILTERS[random.nextInt(FILTERS.length)];
        long before = random.nextBoolean() ? 0 : aroundRange();
        long keep = random.nextBoolean() ? 0 : random.nextInt(4);
        record("purge '" + filter + "' before " + before + " keep " + keep);
        assertThat(store.purge(filter, before, keep)).isEqualTo(model.purge(filter, before, keep));
      } else if (dice < 76) {
        record("sync");
        store.sync();
      } else if (dice < 80) {
        record("crash");
        store.crash();
        reopenExpecting(committed);
        return;
      } else if (dice < 84) {
        record("powerLoss");
        store.powerLoss();
        reopenExpecting(synced);
        return;
      } else if (dice < 87) {
        record("close");
        StoreImage now = StoreImage.asFile(model);
        store.close();
        reopenExpecting(now);
        return;
      } else {
        compareARead();
      }
      if (store.commits() != commitsSeen) {
        commitsSeen = store.commits();
        committed = StoreImage.asFile(model);
        if (history.peekLast() != null && history.peekLast().equals("sync")) {
          synced = committed;
        }
      }
    }

    private void append(long seq) {
      String subject = SUBJECTS[random.nextInt(SUBJECTS.length)];
      byte[] headers = random.nextInt(5) == 0
          ? ("NATS/1.0\r\nK: " + random.nextInt(1000) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)
          : null;
      byte[] data = new byte[random.nextInt(4) == 0 ? random.nextInt(400) : random.nextInt(20)];
      random.nextBytes(data);
      clock += random.nextInt(10) == 0 ? -random.nextInt(5) : random.nextInt(4);
      record("appendAt " + seq + " " + subject);
      store.appendAt(seq, subject, headers, data, clock);
      model.appendAt(seq, subject, headers, data, clock);
    }

    private void reopenExpecting(StoreImage expected) {
      store = MapDbMessageStore.open(path, 1, options);
      commitsSeen = store.commits();
      assertThat(StoreImage.of(store)).as("after " + history.peekLast()).isEqualTo(expected);
      model = expected.toMemoryStore();
      assertThat(StoreImage.asFile(model)).as("model rebuilt").isEqualTo(expected);
      committed = expected;
      if (!history.peekLast().equals("crash")) {
        synced = expected;
      }
    }

    private void compareARead() {
      long seq = aroundRange();
      String filter = FILTERS[random.nextInt(FILTERS.length)];
      switch (random.nextInt(7)) {
        case 0 -> assertThat(store.load(seq)).as("load " + seq).isEqualTo(model.load(seq));
        case 1 -> assertThat(store.loadNext(filter, seq)).as("loadNext " + filter + " " + seq)
            .isEqualTo(model.loadNext(filter, seq));
        case 2 -> assertThat(store.loadLast(filter)).as("loadLast " + filter)
            .isEqualTo(model.loadLast(filter));
        case 3 -> assertThat(store.loadPrevious(seq)).as("loadPrevious " + seq)
            .isEqualTo(model.loadPrevious(seq));
        case 4 -> assertThat(store.filteredState(filter, seq)).as("filteredState " + filter + seq)
            .isEqualTo(model.filteredState(filter, seq));
        case 5 -> {
          boolean last = random.nextBoolean();
          assertThat(store.numPending(seq, filter, last)).as("numPending " + filter + seq + last)
              .isEqualTo(model.numPending(seq, filter, last));
        }
        default -> {
          long ts = clock - random.nextInt(60);
          assertThat(store.seqAtOrAfter(ts)).as("seqAtOrAfter " + ts)
              .isEqualTo(model.seqAtOrAfter(ts));
        }
      }
    }

    /** A sequence from a little before the first to a little after the last. */
    private long aroundRange() {
      MessageStore m = model;
      long first = m.state().firstSeq();
      long last = m.state().lastSeq();
      return Math.max(0, first - 2 + (long) random.nextInt((int) Math.max(1, last - first + 5)));
    }

    private void record(String op) {
      history.addLast(op);
      if (history.size() > 25) {
        history.removeFirst();
      }
    }

    private int pick(int... values) {
      return values[random.nextInt(values.length)];
    }
  }
}
