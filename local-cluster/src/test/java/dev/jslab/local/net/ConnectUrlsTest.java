package dev.jslab.local.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LocalCluster;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code connect_urls} and {@code cluster} in INFO, and the async INFO when the cluster changes. */
class ConnectUrlsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONNECT_P1 = "CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"headers\":true}\r\n";
  private static final String CONNECT_P0 = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n";

  private LocalCluster cluster;

  @AfterEach
  void close() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private int port(String node) {
    return URI.create(cluster.clientUrl(node).orElseThrow()).getPort();
  }

  private String hostPort(String node) {
    return "127.0.0.1:" + port(node);
  }

  /** The INFO lines in {@code text}, parsed. */
  private static List<JsonNode> infos(String text) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (String line : text.split("\r\n")) {
      if (line.startsWith("INFO ")) {
        found.add(JSON.readTree(line.substring(5).trim()));
      }
    }
    return found;
  }

  private static List<String> urls(JsonNode info) {
    List<String> urls = new ArrayList<>();
    info.path("connect_urls").forEach(u -> urls.add(u.asText()));
    return urls;
  }

  @Test
  void everyNodeOfAClusterAdvertisesAllNodesClientUrlsItsOwnFirstAndTheClusterName()
      throws Exception {
    cluster = LocalCluster.start(ClusterSpec.ephemeral(3), Clock.systemUTC());
    for (String node : List.of("n1", "n2", "n3")) {
      try (NatsSocketTest.Raw c = new NatsSocketTest.Raw(port(node))) {
        JsonNode info = infos(c.await("\r\n")).get(0);
        assertThat(info.get("cluster").asText()).isEqualTo("lab");
        assertThat(urls(info))
            .as(node)
            .hasSize(3)
            .startsWith(hostPort(node))
            .containsExactlyInAnyOrder(hostPort("n1"), hostPort("n2"), hostPort("n3"));
      }
    }
  }

  @Test
  void aSingleServerHasNoConnectUrlsNorCluster() throws Exception {
    cluster = LocalCluster.start(ClusterSpec.ephemeral(1), Clock.systemUTC());
    try (NatsSocketTest.Raw c = new NatsSocketTest.Raw(port("n1"))) {
      JsonNode info = infos(c.await("\r\n")).get(0);
      assertThat(info.has("connect_urls")).isFalse();
      assertThat(info.has("cluster")).isFalse();
    }
  }

  @Test
  void aProtocolOneClientGetsAnAsyncInfoWhenANodeIsKilledAndWhenItComesBack() throws Exception {
    cluster = LocalCluster.start(ClusterSpec.ephemeral(3), Clock.systemUTC());
    String n3 = hostPort("n3");
    try (NatsSocketTest.Raw p1 = new NatsSocketTest.Raw(port("n1"));
        NatsSocketTest.Raw p0 = new NatsSocketTest.Raw(port("n1"))) {
      p1.send(CONNECT_P1 + "PING\r\n").await("PONG\r\n");
      p0.send(CONNECT_P0 + "PING\r\n").await("PONG\r\n");
      p1.seen.setLength(0);
      p0.seen.setLength(0);

      cluster.kill("n3").join();
      JsonNode after = infos(p1.await("} \r\n")).get(0);
      assertThat(urls(after)).containsExactly(hostPort("n1"), hostPort("n2"));
      assertThat(after.get("client_id").asLong()).isPositive();
      assertThat(after.has("ldm")).isFalse();

      p1.seen.setLength(0);
      cluster.restart("n3").join();
      JsonNode back = infos(p1.await("} \r\n")).get(0);
      assertThat(urls(back)).containsExactly(hostPort("n1"), hostPort("n2"), n3);

      // a protocol-0 client is never sent an INFO after the first
      p0.send("PING\r\n").await("PONG\r\n");
      assertThat(p0.seen.toString()).doesNotContain("INFO");
    }
  }

  @Test
  void aClientThatConnectedBeforeAChangeGetsTheNewInfoBeforeItsFirstPong() throws Exception {
    cluster = LocalCluster.start(ClusterSpec.ephemeral(3), Clock.systemUTC());
    try (NatsSocketTest.Raw c = new NatsSocketTest.Raw(port("n1"))) {
      assertThat(urls(infos(c.await("} \r\n")).get(0))).hasSize(3);
      c.seen.setLength(0);
      cluster.kill("n2").join();
      String text = c.send(CONNECT_P1 + "PING\r\n").await("PONG\r\n");
      assertThat(text).startsWith("INFO ");
      assertThat(urls(infos(text).get(0))).containsExactly(hostPort("n1"), hostPort("n3"));
    }
  }

  @Test
  void jnatsLearnsEveryNodeOfTheCluster() throws Exception {
    cluster = LocalCluster.start(ClusterSpec.ephemeral(3), Clock.systemUTC());
    try (Connection nc =
        Nats.connect(
            new Options.Builder()
                .server(cluster.clientUrl("n1").orElseThrow())
                .connectionTimeout(Duration.ofSeconds(5))
                .build())) {
      assertThat(nc.getServerInfo().getConnectURLs())
          .containsExactlyInAnyOrder(hostPort("n1"), hostPort("n2"), hostPort("n3"));
      assertThat(nc.getServerInfo().getCluster()).isEqualTo("lab");
    }
  }
}
