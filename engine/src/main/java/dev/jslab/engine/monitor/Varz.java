package dev.jslab.engine.monitor;

import static dev.jslab.engine.monitor.MonitorJson.floatField;
import static dev.jslab.engine.monitor.MonitorJson.timeField;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jslab.engine.protocol.Info;
import dev.jslab.engine.protocol.ProtocolParser;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /varz}: nats-server 2.10's {@code Varz} for a server with the lab's options (no TLS,
 * routes, gateways, leaf nodes, MQTT or websockets; the {@code $SYS} system account; nats-server's
 * default limits), fields in its struct order and {@code omitempty} rules.
 *
 * <p>Stateless; call on the node's executor (it reads live JetStream state).
 */
final class Varz {
  /** nats-server's defaults, which the lab's nodes also apply. */
  static final int MAX_CONNECTIONS = 65_536;
  static final long PING_INTERVAL_NANOS = 120_000_000_000L;
  static final int PING_MAX = 2;
  static final long MAX_PENDING = 64L * 1024 * 1024;
  static final long WRITE_DEADLINE_NANOS = 10_000_000_000L;
  static final String SYSTEM_ACCOUNT = "$SYS";

  private Varz() {}

  static byte[] write(MonitorInput in, Map<String, Long> httpReqStats) {
    return MonitorJson.indented(2, g -> {
      g.writeStartObject();
      writeFields(g, in, httpReqStats);
      g.writeEndObject();
    });
  }

  private static void writeFields(JsonGenerator g, MonitorInput in, Map<String, Long> reqStats)
      throws IOException {
    ServerFacts s = in.server();
    g.writeStringField("server_id", s.serverId());
    g.writeStringField("server_name", s.serverName());
    g.writeStringField("version", Info.DEFAULT_VERSION);
    g.writeNumberField("proto", 1);
    g.writeStringField("go", Info.DEFAULT_GO);
    g.writeStringField("host", s.host());
    g.writeNumberField("port", s.port());
    if (!in.connectUrls().isEmpty()) {
      g.writeArrayFieldStart("connect_urls");
      for (String url : in.connectUrls()) {
        g.writeString(url);
      }
      g.writeEndArray();
    }
    g.writeNumberField("max_connections", MAX_CONNECTIONS);
    g.writeNumberField("ping_interval", PING_INTERVAL_NANOS);
    g.writeNumberField("ping_max", PING_MAX);
    g.writeStringField("http_host", s.httpHost());
    g.writeNumberField("http_port", s.httpPort());
    g.writeStringField("http_base_path", "");
    g.writeNumberField("https_port", 0);
    floatField(g, "auth_timeout", 2);
    g.writeNumberField("max_control_line", ProtocolParser.DEFAULT_MAX_CONTROL_LINE);
    g.writeNumberField("max_payload", ProtocolParser.DEFAULT_MAX_PAYLOAD);
    g.writeNumberField("max_pending", MAX_PENDING);
    g.writeObjectFieldStart("cluster");
    if (!s.clusterName().isEmpty()) {
      g.writeStringField("name", s.clusterName());
    }
    g.writeEndObject();
    for (String empty : new String[] {"gateway", "leaf", "mqtt", "websocket"}) {
      g.writeObjectFieldStart(empty);
      g.writeEndObject();
    }
    g.writeObjectFieldStart("jetstream");
    if (in.jetStream() != null) {
      JetStreamSections.writeConfig(g, s);
      g.writeObjectFieldStart("stats");
      JetStreamSections.writeStatsFields(
          g, JetStreamUsage.of(in.jetStream()), 1, in.haAssets(), in.apiTotal(), in.apiErrors());
      g.writeEndObject();
      MetaClusterJson.write(g, "meta", in);
    }
    g.writeEndObject();
    floatField(g, "tls_timeout", 2);
    g.writeNumberField("write_deadline", WRITE_DEADLINE_NANOS);
    timeField(g, "start", s.startNanos());
    timeField(g, "now", in.nowNanos());
    g.writeStringField("uptime", Uptime.format(in.nowNanos() - s.startNanos()));
    ProcessFacts p = in.process();
    g.writeNumberField("mem", p.memBytes());
    g.writeNumberField("cores", p.cores());
    g.writeNumberField("gomaxprocs", p.maxProcs());
    floatField(g, "cpu", p.cpuPercent());
    ServerTraffic t = in.traffic();
    g.writeNumberField("connections", in.connections().size());
    g.writeNumberField("total_connections", t.totalConnections());
    g.writeNumberField("routes", 0);
    g.writeNumberField("remotes", 0);
    g.writeNumberField("leafnodes", 0);
    g.writeNumberField("in_msgs", t.inMsgs());
    g.writeNumberField("out_msgs", t.outMsgs());
    g.writeNumberField("in_bytes", t.inBytes());
    g.writeNumberField("out_bytes", t.outBytes());
    g.writeNumberField("slow_consumers", t.slowConsumers());
    g.writeNumberField("subscriptions", in.subscriptions());
    g.writeObjectFieldStart("http_req_stats");
    for (Map.Entry<String, Long> e : new TreeMap<>(reqStats).entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    // the lab has no configuration file: its configuration was loaded when the node started
    timeField(g, "config_load_time", s.startNanos());
    g.writeStringField("system_account", SYSTEM_ACCOUNT);
    g.writeObjectFieldStart("slow_consumer_stats");
    g.writeNumberField("clients", t.slowConsumers());
    g.writeNumberField("routes", 0);
    g.writeNumberField("gateways", 0);
    g.writeNumberField("leafs", 0);
    g.writeEndObject();
  }
}
