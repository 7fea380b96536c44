package dev.jslab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.app.Launcher;
import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LocalCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jslab server} as a user runs it: a separate process, stopped by a signal. Real process,
 * real files: the test waits on the process's own output, never on a timer.
 */
class JslabServerProcessTest {
  private static final long EXIT_WAIT_SECONDS = 60;

  @TempDir Path dir;

  private Process startServer(String... args) throws IOException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath);
    command.add(Launcher.class.getName());
    command.add("server");
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static List<String> readUntil(BufferedReader out, String marker) throws IOException {
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
      if (line.contains(marker)) {
        return lines;
      }
    }
    throw new AssertionError("process ended before printing '" + marker + "': " + lines);
  }

  private void signal(Process process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    assertThat(kill.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  private void assertStopsCleanlyOn(String signal, int expectedExit) throws Exception {
    Path data = dir.resolve("data");
    Process server = startServer("--nodes", "3", "--data", data.toString());
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> startup = readUntil(out, "is up");
      // each node line ends with its client URL
      for (int i = 1; i <= 3; i++) {
        String prefix = "n" + i + " running data=" + data.resolve("n" + i) + " nats://127.0.0.1:";
        assertThat(startup).anyMatch(line -> line.startsWith(prefix));
      }

      signal(server, signal);

      assertThat(readUntil(out, "stopped")).contains("cluster 'lab' stopped cleanly");
      assertThat(server.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(server.exitValue()).isEqualTo(expectedExit);
    } finally {
      server.destroyForcibly();
    }
    // no lock left behind, and the shutdown was recorded as clean
    try (LocalCluster again =
        LocalCluster.start(new ClusterSpec("lab", 3, Optional.of(data), false))) {
      assertThat(again.snapshot().nodes()).allMatch(n -> n.starts() == 2 && !n.recoveredFromCrash());
    }
  }

  @Test
  void serverPrintsOneLinePerNodeAndStopsCleanlyOnCtrlC() throws Exception {
    assertStopsCleanlyOn("INT", 130);
  }

  @Test
  void serverStopsCleanlyOnSigterm() throws Exception {
    assertStopsCleanlyOn("TERM", 143);
  }

  @Test
  void ephemeralServerRemovesItsDirectoryWhenStopped() throws Exception {
    Process server = startServer("--nodes", "1", "--ephemeral");
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      String nodeLine = readUntil(out, "is up").get(0);
      Path nodeDir =
          Path.of(
              nodeLine.substring(
                  nodeLine.indexOf("data=") + "data=".length(), nodeLine.lastIndexOf(" nats://")));
      assertThat(nodeDir).isDirectory();
      signal(server, "TERM");
      assertThat(server.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(nodeDir.getParent()).doesNotExist();
    } finally {
      server.destroyForcibly();
    }
  }
}
