package dev.jslab.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.local.cli.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
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
    assertThat(err.toString()).contains("choose what to measure: --engine");
  }

  @Test
  void resultLinesRoundLargeFiguresAndKeepTwoDecimalsOfSmallOnes() {
    assertThat(new BenchResult("x.y", 2_345_678.4, "msgs/s").line()).isEqualTo("bench x.y 2345678 msgs/s");
    assertThat(new BenchResult("x.z", 1.234, "s").line()).isEqualTo("bench x.z 1.23 s");
  }
}
