package dev.jslab.local.cli;

import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.local.sim.JetStreamCheck;
import dev.jslab.local.sim.RaftCheck;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jslab check}: runs seeded random fault schedules against a workload — a simulated Raft
 * group ({@link RaftCheck}, the default) or a whole clustered JetStream ({@link JetStreamCheck}) —
 * and judges each run; prints one line per seed and stops at the first failure, naming the seed
 * that replays it. Runs on the caller's thread.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Break a simulated Raft group or JetStream cluster on purpose, then check that",
      "nothing acknowledged was lost.",
      "",
      "--workload raft (the default), each seed: a client proposes commands while",
      "members crash, restart, pause, get partitioned, lose links one way, drop or",
      "duplicate messages and step down; then everything heals, every member",
      "restarts, and the run is judged: one leader per term, the same entry at each",
      "index everywhere, every acknowledged command exactly once on every member, a",
      "leader again within a bound.",
      "",
      "--workload jetstream: a whole JetStream cluster (every node a real JetStream",
      "with its meta, stream and consumer Raft groups) with an R3 stream, an R2 or R3",
      "mirror of it and a stream sourcing it; publishers",
      "with Nats-Msg-Id retry until acknowledged, a durable pull consumer fetches and",
      "acks, while nodes crash, restart, stop, pause, get partitioned or cut one way,",
      "links lose messages and meta, stream and consumer leaders step down through",
      "the API; then everything heals and the run is judged: every group has a",
      "leader, every acknowledged publish is in the stream once at its acked",
      "sequence, every stream and consumer replica agrees with its leader, the",
      "consumer received everything and its ack floor covers what it acked, every",
      "mirror replica holds exactly the origin's messages at their sequences and the",
      "sourcing stream each of them once (after up to 3 virtual minutes to settle); then",
      "every node restarts at once and the same is judged again.",
      "",
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

  @Option(names = "--workload", paramLabel = "W", defaultValue = "raft", description = "What is broken: raft (one Raft group) or jetstream (a JetStream cluster with an R3 stream, a mirror and a source) (default: ${DEFAULT-VALUE}).")
  String workload;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Members of the group, 1 to 9; nodes of the cluster for jetstream, 3 to 9 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--timings", paramLabel = "PRESET", defaultValue = "classroom", description = "Raft clocks: nats (election 4-9 s, heartbeat 1 s) or classroom (10x faster) (default: ${DEFAULT-VALUE}).")
  String timings;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "30", description = "Virtual seconds of faults per seed, before healing (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    boolean jetstream = switch (workload) {
      case "raft" -> false;
      case "jetstream" -> true;
      default -> throw new ParameterException(spec.commandLine(), "--workload must be raft or jetstream (was " + workload + ")");
    };
    int minNodes = jetstream ? 3 : 1;
    if (nodes < minNodes || nodes > 9) {
      throw new ParameterException(spec.commandLine(), "--nodes must be between " + minNodes + " and 9 (was " + nodes + ")");
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
    long runNanos = seconds * 1_000_000_000L;
    Seed check = jetstream ? jetStream(new JetStreamCheck(nodes, clocks, runNanos)) : raft(new RaftCheck(nodes, clocks, runNanos));
    PrintWriter out = spec.commandLine().getOut();
    long first = seed != null ? seed : firstSeed != null ? firstSeed : new java.util.SplittableRandom().nextLong();
    int count = seed != null ? 1 : seeds;
    if (seed == null) {
      out.println("check: " + count + " seeds from " + first + ", " + (jetstream ? "jetstream cluster of " + nodes + " nodes" : nodes + " members")
          + ", " + timings + " timings, " + seconds + " s of faults each");
    }
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long s = first + i;
      Verdict v = check.run(s);
      if (v.violation() != null) {
        out.println("seed " + s + " FAILED: " + v.violation() + " (" + v.facts() + ")");
        out.println("replay: jslab check" + (jetstream ? " --workload jetstream" : "") + " --seed " + s + " --nodes " + nodes
            + " --timings " + timings + " --seconds " + seconds);
        out.flush();
        return EXIT_VIOLATION;
      }
      out.println("seed " + s + " ok " + v.facts());
      out.flush();
    }
    if (count > 1) {
      double took = (System.nanoTime() - started) / 1e9;
      out.printf(java.util.Locale.ROOT, "check: %d seeds passed in %.1f s (%.1f seeds/s)%n", count, took, count / took);
    }
    out.flush();
    return 0;
  }

  /** One seed's outcome as printed: the violation (null when it passed) and its facts. */
  private record Verdict(String violation, String facts) {}

  /** Runs one seed of a workload. */
  private interface Seed {
    Verdict run(long seed);
  }

  private static Seed raft(RaftCheck check) {
    return s -> {
      RaftCheck.Result r = check.run(s);
      return new Verdict(r.violation().orElse(null), "acknowledged=" + r.acknowledged() + " faults=" + r.faults()
          + " leaders=" + r.leaders() + " history=" + r.historyHash().substring(0, 16));
    };
  }

  private static Seed jetStream(JetStreamCheck check) {
    return s -> {
      JetStreamCheck.Result r = check.run(s);
      return new Verdict(r.violation().orElse(null), "published=" + r.published() + " acknowledged=" + r.acknowledged()
          + " received=" + r.received() + " faults=" + r.faults() + " leaders-after-heal="
          + (r.leadersAfterHealNanos() < 0 ? "none" : r.leadersAfterHealNanos() / 1_000_000 + "ms")
          + " snapshots=" + r.snapshotsTaken() + "/" + r.snapshotsInstalled()
          + " history=" + r.historyHash().substring(0, 16));
    };
  }
}
