package dev.jslab.engine.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.consumer.Consumer;
import dev.jslab.engine.consumer.ConsumerInfo;
import dev.jslab.engine.consumer.SequenceInfo;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.sourcing.StreamSourceInfo;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.stream.Stream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /metrics}: the node in the series the Prometheus NATS exporter publishes for it — every
 * number of {@code /varz} as {@code gnatsd_varz_<path>} (label {@code server_id}; its string
 * fields {@code server_id}, {@code server_name}, {@code version} as {@code value} labels, its times
 * in epoch milliseconds), and the JetStream series {@code jetstream_server_*}, {@code
 * jetstream_account_*}, {@code jetstream_stream_*} and {@code jetstream_consumer_*} with the
 * exporter's labels. The lab adds nothing of its own.
 *
 * <p>Stateless; call on the node's executor (it reads live streams and consumers).
 */
final class Metrics {
  private static final Set<String> SKIPPED =
      Set.of(
          "leaf",
          "trusted_operators_claim",
          "cluster_tls_timeout",
          "cluster_cluster_port",
          "cluster_auth_timeout",
          "gateway_port",
          "gateway_auth_timeout",
          "gateway_tls_timeout",
          "gateway_connect_retries");
  private static final Set<String> LABEL_FIELDS =
      Set.of(
          "server_id", "server_name", "version", "domain", "leader", "name", "start",
          "config_load_time");

  private Metrics() {}

  static String write(MonitorInput in, byte[] varzJson) {
    PrometheusText out = new PrometheusText();
    String serverId = in.server().serverId();
    try {
      varz(out, serverId, Json.MAPPER.readTree(varzJson), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (in.jetStream() != null) {
      jetStream(out, in, in.jetStream());
    }
    return out.text();
  }

  /** As the exporter flattens {@code /varz}: nested objects join their keys with {@code _}. */
  private static void varz(PrometheusText out, String serverId, JsonNode node, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String fqn = fqn(prefix, f.getKey());
      if (SKIPPED.contains(fqn)) {
        continue;
      }
      JsonNode v = f.getValue();
      String name = "gnatsd_varz_" + fqn;
      if (v.isNumber()) {
        out.gauge(name, fqn, Map.of("server_id", serverId), v.asDouble());
      } else if (v.isTextual() && LABEL_FIELDS.contains(f.getKey())) {
        try {
          double millis = Instant.parse(v.asText()).toEpochMilli();
          out.gauge(name, fqn, Map.of("server_id", serverId), millis);
        } catch (DateTimeParseException notATime) {
          out.gauge(name, fqn, Map.of("server_id", serverId, "value", v.asText()), 1);
        }
      } else if (v.isObject()) {
        varz(out, serverId, v, fqn);
      }
    }
  }

  private static String fqn(String prefix, String key) {
    String joined = (prefix.isEmpty() ? key : prefix + "_" + key).replace('/', '_');
    while (joined.contains("__")) {
      joined = joined.replace("__", "_");
    }
    return joined.replaceAll("^_+|_+$", "");
  }

  private static void jetStream(PrometheusText out, MonitorInput in, JetStream js) {
    ServerFacts s = in.server();
    Map<String, String> server = new LinkedHashMap<>();
    server.put("server_id", s.serverId());
    server.put("server_name", s.serverName());
    server.put("cluster", s.clusterName());
    server.put("domain", s.domain());
    java.util.Optional<dev.jslab.engine.raft.RaftStatus> meta =
        in.raftGroups().stream()
            .map(RaftGroupFacts::status)
            .filter(st -> st.group().equals(MetaClusterJson.META_GROUP))
            .findFirst();
    // a single server without a meta group is its own meta leader
    server.put("meta_leader", meta.flatMap(dev.jslab.engine.raft.RaftStatus::leader).orElse(""));
    server.put(
        "is_meta_leader",
        Boolean.toString(meta.map(st -> st.role() == dev.jslab.engine.raft.Role.LEADER).orElse(true)));
    JetStreamUsage usage = JetStreamUsage.of(js);
    out.gauge("jetstream_server_jetstream_disabled", "Whether JetStream is disabled (1) or not (0)",
        server, 0);
    out.gauge("jetstream_server_total_streams", "Streams on the server", server, usage.streams());
    out.gauge("jetstream_server_total_consumers", "Consumers on the server", server,
        usage.consumers());
    out.gauge("jetstream_server_total_messages", "Messages stored on the server", server,
        usage.messages());
    out.gauge("jetstream_server_total_message_bytes", "Bytes of messages stored on the server",
        server, usage.bytes());
    out.gauge("jetstream_server_max_memory", "Memory JetStream may use, in bytes", server,
        s.maxMemory());
    out.gauge("jetstream_server_max_storage", "Storage JetStream may use, in bytes", server,
        s.maxStorage());

    Map<String, String> account = new LinkedHashMap<>(server);
    account.put("account", Jsz.ACCOUNT);
    account.put("account_name", Jsz.ACCOUNT);
    account.put("account_id", Jsz.ACCOUNT);
    out.gauge("jetstream_account_max_memory", "Memory reserved for the account, in bytes",
        account, 0);
    out.gauge("jetstream_account_max_storage", "Storage reserved for the account, in bytes",
        account, 0);
    out.gauge("jetstream_account_memory_used", "Bytes the account's memory streams hold",
        account, usage.memory());
    out.gauge("jetstream_account_storage_used", "Bytes the account's file streams hold",
        account, usage.storage());

    for (Stream stream : js.streams()) {
      Map<String, String> labels = new LinkedHashMap<>(account);
      labels.put("stream_name", stream.name());
      labels.put("stream_leader", s.serverName());
      labels.put("is_stream_leader", "true");
      labels.put("stream_raft_group", "");
      stream(out, labels, stream);
      js.mirrorInfo(stream.name()).ifPresent(m -> source(out, labels, "mirror", m));
      for (StreamSourceInfo source : js.sourcesInfo(stream.name())) {
        source(out, labels, "source", source);
      }
      for (Consumer c : js.consumers(stream.name())) {
        consumer(out, labels, c.info());
      }
    }
  }

  private static void stream(PrometheusText out, Map<String, String> labels, Stream stream) {
    StoreState st = stream.state();
    out.gauge("jetstream_stream_total_messages", "Messages in the stream", labels, st.messages());
    out.gauge("jetstream_stream_total_bytes", "Bytes of the stream's messages", labels,
        st.bytes());
    out.gauge("jetstream_stream_first_seq", "First sequence in the stream", labels,
        st.firstSeq());
    out.gauge("jetstream_stream_last_seq", "Last sequence in the stream", labels, st.lastSeq());
    out.gauge("jetstream_stream_consumer_count", "Consumers of the stream", labels,
        stream.consumerCount());
    out.gauge("jetstream_stream_subject_count", "Distinct subjects in the stream", labels,
        st.numSubjects());
    out.gauge("jetstream_stream_limit_bytes", "Configured max_bytes of the stream (-1: none)",
        labels, stream.config().maxBytes());
    out.gauge("jetstream_stream_limit_messages", "Configured max_msgs of the stream (-1: none)",
        labels, stream.config().maxMsgs());
  }

  private static void source(
      PrometheusText out, Map<String, String> stream, String kind, StreamSourceInfo info) {
    Map<String, String> labels = new LinkedHashMap<>(stream);
    labels.put(kind + "_name", info.name());
    labels.put(kind + "_api", info.external() == null ? "" : nullToEmpty(info.external().api()));
    labels.put(
        kind + "_deliver", info.external() == null ? "" : nullToEmpty(info.external().deliver()));
    out.gauge("jetstream_stream_" + kind + "_lag", "Messages the " + kind + " is behind", labels,
        info.lag());
    out.gauge("jetstream_stream_" + kind + "_active_duration_ns",
        "Nanoseconds since the " + kind + " was last active (-1: never)", labels,
        info.activeNanos());
  }

  private static void consumer(PrometheusText out, Map<String, String> stream, ConsumerInfo c) {
    Map<String, String> labels = new LinkedHashMap<>(stream);
    labels.put("consumer_name", c.name());
    labels.put("consumer_leader", "");
    labels.put("is_consumer_leader", "true");
    labels.put("consumer_desc", c.config().description());
    SequenceInfo delivered = c.delivered();
    SequenceInfo floor = c.ackFloor();
    if (delivered.lastActiveNanos() != 0) {
      out.gauge("jetstream_consumer_last_delivery_seconds", "Seconds since the last delivery",
          labels, (c.timestampNanos() - delivered.lastActiveNanos()) / 1e9);
    }
    if (floor.lastActiveNanos() != 0) {
      out.gauge("jetstream_consumer_last_ack_seconds", "Seconds since the last ack", labels,
          (c.timestampNanos() - floor.lastActiveNanos()) / 1e9);
    }
    out.gauge("jetstream_consumer_delivered_consumer_seq", "Consumer sequence last delivered",
        labels, delivered.consumerSeq());
    out.gauge("jetstream_consumer_delivered_stream_seq", "Stream sequence last delivered",
        labels, delivered.streamSeq());
    out.gauge("jetstream_consumer_num_ack_pending", "Deliveries awaiting an ack", labels,
        c.numAckPending());
    out.gauge("jetstream_consumer_num_redelivered", "Messages delivered more than once", labels,
        c.numRedelivered());
    out.gauge("jetstream_consumer_num_waiting", "Pull requests waiting", labels, c.numWaiting());
    out.gauge("jetstream_consumer_num_pending", "Matching messages not yet delivered", labels,
        c.numPending());
    out.gauge("jetstream_consumer_ack_floor_stream_seq", "Stream sequence of the ack floor",
        labels, floor.streamSeq());
    out.gauge("jetstream_consumer_ack_floor_consumer_seq", "Consumer sequence of the ack floor",
        labels, floor.consumerSeq());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
