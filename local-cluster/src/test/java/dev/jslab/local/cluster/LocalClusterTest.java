package dev.jslab.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterTest {
  @TempDir Path dir;

  private ClusterSpec onDisk(int nodes) {
    return new ClusterSpec("lab", nodes, Optional.of(dir), false);
  }

  @Test
  void startedClusterRunsEveryNodeInItsOwnDataDirectory() {
    try (LocalCluster cluster = LocalCluster.start(onDisk(3))) {
      ClusterSnapshot snapshot = cluster.snapshot();
      assertThat(snapshot.nodes()).extracting(NodeSnapshot::name).containsExactly("n1", "n2", "n3");
      assertThat(snapshot.nodes()).allMatch(n -> n.state() == NodeState.RUNNING);
      assertThat(snapshot.nodes())
          .extracting(NodeSnapshot::dataDir)
          .containsExactly(dir.resolve("n1"), dir.resolve("n2"), dir.resolve("n3"));
      assertThat(snapshot.nodes()).allMatch(n -> Files.isDirectory(n.dataDir()));
    }
  }

  @Test
  void killedNodeIsDownWhileTheOthersKeepRunning() {
    try (LocalCluster cluster = LocalCluster.start(onDisk(3))) {
      NodeSnapshot killed = cluster.kill("n2").join();
      assertThat(killed.state()).isEqualTo(NodeState.KILLED);
      assertThat(cluster.snapshot().node("n1").state()).isEqualTo(NodeState.RUNNING);
      assertThat(cluster.snapshot().node("n3").state()).isEqualTo(NodeState.RUNNING);
    }
  }

  @Test
  void restartAfterKillReopensFromDiskAndReportsTheRecovery() {
    try (LocalCluster cluster = LocalCluster.start(onDisk(3))) {
      cluster.kill("n2").join();
      NodeSnapshot restarted = cluster.restart("n2").join();
      assertThat(restarted.state()).isEqualTo(NodeState.RUNNING);
      assertThat(restarted.starts()).isEqualTo(2);
      assertThat(restarted.recoveredFromCrash()).isTrue();
    }
  }

  @Test
  void restartOfARunningNodeStopsItCleanlyFirst() {
    try (LocalCluster cluster = LocalCluster.start(onDisk(1))) {
      NodeSnapshot restarted = cluster.restart("n1").join();
      assertThat(restarted.starts()).isEqualTo(2);
      assertThat(restarted.recoveredFromCrash()).isFalse();
    }
  }

  @Test
  void snapshotOfARunningNodeCarriesItsClientUrlAndNoMonitoringUrlWithoutMonitoring() {
    try (LocalCluster cluster = LocalCluster.start(onDisk(2))) {
      for (NodeSnapshot node : cluster.snapshot().nodes()) {
        assertThat(node.clientUrl()).isEqualTo(cluster.clientUrl(node.name()));
        assertThat(node.clientUrl().orElseThrow()).matches("nats://127\\.0\\.0\\.1:\\d+");
        assertThat(node.monitorUrl()).isEmpty();
      }
    }
  }

  @Test
  void killedNodeSnapshotHasNoUrlsAndTheRestartedOneListensOnTheSamePortsAgain() {
    try (LocalCluster cluster =
        LocalCluster.start(onDisk(2), java.time.Clock.systemUTC(), 0, 0)) {
      NodeSnapshot before = cluster.snapshot().node("n2");
      assertThat(before.monitorUrl()).isEqualTo(cluster.monitorUrl("n2"));
      assertThat(before.monitorUrl().orElseThrow()).matches("http://127\\.0\\.0\\.1:\\d+");

      NodeSnapshot killed = cluster.kill("n2").join();
      assertThat(killed.clientUrl()).isEmpty();
      assertThat(killed.monitorUrl()).isEmpty();
      assertThat(cluster.snapshot().node("n2")).isEqualTo(killed);
      assertThat(cluster.snapshot().node("n1").clientUrl()).isPresent();

      NodeSnapshot restarted = cluster.restart("n2").join();
      assertThat(restarted.clientUrl()).isEqualTo(before.clientUrl());
      assertThat(restarted.monitorUrl()).isEqualTo(before.monitorUrl());
    }
  }

  @Test
  void snapshotOfANodeThatIsNotRunningRefusesUrls() {
    assertThatThrownBy(
            () ->
                new NodeSnapshot(
                    "n1",
                    NodeState.KILLED,
                    dir,
                    1,
                    false,
                    Optional.empty(),
                    Optional.of("nats://127.0.0.1:4222"),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("killed");
  }

  @Test
  void clusterOnTheSameDirectoryStartsAgainAfterClose() {
    LocalCluster.start(onDisk(2)).close();
    try (LocalCluster again = LocalCluster.start(onDisk(2))) {
      assertThat(again.snapshot().nodes()).allMatch(n -> n.starts() == 2 && !n.recoveredFromCrash());
    }
  }

  @Test
  void secondClusterOnALiveDirectoryFailsNamingTheLockedNodes() {
    try (LocalCluster first = LocalCluster.start(onDisk(2))) {
      assertThatThrownBy(() -> LocalCluster.start(onDisk(2)))
          .isInstanceOf(ClusterStartException.class)
          .hasMessageContaining("n1: ")
          .hasMessageContaining("in use by another JetStream Lab process");
      assertThat(first.snapshot().nodes()).allMatch(n -> n.state() == NodeState.RUNNING);
    }
  }

  @Test
  void ephemeralClusterRemovesItsDirectoryOnClose() {
    Path root;
    try (LocalCluster cluster = LocalCluster.start(ClusterSpec.ephemeral(2))) {
      root = cluster.dataRoot();
      assertThat(root).isDirectory();
    }
    assertThat(root).doesNotExist();
  }

  @Test
  void listenersSeeEveryChangeInOrderWithTheSnapshotAfterIt() {
    List<ClusterEvent> events = new CopyOnWriteArrayList<>();
    List<ClusterSnapshot> snapshots = new CopyOnWriteArrayList<>();
    try (LocalCluster cluster = LocalCluster.start(onDisk(1))) { // a single server: no meta events
      long startVersion = cluster.snapshot().version();
      cluster.addListener(
          (event, snapshot) -> {
            events.add(event);
            snapshots.add(snapshot);
          });
      cluster.kill("n1").join();
      cluster.restart("n1").join();

      assertThat(events)
          .extracting(ClusterEvent::getClass)
          .containsExactly(
              ClusterEvent.NodeKilled.class, ClusterEvent.NodeStarting.class, ClusterEvent.NodeStarted.class);
      assertThat(events)
          .extracting(ClusterEvent::seq)
          .containsExactly(startVersion + 1, startVersion + 2, startVersion + 3);
      assertThat(snapshots.get(0).node("n1").state()).isEqualTo(NodeState.KILLED);
      assertThat(snapshots.get(1).node("n1").state()).isEqualTo(NodeState.STARTING);
      assertThat(snapshots.get(2).node("n1").state()).isEqualTo(NodeState.RUNNING);
      assertThat(((ClusterEvent.NodeStarted) events.get(2)).recoveredFromCrash()).isTrue();
    }
  }

  @Test
  void aFailingListenerNeitherBlocksTheChangeNorOtherListeners() {
    List<ClusterEvent> seen = new CopyOnWriteArrayList<>();
    try (LocalCluster cluster = LocalCluster.start(onDisk(1))) {
      cluster.addListener((event, snapshot) -> {
        throw new IllegalStateException("observer bug");
      });
      cluster.addListener((event, snapshot) -> seen.add(event));
      assertThat(cluster.kill("n1").join().state()).isEqualTo(NodeState.KILLED);
      assertThat(seen).hasSize(1);
    }
  }

  @Test
  void aNodeThatCannotCreateItsDirectoryFailsWithAReadableReason() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("n1"), "a file where the node's directory should be");
    assertThatThrownBy(() -> LocalCluster.start(onDisk(1)))
        .isInstanceOf(ClusterStartException.class)
        .hasMessage("n1: cannot create directory " + dir.resolve("n1") + ": a file of that name is in the way");
  }

  @Test
  void killOfAStoppedNodeChangesNothing() {
    try (LocalCluster cluster = LocalCluster.start(onDisk(1))) {
      cluster.kill("n1").join();
      long version = cluster.snapshot().version();
      assertThat(cluster.kill("n1").join().state()).isEqualTo(NodeState.KILLED);
      assertThat(cluster.snapshot().version()).isEqualTo(version);
    }
  }

  @Test
  void commandsForAnUnknownNodeFailWithItsName() {
    try (LocalCluster cluster = LocalCluster.start(onDisk(1))) {
      assertThat(cluster.kill("n7")).failsWithin(java.time.Duration.ofSeconds(5))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withMessageContaining("no node n7");
    }
  }

  @Test
  void specRejectsNodeCountsOutsideOneToNine() {
    assertThatThrownBy(() -> ClusterSpec.ephemeral(0)).hasMessage("--nodes must be between 1 and 9 (was 0)");
    assertThatThrownBy(() -> ClusterSpec.ephemeral(10)).hasMessage("--nodes must be between 1 and 9 (was 10)");
  }

  @Test
  void userDataRootFollowsXdgDataHomeElseTheHomeDirectory() {
    Path home = Path.of("/home/ada");
    assertThat(DataDirectories.userDataRoot(java.util.Map.of(), home))
        .isEqualTo(Path.of("/home/ada/.local/share/jetstream-lab"));
    assertThat(DataDirectories.userDataRoot(java.util.Map.of("XDG_DATA_HOME", "/data"), home))
        .isEqualTo(Path.of("/data/jetstream-lab"));
  }
}
