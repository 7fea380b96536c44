package dev.jslab.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.local.cli.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = CommandLines.configure(new CommandLine(new BenchCommand()));
    cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void engineBenchPrintsOneMachineReadableLinePerFigure() {
    assertThat(run("--engine", "--messages", "2000", "--rounds", "1", "--reopen-messages", "3000")).isZero();
    assertThat(out.toString().lines())
        .allMatch(l -> l.matches("bench [a-z0-9._]+ \\d+(\\.\\d+)? \\S+"))
        .anyMatch(l -> l.startsWith("bench engine.memory.append "));
  }

  @Test
  void benchWithoutATargetExitsTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("choose what to measure: --engine, --lab, --nats-server or --url");
  }

  @Test
  void wireBenchAgainstALabNodeInItsOwnProcessPrintsEveryFigure() {
    assertThat(run("--lab", "--wire-divisor", "2000", "--rounds", "1", "--warm-up", "0")).as(err.toString()).isZero();
    List<String> names =
        out.toString().lines().map(l -> l.split(" ")[1]).toList();
    assertThat(names)
        .containsExactly(
            "lab.core.pubsub",
            "lab.js.sync.memory", "lab.js.sync.memory.p50", "lab.js.sync.memory.p99",
            "lab.js.sync.file", "lab.js.sync.file.p50", "lab.js.sync.file.p99",
            "lab.js.async.memory",
            "lab.js.async.file",
            "lab.js.fetch.memory",
            "lab.js.fetch.file");
  }

  @Test
  void anUnknownFigureIsRefusedBeforeAnyServerStarts() {
    assertThat(run("--nats-server", "/nonexistent/nats-server", "--figure", "core.nope")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown figure 'core.nope'");
  }

  @Test
  void aServerThatCannotStartIsOneLineAndExitOne() {
    assertThat(run("--nats-server", "/nonexistent/nats-server", "--figure", "core.pubsub")).isEqualTo(1);
    assertThat(err.toString().lines()).hasSize(1).allMatch(l -> l.startsWith("jslab bench: "));
  }

  @Test
  void replicasOtherThanOneOrThreeAreRefused() {
    assertThat(run("--nats-server", "--replicas", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("--replicas must be 1 or 3 (was 2)");
  }

  @Test
  void classroomTimingsAreForTheR3LabAloneAndAnUnknownPresetIsNamed() {
    assertThat(run("--lab", "--nats-server", "/nonexistent/nats-server", "--replicas", "3",
        "--lab-raft-timings", "classroom")).isEqualTo(2);
    assertThat(err.toString()).contains("--lab-raft-timings classroom is for --lab --replicas 3 alone");
    assertThat(run("--lab", "--lab-raft-timings", "classroom")).isEqualTo(2);
    assertThat(run("--lab", "--replicas", "3", "--lab-raft-timings", "warp")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown Raft timings 'warp'");
  }

  @Test
  void replicasNeedClustersTheBenchStartsItself() {
    assertThat(run("--url", "nats://127.0.0.1:1", "--replicas", "3")).isEqualTo(2);
    assertThat(err.toString()).contains("use --lab and/or --nats-server, not --url");
  }

  @Test
  void anR1FigureNameIsUnknownWithReplicas() {
    assertThat(run("--nats-server", "/nonexistent/nats-server", "--replicas", "3", "--figure", "js.sync.file"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("unknown figure 'js.sync.file'; known: [r3.js.sync.memory");
  }

  @Test
  void aNatsServerClusterThatCannotStartIsOneLineAndExitOne() {
    assertThat(run("--nats-server", "/nonexistent/nats-server", "--replicas", "3")).isEqualTo(1);
    assertThat(err.toString().lines()).hasSize(1).allMatch(l -> l.startsWith("jslab bench: "));
  }

  @Test
  void anR3FigureOnTheLabIsMeasuredOrRefusedInOneLineWithoutHanging() {
    int exit =
        run("--lab", "--replicas", "3", "--figure", "r3.js.sync.memory",
            "--wire-divisor", "2000", "--rounds", "1", "--warm-up", "0");
    if (exit == 0) {
      assertThat(out.toString().lines().map(l -> l.split(" ")[1]))
          .containsExactly("lab.r3.js.sync.memory", "lab.r3.js.sync.memory.p50", "lab.r3.js.sync.memory.p99");
    } else {
      assertThat(exit).isEqualTo(1);
      assertThat(err.toString().lines())
          .singleElement()
          .satisfies(l -> assertThat(l).startsWith("jslab bench: lab: r3.js.sync.memory: "));
    }
  }

  @Test
  void ratiosMeanTheLabIsAtLeastAsGoodWhenAboveOne() {
    assertThat(WireComparison.ratio("x", new BenchResult("lab.x", 200, "msgs/s"), new BenchResult("n.x", 100, "msgs/s")).value())
        .isEqualTo(2.0);
    assertThat(WireComparison.ratio("x.p50", new BenchResult("lab.x.p50", 50, "us"), new BenchResult("n.x.p50", 100, "us")).value())
        .isEqualTo(2.0);
    assertThat(WireComparison.ratio("r3.failover.crash", new BenchResult("lab.r3.failover.crash", 2_500, "ms"), new BenchResult("n.r3.failover.crash", 5_000, "ms")).value())
        .isEqualTo(2.0);
  }

  @Test
  void resultLinesRoundLargeFiguresAndKeepTwoDecimalsOfSmallOnes() {
    assertThat(new BenchResult("x.y", 2_345_678.4, "msgs/s").line()).isEqualTo("bench x.y 2345678 msgs/s");
    assertThat(new BenchResult("x.z", 1.234, "s").line()).isEqualTo("bench x.z 1.23 s");
  }
}
