package dev.jslab.local.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LocalCluster;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A cluster whose nodes keep nothing on disk, driven by jnats. */
class InMemoryClusterTest {
  private static Connection connect(LocalCluster cluster) throws Exception {
    return Nats.connect(
        new Options.Builder()
            .server(cluster.clientUrl("n1").orElseThrow())
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(0)
            .build());
  }

  @Test
  void aFileStreamLivesInMemoryAndIsGoneAfterAKillAndRestart() throws Exception {
    try (LocalCluster cluster =
        LocalCluster.start(
            ClusterSpec.ephemeral(1), Clock.systemUTC(), 0, LocalCluster.NO_MONITORING, true)) {
      try (Connection nc = connect(cluster)) {
        nc.jetStreamManagement()
            .addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
        assertThat(nc.jetStream().publish("orders.a", "one".getBytes()).getSeqno()).isEqualTo(1);
      }
      try (Stream<Path> files = Files.walk(cluster.dataRoot())) {
        assertThat(files.filter(Files::isRegularFile)).isEmpty();
      }
      cluster.kill("n1").get();
      cluster.restart("n1").get();
      try (Connection nc = connect(cluster)) {
        assertThat(nc.jetStreamManagement().getStreamNames()).isEmpty();
      }
    }
  }
}
