package dev.jslab.engine.monitor;

import static dev.jslab.engine.monitor.MonitorJson.timeField;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jslab.engine.api.handler.StreamInfoJson;
import dev.jslab.engine.consumer.Consumer;
import dev.jslab.engine.consumer.ConsumerJson;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.sourcing.StreamSourceInfo;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.wire.StreamConfigJson;
import dev.jslab.engine.wire.StreamSourceInfoJson;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code /jsz}: nats-server 2.10.22's {@code JSInfo} (the version the nodes advertise) for a
 * single server whose one JetStream account is {@code $G}: usage and API counts, then with {@code
 * accounts} the {@code AccountDetail}, with {@code streams} its {@code StreamDetail}s, with {@code
 * consumers} their consumers' infos and with {@code config} the configurations. {@code offset} and
 * {@code limit} page the accounts; {@code acc} picks one.
 *
 * <p>Stateless; call on the node's executor (it reads live streams and consumers).
 */
final class Jsz {
  static final String ACCOUNT = "$G";

  private Jsz() {}

  /** The request's options, as nats-server decodes them. */
  record Options(
      String account,
      boolean accounts,
      boolean streams,
      boolean consumers,
      boolean config,
      boolean leaderOnly,
      int offset,
      int limit) {
    static Options from(MonitorQuery q) throws MonitorQuery.BadRequest {
      boolean accounts = q.bool("accounts");
      boolean streams = q.bool("streams");
      boolean consumers = q.bool("consumers");
      boolean config = q.bool("config");
      int offset = q.integer("offset");
      int limit = q.integer("limit");
      boolean leader = q.bool("leader-only");
      q.bool("raft");
      q.bool("stream-leader-only");
      return new Options(q.get("acc"), accounts, streams, consumers, config, leader, offset, limit);
    }

    /** nats-server's defaults: consumers imply streams, streams without an account imply accounts. */
    Options normalized() {
      boolean s = streams || consumers;
      boolean a = accounts || (s && account.isEmpty());
      return new Options(
          account, a, s, consumers, config, leaderOnly, Math.max(0, offset), limit == 0 ? 1024 : limit);
    }
  }

  static byte[] write(MonitorInput in, Options requested) {
    Options o = requested.normalized();
    JetStream js = in.jetStream();
    JetStreamUsage usage = JetStreamUsage.of(js);
    boolean detail;
    if (ACCOUNT.equals(o.account())) {
      detail = true;
    } else if (o.accounts()) {
      detail = o.offset() == 0 && o.limit() > 0;
    } else {
      detail = false;
    }
    boolean withDetail = detail && js != null;
    return MonitorJson.indented(2, g -> {
      g.writeStartObject();
      g.writeStringField("server_id", in.server().serverId());
      timeField(g, "now", in.nowNanos());
      if (js == null) {
        g.writeBooleanField("disabled", true);
        g.writeObjectFieldStart("config");
        g.writeNumberField("max_memory", 0);
        g.writeNumberField("max_storage", 0);
        g.writeEndObject();
        JetStreamSections.writeStatsFields(g, JetStreamUsage.NONE, 0, 0, 0, 0);
      } else {
        JetStreamSections.writeConfig(g, in.server());
        JetStreamSections.writeStatsFields(g, usage, 1, in.haAssets(), in.apiTotal(), in.apiErrors());
      }
      g.writeNumberField("streams", usage.streams());
      g.writeNumberField("consumers", usage.consumers());
      g.writeNumberField("messages", usage.messages());
      g.writeNumberField("bytes", usage.bytes());
      MetaClusterJson.write(g, "meta_cluster", in);
      if (withDetail) {
        g.writeArrayFieldStart("account_details");
        writeAccount(g, in, js, usage, o);
        g.writeEndArray();
      }
      g.writeEndObject();
    });
  }

  private static void writeAccount(
      JsonGenerator g, MonitorInput in, JetStream js, JetStreamUsage usage, Options o)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", ACCOUNT);
    g.writeStringField("id", ACCOUNT);
    JetStreamSections.writeStatsFields(g, usage, 0, in.haAssets(), in.apiTotal(), in.apiErrors());
    List<Stream> streams = o.streams() ? js.streams() : List.of();
    if (!streams.isEmpty()) {
      g.writeArrayFieldStart("stream_detail");
      for (Stream s : streams) {
        writeStream(g, in, js, s, o);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void writeStream(
      JsonGenerator g, MonitorInput in, JetStream js, Stream s, Options o) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", s.name());
    timeField(g, "created", s.createdNanos());
    g.writeObjectFieldStart("cluster");
    if (!in.server().clusterName().isEmpty()) {
      g.writeStringField("name", in.server().clusterName());
    }
    g.writeStringField("leader", in.server().serverName());
    g.writeEndObject();
    if (o.config()) {
      g.writeFieldName("config");
      StreamConfigJson.write(g, s.config());
    }
    StreamInfoJson.writeState(g, s);
    if (o.consumers()) {
      List<Consumer> consumers = js.consumers(s.name());
      if (!consumers.isEmpty()) {
        g.writeArrayFieldStart("consumer_detail");
        for (Consumer c : consumers) {
          g.writeStartObject();
          ConsumerJson.writeInfoFields(g, c.info(), o.config());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
    }
    Optional<StreamSourceInfo> mirror = js.mirrorInfo(s.name());
    if (mirror.isPresent()) {
      g.writeFieldName("mirror");
      StreamSourceInfoJson.write(g, mirror.get());
    }
    List<StreamSourceInfo> sources = js.sourcesInfo(s.name());
    if (!sources.isEmpty()) {
      g.writeArrayFieldStart("sources");
      for (StreamSourceInfo source : sources) {
        StreamSourceInfoJson.write(g, source);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }
}
