package dev.jslab.app.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.app.error.ReadableErrors;
import dev.jslab.local.cluster.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting the explorer's cluster from its raw command-line arguments. */
class ClusterStartupTest {

  @Test
  void ephemeralStartsThreeRunningNodesInATemporaryDirectoryRemovedOnClose() {
    StartupOutcome outcome = ClusterStartup.start(List.of("--ephemeral"));

    assertThat(outcome).isInstanceOf(StartupOutcome.Started.class);
    LocalCluster cluster = ((StartupOutcome.Started) outcome).cluster();
    Path root = cluster.dataRoot();
    try {
      assertThat(cluster.snapshot().ephemeral()).isTrue();
      assertThat(cluster.snapshot().nodes())
          .extracting(n -> n.name() + "=" + n.state())
          .containsExactly("n1=RUNNING", "n2=RUNNING", "n3=RUNNING");
    } finally {
      cluster.close();
    }
    assertThat(root).doesNotExist();
  }

  @Test
  void argumentsMeantForJavaFxAreIgnored() {
    StartupOutcome outcome =
        ClusterStartup.start(List.of("--prism.order=sw", "--ephemeral", "--nodes", "1"));

    assertThat(outcome).isInstanceOf(StartupOutcome.Started.class);
    try (LocalCluster cluster = ((StartupOutcome.Started) outcome).cluster()) {
      assertThat(cluster.nodeNames()).containsExactly("n1");
    }
  }

  @Test
  void badNodeCountIsReportedAsAnInvalidCommandLine() {
    StartupOutcome outcome = ClusterStartup.start(List.of("--ephemeral", "--nodes", "12"));

    assertThat(outcome).isInstanceOf(StartupOutcome.Failed.class);
    StartupOutcome.Failed failed = (StartupOutcome.Failed) outcome;
    assertThat(failed.summary()).isEqualTo("The command line is not valid");
    assertThat(ReadableErrors.reason(failed.cause()))
        .isEqualTo("--nodes must be between 1 and 9 (was 12)");
  }

  @Test
  void nodeThatCannotOpenItsDirectoryFailsTheStartWithItsName(@TempDir Path data)
      throws IOException {
    Files.writeString(data.resolve("n1"), "a file where the node's folder should be");

    StartupOutcome outcome =
        ClusterStartup.start(List.of("--data", data.toString(), "--nodes", "2"));

    assertThat(outcome).isInstanceOf(StartupOutcome.Failed.class);
    StartupOutcome.Failed failed = (StartupOutcome.Failed) outcome;
    assertThat(failed.summary()).isEqualTo("The local cluster could not start");
    assertThat(ReadableErrors.reason(failed.cause())).startsWith("n1: ");
  }
}
