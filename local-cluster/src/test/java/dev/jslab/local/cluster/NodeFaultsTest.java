package dev.jslab.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Power cuts and pauses of live nodes, seen through jnats as a user's service would see them. */
class NodeFaultsTest {
  @TempDir Path dir;

  private LocalCluster start(int nodes) {
    return LocalCluster.start(new ClusterSpec("lab", nodes, Optional.of(dir), false), Clock.systemUTC(), 0);
  }

  private static Connection connect(String url) throws Exception {
    return Nats.connect(
        new Options.Builder()
            .server(url)
            .maxReconnects(0)
            .connectionTimeout(Duration.ofSeconds(5))
            .errorListener(new io.nats.client.ErrorListener() {})
            .build());
  }

  @Test
  void aPowerCutLosesTheAcknowledgedMessagesThatWereNotSyncedYet() throws Exception {
    try (LocalCluster cluster = start(1)) {
      String url = cluster.clientUrl("n1").orElseThrow();
      try (Connection nc = connect(url)) {
        JetStreamManagement jsm = nc.jetStreamManagement();
        jsm.addStream(
            StreamConfiguration.builder().name("ORDERS").subjects("orders.>").storageType(StorageType.File).build());
        for (int i = 0; i < 5; i++) {
          assertThat(nc.jetStream().publish("orders.new", "o".getBytes(StandardCharsets.UTF_8)).getSeqno())
              .isEqualTo(i + 1);
        }
      }
      NodeSnapshot cut = cluster.powerCut("n1").join();
      assertThat(cut.state()).isEqualTo(NodeState.POWERED_OFF);
      assertThat(cut.state().label()).isEqualTo("powered off");
      assertThat(cut.clientUrl()).isEmpty();
      cluster.restart("n1").join();
      try (Connection nc = connect(cluster.clientUrl("n1").orElseThrow())) {
        // the default sync interval is 2 minutes: none of the five PubAcks was backed by a sync
        assertThat(nc.jetStreamManagement().getStreamInfo("ORDERS").getStreamState().getMsgCount())
            .isZero();
      }
    }
  }

  @Test
  void aPausedNodeKeepsItsClientsButAnswersNothingUntilResumed() throws Exception {
    List<ClusterEvent> events = new CopyOnWriteArrayList<>();
    try (LocalCluster cluster = start(2)) {
      cluster.addListener((event, snapshot) -> events.add(event));
      try (Connection nc = connect(cluster.clientUrl("n1").orElseThrow())) {
        NodeSnapshot paused = cluster.pause("n1").join();
        assertThat(paused.state()).isEqualTo(NodeState.PAUSED);
        assertThat(paused.clientUrl()).isEqualTo(cluster.clientUrl("n1"));
        assertThatThrownBy(() -> nc.flush(Duration.ofMillis(300)))
            .isInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        assertThat(cluster.snapshot().node("n2").state()).isEqualTo(NodeState.RUNNING);

        NodeSnapshot resumed = cluster.resume("n1").join();
        assertThat(resumed.state()).isEqualTo(NodeState.RUNNING);
        nc.flush(Duration.ofSeconds(5));
      }
    }
    assertThat(events)
        .filteredOn(e -> e.node().equals("n1"))
        .extracting(e -> e.getClass().getSimpleName())
        .containsSubsequence("NodePaused", "NodeResumed");
  }

  @Test
  void aPausedNodeCanStillBeKilledAtOnceAndRestarted() throws Exception {
    try (LocalCluster cluster = start(1)) {
      cluster.pause("n1").join();
      NodeSnapshot killed = cluster.kill("n1").join();
      assertThat(killed.state()).isEqualTo(NodeState.KILLED);
      NodeSnapshot restarted = cluster.restart("n1").join();
      assertThat(restarted.state()).isEqualTo(NodeState.RUNNING);
      assertThat(restarted.recoveredFromCrash()).isTrue();
      assertThat(cluster.resume("n1").join().state()).isEqualTo(NodeState.RUNNING);
    }
  }

  @Test
  void aPausedNodeIsWokenToRestartAndTheClusterClosesWithAPausedNode() {
    try (LocalCluster cluster = start(2)) {
      cluster.pause("n2").join();
      NodeSnapshot restarted = cluster.restart("n2").join();
      assertThat(restarted.state()).isEqualTo(NodeState.RUNNING);
      assertThat(restarted.starts()).isEqualTo(2);
      cluster.pause("n1").join();
    } // close must not hang on the frozen n1
  }
}
