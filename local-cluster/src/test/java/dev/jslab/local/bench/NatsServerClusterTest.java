package dev.jslab.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NatsServerClusterTest {
  @Test
  void eachNodeRunsJetStreamInClusterBenchWithRoutesToTheOthers() {
    assertThat(NatsServerCluster.command("nats-server", "n2", 4223, List.of(6001, 6002, 6003), 1, Path.of("/tmp/s/n2")))
        .containsExactly(
            "nats-server", "-js", "-n", "n2", "-a", "127.0.0.1", "-p", "4223",
            "--cluster_name", "bench", "--cluster", "nats://127.0.0.1:6002",
            "--routes", "nats://127.0.0.1:6001,nats://127.0.0.1:6003",
            "-sd", "/tmp/s/n2");
  }

  @Test
  void nodesAreNamedFromN1() {
    assertThat(BenchCluster.names(3)).containsExactly("n1", "n2", "n3");
  }
}
