package dev.jslab.engine.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded randomized runs of {@link RaftSimulation}. {@code -Draft.seed=S} replays one seed; {@code
 * -Draft.seeds=N} runs N seeds from {@code -Draft.firstSeed} (default 1); CI runs 200 in memory
 * and 2 on MapDB files ({@code -Draft.fileSeeds=N} for more).
 */
class RaftSimulationTest {
  private static final long CHAOS = 20_000 * RaftSimulation.MS;
  private static final long LIVENESS_BOUND = 10_000 * RaftSimulation.MS;

  @Test
  void randomizedRunsKeepEverySafetyInvariantAndElectALeaderAfterHealing() {
    String one = System.getProperty("raft.seed");
    long first = one != null ? Long.parseLong(one) : Long.getLong("raft.firstSeed", 1);
    long count = one != null ? 1 : Long.getLong("raft.seeds", 200);
    long elections = 0;
    long installs = 0;
    long transfers = 0;
    long removals = 0;
    long additions = 0;
    for (long seed = first; seed < first + count; seed++) {
      RaftSimulation sim = new RaftSimulation(seed);
      try {
        sim.run(CHAOS, LIVENESS_BOUND);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "seed " + seed + " failed; replay with -Draft.seed=" + seed + ": " + e.getMessage(), e);
      }
      if (one != null) {
        System.out.println(sim.summary());
      }
      elections += sim.elections;
      installs += sim.installs;
      transfers += sim.transfers;
      removals += sim.removals;
      additions += sim.additions;
    }
    // The runs exercise what they claim to: elections, snapshots sent to laggards, transfers.
    assertThat(elections).isGreaterThan(count);
    assertThat(installs).isPositive();
    assertThat(transfers).isPositive();
    if (count >= 50) {
      assertThat(removals).isPositive();
      assertThat(additions).isPositive();
    }
  }

  @Test
  void randomizedRunsOnMapDbFilesKeepEverySafetyInvariantAcrossCrashes(@TempDir Path dir) {
    // Crashes drop the MapDB handle without a commit and reopen the file: what the driver
    // persisted before sending must be there, and nothing else.
    long count = Long.getLong("raft.fileSeeds", 2);
    for (long seed = 1; seed <= count; seed++) {
      Path runDir = dir.resolve("seed-" + seed);
      RaftSimulation sim =
          new RaftSimulation(seed, id -> MapDbRaftStorage.open(runDir.resolve(id + ".db")));
      try {
        sim.run(CHAOS / 2, LIVENESS_BOUND);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("file seed " + seed + " failed: " + e.getMessage(), e);
      } finally {
        sim.close();
      }
      assertThat(sim.crashes).isPositive();
    }
  }

  @Test
  void aSeedReplaysTheSameRun() {
    RaftSimulation first = new RaftSimulation(42);
    first.run(CHAOS, LIVENESS_BOUND);
    RaftSimulation again = new RaftSimulation(42);
    again.run(CHAOS, LIVENESS_BOUND);

    assertThat(again.summary()).isEqualTo(first.summary());
    assertThat(again.statuses()).isEqualTo(first.statuses());
  }
}
