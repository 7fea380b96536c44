package dev.jslab.local.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LocalCluster;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's HTTP monitoring port, read with the JDK's HTTP client while jnats works the node. */
class MonitorListenerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private LocalCluster cluster;
  private Connection nc;
  private String base;

  @BeforeEach
  void start() throws Exception {
    cluster = LocalCluster.start(ClusterSpec.ephemeral(1), Clock.systemUTC(), 0, 0);
    base = cluster.monitorUrl("n1").orElseThrow();
    nc =
        Nats.connect(
            new Options.Builder()
                .server(cluster.clientUrl("n1").orElseThrow())
                .connectionName("monitor-test")
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    if (nc != null) {
      nc.close();
    }
    cluster.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(pathAndQuery);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(r.body());
  }

  private void streamWithConsumerAndTwoMessages() throws Exception {
    JetStreamManagement jsm = nc.jetStreamManagement();
    jsm.addStream(
        StreamConfiguration.builder()
            .name("ORDERS")
            .subjects("orders.>")
            .storageType(StorageType.Memory)
            .build());
    jsm.addOrUpdateConsumer(
        "ORDERS", ConsumerConfiguration.builder().durable("WORKER").ackPolicy(AckPolicy.Explicit).build());
    nc.jetStream().publish("orders.a", "one".getBytes());
    nc.jetStream().publish("orders.b", "two".getBytes());
  }

  @Test
  void monitoringUrlIsOnLoopbackWithItsOwnPort() {
    assertThat(base).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(base).isNotEqualTo(cluster.clientUrl("n1").orElseThrow().replace("nats", "http"));
  }

  @Test
  void varzCountsMessagesPublishedByClients() throws Exception {
    var sub = nc.subscribe("news");
    for (int i = 0; i < 5; i++) {
      nc.publish("news", "hello".getBytes());
    }
    nc.flush(Duration.ofSeconds(5));
    assertThat(sub.nextMessage(Duration.ofSeconds(5))).isNotNull();
    JsonNode v = getJson("/varz");
    assertThat(v.get("server_name").asText()).isEqualTo("n1");
    assertThat(v.get("in_msgs").asLong()).isEqualTo(5);
    assertThat(v.get("in_bytes").asLong()).isEqualTo(25);
    assertThat(v.get("out_msgs").asLong()).isEqualTo(5);
    assertThat(v.get("out_bytes").asLong()).isEqualTo(25);
    assertThat(v.get("connections").asInt()).isEqualTo(1);
    assertThat(v.get("total_connections").asInt()).isEqualTo(1);
    assertThat(v.get("subscriptions").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(v.get("http_port").asInt()).isEqualTo(URI.create(base).getPort());
    assertThat(v.get("mem").asLong()).isPositive();
    assertThat(v.get("cores").asInt()).isPositive();
  }

  @Test
  void varzKeepsTheTrafficOfClosedConnections() throws Exception {
    try (Connection other =
        Nats.connect(
            new Options.Builder()
                .server(cluster.clientUrl("n1").orElseThrow())
                .maxReconnects(0)
                .build())) {
      for (int i = 0; i < 3; i++) {
        other.publish("gone", "abcd".getBytes());
      }
      other.flush(Duration.ofSeconds(5));
      assertThat(getJson("/connz").get("num_connections").asInt()).isEqualTo(2);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode v = getJson("/varz");
    while (v.get("connections").asInt() != 1 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      v = getJson("/varz");
    }
    assertThat(v.get("connections").asInt()).isEqualTo(1);
    assertThat(v.get("total_connections").asInt()).isEqualTo(2);
    assertThat(v.get("in_msgs").asLong()).isEqualTo(3);
    assertThat(v.get("in_bytes").asLong()).isEqualTo(12);
  }

  @Test
  void connzShowsTheJnatsConnectionWithItsCounters() throws Exception {
    nc.subscribe("a.b");
    nc.publish("x", "12345".getBytes());
    nc.flush(Duration.ofSeconds(5));
    JsonNode c = getJson("/connz?subs=true");
    assertThat(c.get("num_connections").asInt()).isEqualTo(1);
    assertThat(c.get("total").asInt()).isEqualTo(1);
    JsonNode conn = c.get("connections").get(0);
    assertThat(conn.get("name").asText()).isEqualTo("monitor-test");
    assertThat(conn.get("lang").asText()).isEqualTo("java");
    assertThat(conn.get("version").asText()).isNotEmpty();
    assertThat(conn.get("ip").asText()).isEqualTo("127.0.0.1");
    assertThat(conn.get("port").asInt()).isPositive();
    assertThat(conn.get("in_msgs").asInt()).isEqualTo(1);
    assertThat(conn.get("in_bytes").asInt()).isEqualTo(5);
    assertThat(conn.get("subscriptions_list").toString()).contains("\"a.b\"");
    assertThat(conn.get("start").asText()).endsWith("Z");
    // estimated at CONNECT, as nats-server does, so never the unmeasured 0s
    assertThat(conn.get("rtt").asText()).isNotEqualTo("0s").endsWith("s");
    assertThat(getJson("/connz?offset=1").get("connections")).isEmpty();
  }

  @Test
  void jszReportsTheStreamAndConsumer() throws Exception {
    streamWithConsumerAndTwoMessages();
    JsonNode plain = getJson("/jsz");
    assertThat(plain.get("streams").asInt()).isEqualTo(1);
    assertThat(plain.get("consumers").asInt()).isEqualTo(1);
    assertThat(plain.get("messages").asInt()).isEqualTo(2);
    assertThat(plain.get("api").get("total").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(plain.has("account_details")).isFalse();
    JsonNode full = getJson("/jsz?streams=true&consumers=true&config=true");
    JsonNode stream = full.get("account_details").get(0).get("stream_detail").get(0);
    assertThat(stream.get("name").asText()).isEqualTo("ORDERS");
    assertThat(stream.get("state").get("messages").asInt()).isEqualTo(2);
    assertThat(stream.get("config").get("storage").asText()).isEqualTo("memory");
    JsonNode consumer = stream.get("consumer_detail").get(0);
    assertThat(consumer.get("name").asText()).isEqualTo("WORKER");
    assertThat(consumer.get("num_pending").asInt()).isEqualTo(2);
  }

  @Test
  void healthzIsOkASingleServerHasNoRaftGroupsAndUnknownPathsAreNotFound() throws Exception {
    HttpResponse<String> ok = get("/healthz?js-enabled-only=true");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(get("/healthz?js-server-only=true").statusCode()).isEqualTo(200);
    HttpResponse<String> raftz = get("/raftz");
    assertThat(raftz.statusCode()).isEqualTo(404); // as a non-clustered nats-server 2.11
    assertThat(raftz.body()).contains("No Raft nodes registered");
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    assertThat(get("/connz?sort=nope").statusCode()).isEqualTo(400);
  }

  @Test
  void theServerIdIsAnNkeyAsNatsServersWhileTheServerNameIsTheNodes() throws Exception {
    JsonNode varz = getJson("/varz");
    assertThat(varz.get("server_name").asText()).isEqualTo("n1");
    assertThat(varz.get("server_id").asText()).matches("N[A-Z2-7]{55}");
    assertThat(nc.getServerInfo().getServerId()).isEqualTo(varz.get("server_id").asText());
    assertThat(getJson("/jsz").get("server_id").asText()).isEqualTo(varz.get("server_id").asText());
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    streamWithConsumerAndTwoMessages();
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    List<String> lines = r.body().lines().toList();
    assertThat(lines).contains("# TYPE gnatsd_varz_in_msgs gauge", "# TYPE jetstream_stream_last_seq gauge");
    assertThat(lines)
        .anyMatch(l -> l.matches("gnatsd_varz_connections\\{server_id=\"N[A-Z2-7]{55}\"\\} 1"));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("jetstream_stream_total_messages{")
            && l.contains("stream_name=\"ORDERS\"") && l.endsWith(" 2"));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("jetstream_consumer_num_pending{")
            && l.contains("consumer_name=\"WORKER\"") && l.endsWith(" 2"));
    for (String line : lines) {
      assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{.*\\})? -?[0-9.e+]+");
    }
  }

  @Test
  void aKilledNodeStopsAnsweringAndListensAgainOnTheSamePortAfterRestart() throws Exception {
    nc.close();
    nc = null;
    cluster.kill("n1").get();
    assertThat(cluster.monitorUrl("n1")).isEmpty();
    assertThatThrownBy(() -> get("/varz")).isInstanceOf(ConnectException.class);
    cluster.restart("n1").get();
    assertThat(cluster.monitorUrl("n1")).hasValue(base);
    JsonNode v = getJson("/varz");
    assertThat(v.get("in_msgs").asLong()).isZero();
    assertThat(v.get("http_req_stats").get("/varz").asInt()).isEqualTo(1);
  }
}
