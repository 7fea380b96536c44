package dev.jslab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code jslab} option handling that happens before any window opens. */
class JslabCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;

  @BeforeEach
  void captureOutput() {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreOutput() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

  @Test
  void badNodeCountForTheAppExitsTwoBeforeAnyWindowOpens() {
    assertThat(JslabCommand.run("--nodes", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("jslab: --nodes must be between 1 and 9 (was 0) (see 'jslab --help')");
  }

  @Test
  void badNodeCountForTheServerNamesTheSubcommand() {
    assertThat(JslabCommand.run("server", "--nodes", "99")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "jslab server: --nodes must be between 1 and 9 (was 99) (see 'jslab server --help')");
  }

  @Test
  void helpListsTheServerCommandAndTheClusterOptions() {
    assertThat(JslabCommand.run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("server", "--nodes=N", "--data=DIR", "--ephemeral", "--cluster=NAME");
  }

  @Test
  void serverHelpDescribesEveryOption() {
    assertThat(JslabCommand.run("server", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Usage: jslab server", "--nodes=N", "--data=DIR", "--ephemeral", "--cluster=NAME");
  }
}
