package dev.jslab.local.cli;

import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.local.sim.RaftCheck;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jslab check}: runs seeded random fault schedules against a simulated Raft group and
 * judges each run (see {@link RaftCheck}); prints one line per seed and stops at the first
 * failure, naming the seed that replays it. Runs on the caller's thread.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Break a simulated Raft group on purpose, then check that nothing acknowledged was lost.",
      "",
      "Each seed: a client proposes commands while members crash, restart, pause,",
      "get partitioned, lose links one way, drop or duplicate messages and step down;",
      "then everything heals, every member restarts, and the run is judged: one leader",
      "per term, the same entry at each index everywhere, every acknowledged command",
      "exactly once on every member, a leader again within a bound.",
      "A failure prints the seed; --seed replays it exactly (same history hash)."
    })
public final class CheckCommand implements Callable<Integer> {
  /** Exit code when a seed breaks an invariant. */
  public static final int EXIT_VIOLATION = 1;

  @Option(names = "--seeds", paramLabel = "N", defaultValue = "100", description = "How many seeds to run (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--seed", paramLabel = "S", description = "Run only this seed (to replay a failure).")
  Long seed;

  @Option(names = "--first-seed", paramLabel = "S", description = "The first of the --seeds seeds (default: drawn at random and printed).")
  Long firstSeed;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Members of the group, 1 to 9 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--timings", paramLabel = "PRESET", defaultValue = "classroom", description = "Raft clocks: nats (election 4-9 s, heartbeat 1 s) or classroom (10x faster) (default: ${DEFAULT-VALUE}).")
  String timings;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "30", description = "Virtual seconds of faults per seed, before healing (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (nodes < 1 || nodes > 9) {
      throw new ParameterException(spec.commandLine(), "--nodes must be between 1 and 9 (was " + nodes + ")");
    }
    if (seeds < 1 || seconds < 1) {
      throw new ParameterException(spec.commandLine(), "--seeds and --seconds must be at least 1");
    }
    RaftTimings clocks;
    try {
      clocks = RaftTimings.named(timings);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    RaftCheck check = new RaftCheck(nodes, clocks, seconds * 1_000_000_000L);
    PrintWriter out = spec.commandLine().getOut();
    long first = seed != null ? seed : firstSeed != null ? firstSeed : new java.util.SplittableRandom().nextLong();
    int count = seed != null ? 1 : seeds;
    if (seed == null) {
      out.println("check: " + count + " seeds from " + first + ", " + nodes + " members, "
          + timings + " timings, " + seconds + " s of faults each");
    }
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long s = first + i;
      RaftCheck.Result r = check.run(s);
      String facts = "acknowledged=" + r.acknowledged() + " faults=" + r.faults() + " leaders=" + r.leaders()
          + " history=" + r.historyHash().substring(0, 16);
      if (!r.passed()) {
        out.println("seed " + s + " FAILED: " + r.violation().get() + " (" + facts + ")");
        out.println("replay: jslab check --seed " + s + " --nodes " + nodes + " --timings " + timings
            + " --seconds " + seconds);
        out.flush();
        return EXIT_VIOLATION;
      }
      out.println("seed " + s + " ok " + facts);
      out.flush();
    }
    if (count > 1) {
      out.printf(java.util.Locale.ROOT, "check: %d seeds passed in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
    }
    out.flush();
    return 0;
  }
}
