package dev.jslab.local.bench;

import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.local.sim.RaftGroupSim;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * How long a 3-member Raft group is without a leader, in virtual time: after its leader crashes
 * (the others wait out an election timeout) and after its leader steps down (it hands over at
 * once). Measured over many seeds in the simulator with nats-server's timings and the classroom
 * preset; reported as median and maximum, in milliseconds of the group's time.
 *
 * <p>Runs on the calling thread; deterministic for a given number of seeds.
 */
final class FailoverFigures {
  private static final long MS = 1_000_000L;
  private static final List<String> MEMBERS = List.of("n1", "n2", "n3");

  private final int seeds;

  FailoverFigures(int seeds) {
    this.seeds = seeds;
  }

  void run(Consumer<BenchResult> out) {
    for (String preset : List.of("nats", "classroom")) {
      RaftTimings timings = RaftTimings.named(preset);
      report(out, "raft.failover.crash." + preset, measure(timings, false));
      report(out, "raft.failover.stepdown." + preset, measure(timings, true));
    }
  }

  private static void report(Consumer<BenchResult> out, String name, long[] nanos) {
    Arrays.sort(nanos);
    out.accept(new BenchResult(name + ".p50", nanos[nanos.length / 2] / (double) MS, "ms"));
    out.accept(new BenchResult(name + ".max", nanos[nanos.length - 1] / (double) MS, "ms"));
  }

  /** Virtual nanoseconds from the fault until a new leader is known to both other members. */
  private long[] measure(RaftTimings timings, boolean stepDown) {
    long[] gaps = new long[seeds];
    for (int s = 0; s < seeds; s++) {
      RaftGroupSim sim = new RaftGroupSim("failover", MEMBERS, timings, s + 1);
      sim.recordHistory(false);
      sim.run(3 * timings.electionMaxNanos());
      String old = sim.leader().orElseThrow(() -> new IllegalStateException("no first leader"));
      // the fault comes at a random moment between two heartbeats
      sim.run(new SplittableRandom(s).nextLong(timings.heartbeatNanos()));
      long at = sim.nowNanos();
      if (stepDown) {
        sim.stepDown(old);
      } else {
        sim.crash(old);
      }
      List<String> others = new ArrayList<>(MEMBERS);
      others.remove(old);
      long step = timings.heartbeatNanos() / 100;
      while (!newLeaderKnown(sim, old, others)) {
        if (sim.nowNanos() - at > 10 * timings.lostQuorumNanos()) {
          throw new IllegalStateException("no new leader after " + (sim.nowNanos() - at) / MS + " ms");
        }
        sim.run(step);
      }
      gaps[s] = sim.nowNanos() - at;
    }
    return gaps;
  }

  private static boolean newLeaderKnown(RaftGroupSim sim, String old, List<String> others) {
    var statuses = sim.statuses();
    return others.stream().allMatch(n -> {
      var st = statuses.get(n);
      return st != null && st.leader().isPresent() && !st.leader().get().equals(old);
    });
  }
}
