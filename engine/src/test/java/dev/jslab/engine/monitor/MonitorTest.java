package dev.jslab.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.hub.MessageHub;
import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.node.JetStreamNode;
import dev.jslab.engine.node.NodeConfig;
import dev.jslab.engine.node.NodeEnvironment;
import dev.jslab.engine.protocol.ClientAuth;
import dev.jslab.engine.protocol.ClientSession;
import dev.jslab.engine.protocol.ConnectionStats;
import dev.jslab.engine.protocol.Subscription;
import dev.jslab.engine.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring documents of one node driven through its client protocol, checked against the
 * shapes nats-server writes (wire-samples 13-monitoring.txt and monitor.go).
 */
class MonitorTest {
  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final String CONNECT =
      "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true,\"name\":\"wire-capture\","
          + "\"lang\":\"python\",\"version\":\"1.0.0\"}\r\n";

  @TempDir Path dir;

  private final VirtualScheduler scheduler = new VirtualScheduler(T0);
  private final MessageHub hub = new MessageHub(new SplittableRandom(1));
  private final List<ClientSession> sessions = new ArrayList<>();
  private JetStreamNode node;
  private JsApi api;
  private final Monitor monitor = new Monitor();

  @BeforeEach
  void open() {
    NodeEnvironment env =
        new NodeEnvironment(
            scheduler, hub::send, new SplittableRandom(2), SyncPolicy.ALWAYS, "", hub::hasInterest);
    node = JetStreamNode.open(new NodeConfig("n1", dir.resolve("n1")), env);
    api = new JsApi(node.jetStream(), scheduler, hub::send, "", "n1");
    hub.attach(node, api);
  }

  @AfterEach
  void close() {
    node.close();
  }

  private ClientSession client(String text) {
    ClientSession s = new ClientSession(sessions.size() + 1, hub, ClientAuth.none());
    sessions.add(s);
    send(s, text);
    return s;
  }

  private void send(ClientSession s, String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    hub.receive(s, b, 0, b.length);
  }

  /** The captured setup: stream S13_MON, durable MON, two messages. */
  private void captureSetup() {
    ClientSession c = client(CONNECT + "SUB _INBOX.> 1\r\n");
    String stream = "{\"name\":\"S13_MON\",\"num_replicas\":1,\"storage\":\"memory\",\"subjects\":[\"s13.>\"]}";
    send(c, "PUB $JS.API.STREAM.CREATE.S13_MON _INBOX.1 " + stream.length() + "\r\n" + stream + "\r\n");
    String consumer =
        "{\"config\":{\"ack_policy\":\"explicit\",\"durable_name\":\"MON\",\"name\":\"MON\"},"
            + "\"stream_name\":\"S13_MON\"}";
    send(c, "PUB $JS.API.CONSUMER.CREATE.S13_MON.MON _INBOX.2 " + consumer.length() + "\r\n"
        + consumer + "\r\n");
    send(c, "PUB s13.a _INBOX.3 3\r\none\r\nPUB s13.b _INBOX.4 3\r\ntwo\r\n");
  }

  private MonitorInput input() {
    List<ConnectionView> views = new ArrayList<>();
    long in = 0;
    long out = 0;
    long inBytes = 0;
    long outBytes = 0;
    int subs = 0;
    for (ClientSession s : sessions) {
      ConnectionStats st = s.stats();
      List<ConnectionView.SubscriptionView> sv = new ArrayList<>();
      for (Subscription sub : s.subscriptions()) {
        sv.add(new ConnectionView.SubscriptionView(sub.subject(), sub.queue(), sub.sid(), sub.delivered(), sub.max()));
      }
      subs += sv.size();
      views.add(new ConnectionView(s.clientId(), "127.0.0.1", 50_000 + (int) s.clientId(), T0,
          T0, 0, 0, st.inMsgs(), st.outMsgs(), st.inBytes(), st.outBytes(), sv,
          s.options().name(), s.options().lang(), s.options().version()));
      in += st.inMsgs();
      out += st.outMsgs();
      inBytes += st.inBytes();
      outBytes += st.outBytes();
    }
    return new MonitorInput(
        new ServerFacts("n1", "n1", "127.0.0.1", 4222, "127.0.0.1", 8222, T0, "/data/n1",
            1L << 30, 1L << 40, "", ""),
        new ProcessFacts(123_456_789, 1.5, 2, 2),
        scheduler.nowNanos(),
        views,
        new ServerTraffic(in, out, inBytes, outBytes, sessions.size(), 0),
        subs,
        node.jetStream(),
        api.apiTotal(),
        api.apiErrors(),
        List.of(),
        List.of());
  }

  private MonitorResponse get(String path, String query) {
    return monitor.handle(path, query, input());
  }

  private static JsonNode json(MonitorResponse r) throws Exception {
    assertThat(r.contentType()).isEqualTo("application/json");
    return Json.MAPPER.readTree(r.body());
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void sessionCountsMessagesAndBytesInAndOut() {
    ClientSession sub = client(CONNECT + "SUB news 1\r\n");
    ClientSession pub = client(CONNECT + "PUB news 5\r\nhello\r\nHPUB news 12 15\r\nNATS/1.0\r\n\r\nabc\r\n");
    assertThat(pub.stats().inMsgs()).isEqualTo(2);
    assertThat(pub.stats().inBytes()).isEqualTo(5 + 15);
    assertThat(sub.stats().outMsgs()).isEqualTo(2);
    assertThat(sub.stats().outBytes()).isEqualTo(5 + 15);
    assertThat(sub.stats().inMsgs()).isZero();
    assertThat(sub.stats().takeActivity()).isTrue();
    assertThat(sub.stats().takeActivity()).isFalse();
  }

  @Test
  void varzCountsMessagesPublishedByClients() throws Exception {
    client(CONNECT + "SUB news 1\r\n");
    client(CONNECT + "PUB news 5\r\nhello\r\nPUB news 3\r\nabc\r\n");
    JsonNode v = json(get("/varz", null));
    assertThat(v.get("in_msgs").asLong()).isEqualTo(2);
    assertThat(v.get("in_bytes").asLong()).isEqualTo(8);
    assertThat(v.get("out_msgs").asLong()).isEqualTo(2);
    assertThat(v.get("out_bytes").asLong()).isEqualTo(8);
    assertThat(v.get("connections").asInt()).isEqualTo(2);
    assertThat(v.get("subscriptions").asInt()).isEqualTo(1);
  }

  @Test
  void varzHasNatsServerFieldsInTheirOrderIndentedAsGoDoes() throws Exception {
    scheduler.advance(3_723_000_000_000L);
    MonitorResponse r = get("/varz", null);
    JsonNode v = json(r);
    assertThat(keys(v))
        .containsExactly(
            "server_id", "server_name", "version", "proto", "go", "host", "port",
            "max_connections", "ping_interval", "ping_max", "http_host", "http_port",
            "http_base_path", "https_port", "auth_timeout", "max_control_line", "max_payload",
            "max_pending", "cluster", "gateway", "leaf", "mqtt", "websocket", "jetstream",
            "tls_timeout", "write_deadline", "start", "now", "uptime", "mem", "cores",
            "gomaxprocs", "cpu", "connections", "total_connections", "routes", "remotes",
            "leafnodes", "in_msgs", "out_msgs", "in_bytes", "out_bytes", "slow_consumers",
            "subscriptions", "http_req_stats", "config_load_time", "system_account",
            "slow_consumer_stats");
    String text = r.bodyText();
    assertThat(text).startsWith("{\n  \"server_id\": \"n1\",\n  \"server_name\": \"n1\",\n");
    assertThat(text).contains("\n  \"auth_timeout\": 2,\n", "\n  \"cluster\": {},\n");
    assertThat(text).contains("\n  \"cpu\": 1.5,\n", "\"start\": \"2023-11-14T22:13:20Z\"");
    assertThat(v.get("uptime").asText()).isEqualTo("1h2m3s");
    assertThat(v.get("http_req_stats").get("/varz").asInt()).isEqualTo(1);
    assertThat(keys(v.get("jetstream"))).containsExactly("config", "stats");
    assertThat(keys(v.get("jetstream").get("stats")))
        .containsExactly(
            "memory", "storage", "reserved_memory", "reserved_storage", "accounts", "ha_assets",
            "api");
  }

  @Test
  void jetStreamConfigWithMachineDerivedLimitsHasNoCompressOkAsNatsServersDynamicOne()
      throws Exception {
    assertThat(keys(json(get("/varz", null)).get("jetstream").get("config")))
        .containsExactly("max_memory", "max_storage", "store_dir");
    assertThat(keys(json(get("/jsz", null)).get("config")))
        .containsExactly("max_memory", "max_storage", "store_dir");
  }

  @Test
  void varzOfANodeOfAClusterListsTheConnectUrlsAfterThePortAndNamesTheCluster() throws Exception {
    MonitorInput in = input();
    ServerFacts f = in.server();
    MonitorInput clustered = new MonitorInput(
        new ServerFacts(f.serverId(), f.serverName(), f.host(), f.port(), f.httpHost(),
            f.httpPort(), f.startNanos(), f.storeDir(), f.maxMemory(), f.maxStorage(), "", "lab"),
        in.process(), in.nowNanos(), in.connections(), in.traffic(), in.subscriptions(),
        in.jetStream(), 0, 0, List.of("127.0.0.1:4222", "127.0.0.1:4223"), List.of());
    JsonNode v = json(monitor.handle("/varz", null, clustered));
    assertThat(keys(v)).containsSubsequence("port", "connect_urls", "max_connections");
    assertThat(v.get("connect_urls").toString()).isEqualTo("[\"127.0.0.1:4222\",\"127.0.0.1:4223\"]");
    assertThat(v.get("cluster").toString()).isEqualTo("{\"name\":\"lab\"}");
  }

  @Test
  void jszWithStreamsConsumersAndConfigHasTheCapturedShape() throws Exception {
    captureSetup();
    JsonNode j = json(get("/jsz", "streams=true&consumers=true&config=true"));
    assertThat(j.get("streams").asInt()).isEqualTo(1);
    assertThat(j.get("consumers").asInt()).isEqualTo(1);
    assertThat(j.get("messages").asInt()).isEqualTo(2);
    assertThat(j.get("bytes").asInt()).isEqualTo(48);
    assertThat(j.get("memory").asInt()).isEqualTo(48);
    assertThat(j.get("api").get("total").asInt()).isEqualTo(2);
    JsonNode account = j.get("account_details").get(0);
    assertThat(keys(account))
        .containsExactly(
            "name", "id", "memory", "storage", "reserved_memory", "reserved_storage", "accounts",
            "ha_assets", "api", "stream_detail");
    assertThat(account.get("name").asText()).isEqualTo("$G");
    JsonNode stream = account.get("stream_detail").get(0);
    assertThat(keys(stream))
        .containsExactly("name", "created", "cluster", "config", "state", "consumer_detail");
    assertThat(stream.get("cluster").toString()).isEqualTo("{\"leader\":\"n1\"}");
    assertThat(stream.get("config").get("subjects").get(0).asText()).isEqualTo("s13.>");
    JsonNode state = stream.get("state");
    assertThat(state.get("messages").asInt()).isEqualTo(2);
    assertThat(state.get("bytes").asInt()).isEqualTo(48);
    assertThat(state.get("first_seq").asInt()).isEqualTo(1);
    assertThat(state.get("last_seq").asInt()).isEqualTo(2);
    assertThat(state.get("num_subjects").asInt()).isEqualTo(2);
    assertThat(state.get("consumer_count").asInt()).isEqualTo(1);
    JsonNode consumer = stream.get("consumer_detail").get(0);
    assertThat(consumer.get("name").asText()).isEqualTo("MON");
    assertThat(consumer.get("stream_name").asText()).isEqualTo("S13_MON");
    assertThat(consumer.get("num_pending").asInt()).isEqualTo(2);
    assertThat(consumer.get("num_ack_pending").asInt()).isZero();
    assertThat(consumer.get("config").get("max_waiting").asInt()).isEqualTo(512);
    assertThat(consumer.get("config").get("ack_wait").asLong()).isEqualTo(30_000_000_000L);
  }

  @Test
  void jszLeavesOutWhatWasNotAskedFor() throws Exception {
    captureSetup();
    JsonNode plain = json(get("/jsz", null));
    assertThat(plain.has("account_details")).isFalse();
    assertThat(keys(plain))
        .containsExactly(
            "server_id", "now", "config", "memory", "storage", "reserved_memory",
            "reserved_storage", "accounts", "ha_assets", "api", "streams", "consumers", "messages",
            "bytes");
    JsonNode streams = json(get("/jsz", "streams=1"));
    JsonNode detail = streams.get("account_details").get(0).get("stream_detail").get(0);
    assertThat(detail.has("config")).isFalse();
    assertThat(detail.has("consumer_detail")).isFalse();
    JsonNode noConfig = json(get("/jsz", "consumers=true"));
    JsonNode c = noConfig.get("account_details").get(0).get("stream_detail").get(0)
        .get("consumer_detail").get(0);
    assertThat(c.has("config")).isFalse();
    assertThat(json(get("/jsz", "accounts=true&offset=1")).has("account_details")).isFalse();
    assertThat(json(get("/jsz", "accounts=true&limit=1")).get("account_details")).hasSize(1);
  }

  @Test
  void connzPagesSortsAndListsSubscriptions() throws Exception {
    client(CONNECT + "SUB a 1\r\nSUB b 2\r\n");
    client(CONNECT + "PUB a 1\r\nx\r\nPUB a 1\r\nx\r\nPUB b 1\r\nx\r\n");
    client(CONNECT + "PUB a 1\r\nx\r\n");
    JsonNode all = json(get("/connz", null));
    assertThat(keys(all))
        .containsExactly(
            "server_id", "now", "num_connections", "total", "offset", "limit", "connections");
    assertThat(all.get("limit").asInt()).isEqualTo(1024);
    assertThat(all.get("connections").findValuesAsText("cid")).containsExactly("1", "2", "3");
    JsonNode first = all.get("connections").get(0);
    assertThat(keys(first))
        .containsExactly(
            "cid", "kind", "type", "ip", "port", "start", "last_activity", "rtt", "uptime",
            "idle", "pending_bytes", "in_msgs", "out_msgs", "in_bytes", "out_bytes",
            "subscriptions", "name", "lang", "version");
    assertThat(first.get("out_msgs").asInt()).isEqualTo(4);
    assertThat(first.get("subscriptions").asInt()).isEqualTo(2);
    JsonNode byIn = json(get("/connz", "sort=msgs_from&offset=1&limit=1"));
    assertThat(byIn.get("total").asInt()).isEqualTo(3);
    assertThat(byIn.get("num_connections").asInt()).isEqualTo(1);
    assertThat(byIn.get("connections").get(0).get("cid").asInt()).isEqualTo(3);
    JsonNode subs = json(get("/connz", "subs=true&limit=1"));
    assertThat(subs.get("connections").get(0).get("subscriptions_list").toString())
        .isEqualTo("[\"a\",\"b\"]");
    JsonNode detail = json(get("/connz", "subs=detail&limit=1"));
    assertThat(detail.get("connections").get(0).get("subscriptions_list_detail").get(0).toString())
        .isEqualTo("{\"subject\":\"a\",\"sid\":\"1\",\"msgs\":3,\"cid\":1}");
  }

  @Test
  void badOptionsGetNatsServersFourHundredText() {
    MonitorResponse sort = get("/connz", "sort=bogus");
    assertThat(sort.status()).isEqualTo(400);
    assertThat(sort.bodyText()).isEqualTo("invalid sorting option: bogus");
    MonitorResponse bool = get("/jsz", "streams=x");
    assertThat(bool.status()).isEqualTo(400);
    assertThat(bool.bodyText())
        .isEqualTo("Error decoding boolean for 'streams': strconv.ParseBool: parsing \"x\": invalid syntax");
    assertThat(get("/connz", "offset=a").bodyText())
        .isEqualTo("Error decoding int for 'offset': strconv.Atoi: parsing \"a\": invalid syntax");
  }

  @Test
  void healthzIsOkAndNamesWhatIsMissing() throws Exception {
    captureSetup();
    MonitorResponse ok = get("/healthz", null);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.bodyText()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(get("/healthz", "js-enabled-only=true").bodyText()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(get("/healthz", "js-server-only=true").status()).isEqualTo(200);
    assertThat(get("/healthz", "account=$G&stream=S13_MON&consumer=MON").status()).isEqualTo(200);
    MonitorResponse noStream = get("/healthz", "account=$G&stream=NOPE");
    assertThat(noStream.status()).isEqualTo(404);
    assertThat(noStream.bodyText())
        .isEqualTo("{\"status\":\"unavailable\",\"error\":\"JetStream stream \\\"NOPE\\\" not found on account \\\"$G\\\"\"}");
    MonitorResponse bad = get("/healthz", "stream=S13_MON");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.bodyText())
        .isEqualTo("{\"status\":\"error\",\"error\":\"\\\"account\\\" must not be empty when checking stream health\"}");
  }

  @Test
  void healthzIsUnavailableWithoutJetStream() {
    MonitorInput in = input();
    MonitorInput noJs = new MonitorInput(in.server(), in.process(), in.nowNanos(),
        in.connections(), in.traffic(), in.subscriptions(), null, 0, 0, List.of(), List.of());
    MonitorResponse r = monitor.handle("/healthz", null, noJs);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.bodyText()).isEqualTo("{\"status\":\"unavailable\",\"error\":\"JetStream not enabled\"}");
    MonitorResponse details = monitor.handle("/healthz", "details=true", noJs);
    assertThat(details.bodyText())
        .isEqualTo("{\"status\":\"error\",\"errors\":[{\"type\":\"JETSTREAM\",\"error\":\"JetStream not enabled\"}]}");
  }

  @Test
  void raftzListsTheMetaGroupInTheSystemAccountAndStreamGroupsInTheirAccountAsNatsServer211() throws Exception {
    MonitorInput plain = input();
    var status =
        new dev.jslab.engine.raft.RaftStatus(
            "_meta_", "n1", dev.jslab.engine.raft.Role.LEADER, 4, java.util.Optional.of("n1"),
            java.util.Optional.of("n1"), 12, 12, 0, 1, 12,
            List.of(new dev.jslab.engine.raft.RaftStatus.LogPosition(12, 4)),
            List.of("n1", "n2", "n3"),
            java.util.Map.of(
                "n2", new dev.jslab.engine.raft.RaftStatus.FollowerStatus(13, 12, plain.nowNanos() - 250_000_000L, 0, "replicate"),
                "n3", new dev.jslab.engine.raft.RaftStatus.FollowerStatus(5, 0, -1, 1, "probe")),
            0);
    MonitorInput withRaft =
        new MonitorInput(plain.server(), plain.process(), plain.nowNanos(), plain.connections(),
            plain.traffic(), plain.subscriptions(), plain.jetStream(), plain.apiTotal(),
            plain.apiErrors(), plain.connectUrls(), List.of(new RaftGroupFacts(status, true)));
    MonitorResponse r = monitor.handle("/raftz", null, withRaft);
    assertThat(r.status()).isEqualTo(200);
    JsonNode meta = json(r).path("$SYS").path("_meta_");
    assertThat(meta.path("state").asText()).isEqualTo("LEADER");
    assertThat(meta.path("size").asInt()).isEqualTo(3);
    assertThat(meta.path("quorum_needed").asInt()).isEqualTo(2);
    assertThat(meta.path("committed").asLong()).isEqualTo(12);
    assertThat(meta.path("term").asLong()).isEqualTo(4);
    assertThat(meta.path("pterm").asLong()).isEqualTo(4);
    assertThat(meta.path("pindex").asLong()).isEqualTo(12);
    assertThat(meta.path("ever_had_leader").asBoolean()).isTrue();
    assertThat(meta.path("peers").path("n2").path("last_replicated_index").asLong()).isEqualTo(12);
    assertThat(meta.path("peers").path("n2").path("last_seen").asText()).isEqualTo("250ms");
    assertThat(meta.path("peers").path("n3").has("last_seen")).isFalse();
    JsonNode metaCluster = json(monitor.handle("/jsz", null, withRaft)).path("meta_cluster");
    assertThat(metaCluster.path("leader").asText()).isEqualTo("n1");
    assertThat(metaCluster.path("peer").asText()).isEqualTo(dev.jslab.engine.raft.PeerIds.of("n1")).hasSize(8);
    assertThat(metaCluster.path("cluster_size").asInt()).isEqualTo(3);
    assertThat(metaCluster.path("replicas").get(0).path("name").asText()).isEqualTo("n2");
    assertThat(metaCluster.path("replicas").get(0).path("current").asBoolean()).isTrue();
    assertThat(metaCluster.path("replicas").get(0).path("active").asLong()).isEqualTo(250_000_000L);
    assertThat(metaCluster.path("replicas").get(1).path("offline").asBoolean()).isTrue();
    assertThat(metaCluster.path("replicas").get(1).path("lag").asLong()).isEqualTo(12);
    assertThat(json(monitor.handle("/varz", null, withRaft)).path("jetstream").path("meta").path("leader").asText())
        .isEqualTo("n1");
    assertThat(json(monitor.handle("/jsz", null, plain)).has("meta_cluster")).isFalse();
    assertThat(monitor.handle("/raftz", "group=S-R3F-x", withRaft).status()).isEqualTo(404);
    assertThat(monitor.handle("/raftz", "acc=$G", withRaft).bodyText())
        .isEqualTo("No Raft nodes returned, check supplied filters");

    var stream = new dev.jslab.engine.raft.RaftStatus(
        "S-R3F-abc", "n1", dev.jslab.engine.raft.Role.FOLLOWER, 2, java.util.Optional.empty(),
        java.util.Optional.of("n2"), 7, 7, 0, 1, 7, List.of(), List.of("n1", "n2", "n3"), java.util.Map.of(), 0);
    MonitorInput withStream =
        new MonitorInput(plain.server(), plain.process(), plain.nowNanos(), plain.connections(),
            plain.traffic(), plain.subscriptions(), plain.jetStream(), plain.apiTotal(),
            plain.apiErrors(), plain.connectUrls(),
            List.of(new RaftGroupFacts(status, true), new RaftGroupFacts(stream, true)));
    JsonNode both = json(monitor.handle("/raftz", null, withStream));
    assertThat(both.path("$SYS").has("_meta_")).isTrue();
    assertThat(both.path("$G").path("S-R3F-abc").path("leader").asText()).isEqualTo("n2");
    assertThat(both.path("$G").path("S-R3F-abc").path("system_account").asBoolean()).isFalse();
    assertThat(json(monitor.handle("/raftz", "acc=$G", withStream)).has("$SYS")).isFalse();
    assertThat(json(monitor.handle("/jsz", null, withStream)).path("ha_assets").asInt()).isEqualTo(2);
    assertThat(json(monitor.handle("/jsz", null, plain)).path("ha_assets").asInt()).isZero();
  }

  @Test
  void raftzAnswersAsAServerWithoutRaftGroupsAndUnknownPathsAreNotFound() {
    MonitorResponse raftz = get("/raftz", null);
    assertThat(raftz.status()).isEqualTo(404);
    assertThat(raftz.bodyText()).isEqualTo("No Raft nodes registered");
    assertThat(get("/varz/", null).status()).isEqualTo(404);
    assertThat(get("/", null).status()).isEqualTo(404);
  }

  @Test
  void metricsUseTheExportersSeriesAndLabels() {
    captureSetup();
    MonitorResponse r = get("/metrics", null);
    assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    List<String> lines = r.bodyText().lines().toList();
    assertThat(lines)
        .contains(
            "# TYPE gnatsd_varz_in_msgs gauge",
            "gnatsd_varz_in_msgs{server_id=\"n1\"} 4",
            "gnatsd_varz_max_pending{server_id=\"n1\"} 6.7108864e+07",
            "gnatsd_varz_version{server_id=\"n1\",value=\"2.10.22\"} 1",
            "gnatsd_varz_jetstream_stats_api_total{server_id=\"n1\"} 2",
            "# TYPE jetstream_stream_total_messages gauge",
            "jetstream_stream_total_messages{account=\"$G\",account_id=\"$G\",account_name=\"$G\","
                + "cluster=\"\",domain=\"\",is_meta_leader=\"true\",is_stream_leader=\"true\","
                + "meta_leader=\"\",server_id=\"n1\",server_name=\"n1\",stream_leader=\"n1\","
                + "stream_name=\"S13_MON\",stream_raft_group=\"\"} 2",
            "jetstream_stream_limit_messages{account=\"$G\",account_id=\"$G\",account_name=\"$G\","
                + "cluster=\"\",domain=\"\",is_meta_leader=\"true\",is_stream_leader=\"true\","
                + "meta_leader=\"\",server_id=\"n1\",server_name=\"n1\",stream_leader=\"n1\","
                + "stream_name=\"S13_MON\",stream_raft_group=\"\"} -1");
    assertThat(lines)
        .anyMatch(l -> l.startsWith("jetstream_consumer_num_pending{")
            && l.contains("consumer_name=\"MON\"") && l.contains("is_consumer_leader=\"true\"")
            && l.endsWith("} 2"));
    // every family announces itself before its samples
    String family = null;
    for (String line : lines) {
      if (line.startsWith("# HELP ")) {
        family = line.split(" ")[2];
      } else if (line.startsWith("# TYPE ")) {
        assertThat(line).isEqualTo("# TYPE " + family + " gauge");
      } else {
        assertThat(line).startsWith(family).matches("[a-z_]+(\\{.*\\})? \\S+");
      }
    }
  }

  @Test
  void documentsArePureFunctionsOfTheirInput() {
    captureSetup();
    MonitorInput in = input();
    Monitor a = new Monitor();
    Monitor b = new Monitor();
    for (String path : List.of("/varz", "/connz", "/jsz", "/healthz", "/metrics")) {
      assertThat(a.handle(path, "streams=true&consumers=true&config=true", in).body())
          .isEqualTo(b.handle(path, "streams=true&consumers=true&config=true", in).body());
    }
  }

  @Test
  void goFormsOfDurationsAndNumbers() {
    assertThat(Uptime.format(0)).isEqualTo("0s");
    assertThat(Uptime.format(61_500_000_000L)).isEqualTo("1m1s");
    assertThat(Uptime.format(90_061_000_000_000L)).isEqualTo("1d1h1m1s");
    assertThat(Uptime.format(366L * 86_400_000_000_000L)).isEqualTo("1y1d0h0m0s");
    assertThat(PrometheusText.number(0)).isEqualTo("0");
    assertThat(PrometheusText.number(-1)).isEqualTo("-1");
    assertThat(PrometheusText.number(999_999)).isEqualTo("999999");
    assertThat(PrometheusText.number(1_000_000)).isEqualTo("1e+06");
    assertThat(PrometheusText.number(1_234_567)).isEqualTo("1.234567e+06");
    assertThat(PrometheusText.number(0.25)).isEqualTo("0.25");
    assertThat(PrometheusText.number(0.00001)).isEqualTo("1e-05");
    assertThat(MonitorJson.goFloat(2)).isEqualTo("2");
    assertThat(MonitorJson.goFloat(0.5)).isEqualTo("0.5");
  }
}
