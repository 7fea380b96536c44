package dev.jslab.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CheckCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = CommandLines.configure(new CommandLine(new CheckCommand()));
    cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void seededFaultSchedulesAgainstThreeAndFiveMembersPassEveryInvariant() {
    assertThat(run("--seeds", "40", "--first-seed", "1", "--seconds", "20")).as(out.toString()).isZero();
    assertThat(out.toString()).contains("check: 40 seeds passed");
    assertThat(run("--seeds", "20", "--first-seed", "100", "--nodes", "5", "--seconds", "20"))
        .as(out.toString())
        .isZero();
    assertThat(out.toString().lines().filter(l -> l.startsWith("seed ")))
        .hasSize(20)
        .allMatch(l -> l.matches("seed \\d+ ok acknowledged=\\d+ faults=\\d+ leaders=\\d+ history=[0-9a-f]{16}"));
  }

  @Test
  void aSeedReplaysWithTheSameHistoryHash() {
    run("--seed", "77", "--seconds", "20");
    String first = out.toString();
    run("--seed", "77", "--seconds", "20");
    assertThat(out.toString()).isEqualTo(first).startsWith("seed 77 ok ");
  }

  @Test
  void theJetStreamWorkloadPassesItsSeedsAndReplaysOneWithTheSameHistoryHash() {
    assertThat(run("--workload", "jetstream", "--seeds", "3", "--first-seed", "1", "--seconds", "10"))
        .as(out.toString()).isZero();
    assertThat(out.toString()).contains("jetstream cluster of 3 nodes").contains("check: 3 seeds passed");
    String line = out.toString().lines().filter(l -> l.startsWith("seed 2 ")).findFirst().orElseThrow();
    assertThat(line).matches("seed 2 ok published=\\d+ acknowledged=\\d+ received=\\d+ faults=\\d+ "
        + "leaders-after-heal=\\d+ms snapshots=\\d+/\\d+ history=[0-9a-f]{16}");
    run("--workload", "jetstream", "--seed", "2", "--seconds", "10");
    assertThat(out.toString().strip()).isEqualTo(line);
  }

  @Test
  void badOptionsAreOneLineAndExitTwo() {
    assertThat(run("--workload", "kafka")).isEqualTo(2);
    assertThat(err.toString()).contains("--workload must be raft or jetstream");
    assertThat(run("--workload", "jetstream", "--nodes", "1")).isEqualTo(2);
    assertThat(run("--timings", "warp")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown Raft timings 'warp': nats or classroom");
    assertThat(run("--seeds", "0")).isEqualTo(2);
  }
}
