package dev.jslab.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.app.error.ReadableErrors;
import dev.jslab.local.cluster.ClusterSnapshot;
import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.DataDirectories;
import dev.jslab.local.cluster.LocalCluster;
import dev.jslab.local.cluster.NodeSnapshot;
import dev.jslab.local.cluster.NodeState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster view-model against a real ephemeral three-node cluster. */
class ClusterViewModelTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private record Reported(String summary, Throwable cause) {}

  private final QueuedUiThread ui = new QueuedUiThread();
  private final List<Reported> errors = new CopyOnWriteArrayList<>();
  private LocalCluster cluster;
  private ClusterViewModel model;

  @BeforeEach
  void startCluster() {
    cluster = LocalCluster.start(ClusterSpec.ephemeral(3));
    model = ClusterViewModel.attach(cluster, ui, (s, e) -> errors.add(new Reported(s, e)));
  }

  @AfterEach
  void closeCluster() {
    model.close();
    cluster.close();
  }

  @Test
  void showsEveryNodeRunningWithItsDataDirectory() {
    List<String> names = model.getNodes().stream().map(NodeCardViewModel::getName).toList();
    assertThat(names).containsExactly("n1", "n2", "n3");
    for (NodeCardViewModel node : model.getNodes()) {
      assertThat(node.stateTextProperty().get()).isEqualTo("running");
      assertThat(node.dataDirProperty().get())
          .isEqualTo(cluster.dataRoot().resolve(node.getName()).toString());
      assertThat(node.startsTextProperty().get()).isEqualTo("starts: 1");
      assertThat(node.canKillProperty().get()).isTrue();
      assertThat(node.canRestartProperty().get()).isTrue();
    }
  }

  @Test
  void headerShowsClusterNameDataRootAndEphemeral() {
    assertThat(model.nameProperty().get()).isEqualTo("lab");
    assertThat(model.dataRootProperty().get()).isEqualTo(cluster.dataRoot().toString());
    assertThat(model.ephemeralProperty().get()).isTrue();
    assertThat(model.summaryProperty().get()).isEqualTo("3 of 3 nodes running");
  }

  @Test
  void aBurstOfEventsCostsTheUiThreadOneTaskThatShowsTheNewest() {
    ui.runPending();
    cluster.isolate("n1");
    cluster.heal();
    cluster.isolate("n2");

    assertThat(ui.pending()).isEqualTo(1);
    ui.runPending();
    assertThat(model.node("n2").isolatedProperty().get()).isTrue();
    assertThat(model.node("n1").isolatedProperty().get()).isFalse();
  }

  @Test
  void aLabOfDomainsNamesThemInTheSummaryAndOnEachCard() {
    ClusterSnapshot base = cluster.snapshot();
    model.apply(new ClusterSnapshot(
        base.name(), base.version() + 1, base.dataRoot(), base.ephemeral(), base.nodes(), base.meta(),
        base.isolated(), base.partition(), base.streamLeaders(),
        java.util.Map.of("n1", "east", "n2", "east", "n3", "dr"), List.of()));

    assertThat(model.summaryProperty().get()).isEqualTo("3 of 3 nodes running \u00b7 domains east, dr");
    assertThat(model.node("n3").domainProperty().get()).isEqualTo("dr");
    assertThat(model.node("n1").domainProperty().get()).isEqualTo("east");
  }

  @Test
  void killedNodeShowsKilledAndKillDisabled() throws InterruptedException {
    NodeCardViewModel n2 = model.node("n2");
    n2.kill();
    assertThat(n2.canKillProperty().get()).as("disabled while the kill is in flight").isFalse();

    settle(n2, NodeState.KILLED);

    assertThat(n2.stateTextProperty().get()).isEqualTo("killed");
    assertThat(n2.canKillProperty().get()).isFalse();
    assertThat(n2.canRestartProperty().get()).isTrue();
    assertThat(model.summaryProperty().get()).isEqualTo("2 of 3 nodes running");
    assertThat(model.node("n1").stateTextProperty().get()).isEqualTo("running");
    assertThat(errors).isEmpty();
  }

  @Test
  void restartAfterKillRunsAgainWithStartsIncrementedAndRecoveredAfterCrash()
      throws InterruptedException {
    NodeCardViewModel n2 = model.node("n2");
    long startsBefore = n2.startsProperty().get();
    n2.kill();
    settle(n2, NodeState.KILLED);

    n2.restart();
    settle(n2, NodeState.RUNNING);

    assertThat(n2.startsProperty().get()).isEqualTo(startsBefore + 1);
    assertThat(n2.startsTextProperty().get()).isEqualTo("starts: " + (startsBefore + 1));
    assertThat(n2.recoveredFromCrashProperty().get()).isTrue();
    assertThat(n2.canKillProperty().get()).isTrue();
    assertThat(errors).isEmpty();
  }

  @Test
  void pausedNodeShowsPausedKeepsItsUrlAndOffersResumeInsteadOfPause() throws InterruptedException {
    NodeCardViewModel n3 = model.node("n3");
    assertThat(n3.canPauseProperty().get()).isTrue();
    assertThat(n3.canResumeProperty().get()).isFalse();
    n3.pause();
    settle(n3, NodeState.PAUSED);
    assertThat(n3.stateTextProperty().get()).isEqualTo("paused");
    assertThat(n3.clientUrlTextProperty().get()).isEqualTo(cluster.clientUrl("n3").orElseThrow());
    assertThat(n3.canPauseProperty().get()).isFalse();
    assertThat(n3.canResumeProperty().get()).isTrue();
    assertThat(n3.canKillProperty().get()).as("a frozen process can still be killed").isTrue();
    n3.resume();
    settle(n3, NodeState.RUNNING);
    assertThat(n3.canPauseProperty().get()).isTrue();
  }

  @Test
  void anIsolatedNodeSaysSoUntilTheNetworkIsHealed() throws InterruptedException {
    NodeCardViewModel n2 = model.node("n2");
    assertThat(n2.metaTextProperty().get()).startsWith("follower · term ");
    n2.isolate();
    settleUntil(() -> n2.isolatedProperty().get() && !n2.busyProperty().get());
    assertThat(n2.metaTextProperty().get()).endsWith(" · isolated");
    assertThat(model.node("n1").isolatedProperty().get()).isFalse();
    n2.heal();
    settleUntil(() -> !n2.isolatedProperty().get() && !n2.busyProperty().get());
    assertThat(n2.metaTextProperty().get()).doesNotContain("isolated");
  }

  @Test
  void powerCutNodeShowsPoweredOffAndCanBeRestarted() throws InterruptedException {
    NodeCardViewModel n1 = model.node("n1");
    n1.powerCut();
    settle(n1, NodeState.POWERED_OFF);
    assertThat(n1.stateTextProperty().get()).isEqualTo("powered off");
    assertThat(n1.canKillProperty().get()).isFalse();
    assertThat(n1.canRestartProperty().get()).isTrue();
    n1.restart();
    settle(n1, NodeState.RUNNING);
    assertThat(n1.recoveredFromCrashProperty().get()).isTrue();
  }

  @Test
  void runningNodeShowsItsClientUrlWhichGoesAwayWhenKilledAndComesBackOnRestart()
      throws InterruptedException {
    NodeCardViewModel n2 = model.node("n2");
    String url = cluster.clientUrl("n2").orElseThrow();
    assertThat(n2.clientUrlProperty().get()).isEqualTo(url).startsWith("nats://127.0.0.1:");
    assertThat(n2.clientUrlTextProperty().get()).isEqualTo(url);

    n2.kill();
    settle(n2, NodeState.KILLED);

    assertThat(n2.clientUrlProperty().get()).isEmpty();
    assertThat(n2.clientUrlTextProperty().get()).isEqualTo("not listening");
    assertThat(model.node("n1").clientUrlProperty().get())
        .isEqualTo(cluster.clientUrl("n1").orElseThrow());

    n2.restart();
    settle(n2, NodeState.RUNNING);

    assertThat(n2.clientUrlProperty().get()).as("a restart reuses the port").isEqualTo(url);
    assertThat(n2.clientUrlTextProperty().get()).isEqualTo(url);
  }

  @Test
  void cleanRestartOfRunningNodeIsNotShownAsCrashRecovery() throws InterruptedException {
    NodeCardViewModel n1 = model.node("n1");
    n1.restart();
    ui.runUntil(() -> n1.startsProperty().get() == 2 && !n1.busyProperty().get(), TIMEOUT);

    assertThat(n1.stateTextProperty().get()).isEqualTo("running");
    assertThat(n1.recoveredFromCrashProperty().get()).isFalse();
  }

  @Test
  void clusterEventsReachTheViewOnlyThroughTheUiThread() {
    cluster.kill("n3").join();

    NodeCardViewModel n3 = model.node("n3");
    assertThat(n3.stateTextProperty().get()).as("before the UI thread ran").isEqualTo("running");
    ui.runPending();
    assertThat(n3.stateTextProperty().get()).isEqualTo("killed");
  }

  @Test
  void snapshotOlderThanTheShownOneIsIgnored() throws InterruptedException {
    ClusterSnapshot allRunning = cluster.snapshot();
    NodeCardViewModel n1 = model.node("n1");
    n1.kill();
    settle(n1, NodeState.KILLED);
    long shown = model.versionProperty().get();

    model.apply(allRunning);

    assertThat(n1.stateTextProperty().get()).isEqualTo("killed");
    assertThat(model.versionProperty().get()).isEqualTo(shown);
  }

  @Test
  void startingNodeCanBeNeitherKilledNorRestartedAndIsNotListeningYet() {
    model.apply(withNode(cluster.snapshot(), "n3", NodeState.STARTING, Optional.empty()));

    NodeCardViewModel n3 = model.node("n3");
    assertThat(n3.stateTextProperty().get()).isEqualTo("starting");
    assertThat(n3.canKillProperty().get()).isFalse();
    assertThat(n3.canRestartProperty().get()).isFalse();
    assertThat(n3.clientUrlProperty().get()).isEmpty();
    assertThat(n3.clientUrlTextProperty().get()).isEqualTo("not listening");
  }

  @Test
  void nodeThatCannotReopenItsDirectoryShowsFailedWithItsError()
      throws IOException, InterruptedException {
    NodeCardViewModel n2 = model.node("n2");
    n2.kill();
    settle(n2, NodeState.KILLED);
    Path dir = cluster.dataRoot().resolve("n2");
    DataDirectories.deleteRecursively(dir);
    Files.writeString(dir, "not a directory");

    n2.restart();
    settle(n2, NodeState.FAILED);

    assertThat(n2.stateTextProperty().get()).isEqualTo("failed");
    assertThat(n2.errorProperty().get()).isNotBlank();
    assertThat(n2.canKillProperty().get()).isFalse();
    assertThat(n2.canRestartProperty().get()).isTrue();
    assertThat(model.summaryProperty().get()).isEqualTo("2 of 3 nodes running");
  }

  @Test
  void commandTheClusterRefusesIsReportedReadably() throws InterruptedException {
    cluster.close();

    model.node("n1").kill();
    ui.runUntil(() -> !errors.isEmpty(), TIMEOUT);

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).summary()).isEqualTo("Could not kill n1");
    assertThat(ReadableErrors.reason(errors.get(0).cause()))
        .isEqualTo("cluster is closed");
    assertThat(model.node("n1").busyProperty().get()).isFalse();
  }

  @Test
  void closedViewModelNoLongerFollowsTheCluster() {
    model.close();

    cluster.kill("n1").join();
    ui.runPending();

    assertThat(ui.pending()).isZero();
    assertThat(model.node("n1").stateTextProperty().get()).isEqualTo("running");
  }

  /** Runs UI tasks until {@code node} shows {@code state} and no command of its is in flight. */
  private void settleUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    ui.runUntil(condition, TIMEOUT);
  }

  private void settle(NodeCardViewModel node, NodeState state) throws InterruptedException {
    ui.runUntil(
        () -> node.stateProperty().get() == state && !node.busyProperty().get(), TIMEOUT);
  }

  private static ClusterSnapshot withNode(
      ClusterSnapshot base, String name, NodeState state, Optional<String> error) {
    List<NodeSnapshot> nodes = new ArrayList<>();
    for (NodeSnapshot n : base.nodes()) {
      nodes.add(
          n.name().equals(name)
              ? new NodeSnapshot(
                  n.name(),
                  state,
                  n.dataDir(),
                  n.starts(),
                  false,
                  error,
                  Optional.empty(),
                  Optional.empty())
              : n);
    }
    return new ClusterSnapshot(
        base.name(), base.version() + 1, base.dataRoot(), base.ephemeral(), nodes);
  }
}
