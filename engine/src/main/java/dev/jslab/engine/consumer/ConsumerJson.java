package dev.jslab.engine.consumer;

import dev.jslab.engine.wire.Rfc3339;
import dev.jslab.engine.api.GoJsonEscapes;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jslab.engine.api.Json;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consumer configuration and info as nats-server marshals them: fields in its struct order,
 * {@code omitempty} fields left out at their zero value, durations in nanoseconds, times in RFC
 * 3339, metadata keys sorted, Go's string escaping. The API layer wraps these in its responses.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConsumerJson {
  private ConsumerJson() {}

  /** The consumer info object ({@code ConsumerInfo}) on its own. */
  public static byte[] info(ConsumerInfo info) {
    return Json.write(g -> {
      g.setCharacterEscapes(GoJsonEscapes.INSTANCE);
      g.writeStartObject();
      writeInfoFields(g, info);
      g.writeEndObject();
    });
  }

  /** The configuration object ({@code ConsumerConfig}) on its own. */
  public static byte[] config(ConsumerConfig config) {
    return Json.write(g -> {
      g.setCharacterEscapes(GoJsonEscapes.INSTANCE);
      writeConfig(g, config);
    });
  }

  /** Writes the fields of a consumer info into the current object, in nats-server's order. */
  public static void writeInfoFields(JsonGenerator g, ConsumerInfo info) throws IOException {
    writeInfoFields(g, info, true);
  }

  /**
   * As {@link #writeInfoFields(JsonGenerator, ConsumerInfo)}; without {@code withConfig} the
   * {@code config} is left out, as {@code /jsz} does unless asked for configurations.
   */
  public static void writeInfoFields(JsonGenerator g, ConsumerInfo info, boolean withConfig)
      throws IOException {
    writeInfoFields(g, info, withConfig, null);
  }

  /**
   * As {@link #writeInfoFields(JsonGenerator, ConsumerInfo, boolean)} with a clustered consumer's
   * {@code cluster} section ({@code cluster} writes it; null: none), where nats-server puts it.
   */
  public static void writeInfoFields(
      JsonGenerator g, ConsumerInfo info, boolean withConfig, dev.jslab.engine.api.Json.Writer cluster)
      throws IOException {
    g.writeStringField("stream_name", info.stream());
    g.writeStringField("name", info.name());
    g.writeStringField("created", Rfc3339.format(info.createdNanos()));
    if (withConfig) {
      g.writeFieldName("config");
      writeConfig(g, info.config());
    }
    writeSequence(g, "delivered", info.delivered());
    writeSequence(g, "ack_floor", info.ackFloor());
    g.writeNumberField("num_ack_pending", info.numAckPending());
    g.writeNumberField("num_redelivered", info.numRedelivered());
    g.writeNumberField("num_waiting", info.numWaiting());
    g.writeNumberField("num_pending", info.numPending());
    if (cluster != null) {
      cluster.write(g);
    }
    if (info.pushBound()) {
      g.writeBooleanField("push_bound", true);
    }
    g.writeStringField("ts", Rfc3339.format(info.timestampNanos()));
  }

  private static void writeSequence(JsonGenerator g, String name, SequenceInfo s)
      throws IOException {
    g.writeObjectFieldStart(name);
    g.writeNumberField("consumer_seq", s.consumerSeq());
    g.writeNumberField("stream_seq", s.streamSeq());
    if (s.lastActiveNanos() != 0) {
      g.writeStringField("last_active", Rfc3339.format(s.lastActiveNanos()));
    }
    g.writeEndObject();
  }

  /** Writes a configuration object, in nats-server's order with its {@code omitempty} rules. */
  public static void writeConfig(JsonGenerator g, ConsumerConfig c) throws IOException {
    g.writeStartObject();
    string(g, "durable_name", c.durable());
    string(g, "name", c.name());
    string(g, "description", c.description());
    g.writeStringField("deliver_policy", c.deliverPolicy().wireName());
    number(g, "opt_start_seq", c.optStartSeq());
    if (c.optStartTime() != null) {
      long nanos = c.optStartTime().getEpochSecond() * 1_000_000_000L + c.optStartTime().getNano();
      g.writeStringField("opt_start_time", Rfc3339.format(nanos));
    }
    g.writeStringField("ack_policy", c.ackPolicy().wireName());
    number(g, "ack_wait", c.ackWaitNanos());
    number(g, "max_deliver", c.maxDeliver());
    if (!c.backoffNanos().isEmpty()) {
      g.writeArrayFieldStart("backoff");
      for (long b : c.backoffNanos()) {
        g.writeNumber(b);
      }
      g.writeEndArray();
    }
    string(g, "filter_subject", c.filterSubject());
    if (!c.filterSubjects().isEmpty()) {
      g.writeArrayFieldStart("filter_subjects");
      for (String f : c.filterSubjects()) {
        g.writeString(f);
      }
      g.writeEndArray();
    }
    g.writeStringField("replay_policy", c.replayPolicy().wireName());
    number(g, "rate_limit_bps", c.rateLimitBps());
    string(g, "sample_freq", c.sampleFrequency());
    number(g, "max_waiting", c.maxWaiting());
    number(g, "max_ack_pending", c.maxAckPending());
    number(g, "idle_heartbeat", c.idleHeartbeatNanos());
    flag(g, "flow_control", c.flowControl());
    flag(g, "headers_only", c.headersOnly());
    number(g, "max_batch", c.maxRequestBatch());
    number(g, "max_expires", c.maxRequestExpiresNanos());
    number(g, "max_bytes", c.maxRequestMaxBytes());
    string(g, "deliver_subject", c.deliverSubject());
    string(g, "deliver_group", c.deliverGroup());
    number(g, "inactive_threshold", c.inactiveThresholdNanos());
    g.writeNumberField("num_replicas", c.replicas());
    flag(g, "mem_storage", c.memoryStorage());
    flag(g, "direct", c.direct());
    if (!c.metadata().isEmpty()) {
      g.writeObjectFieldStart("metadata");
      for (Map.Entry<String, String> e : new TreeMap<>(c.metadata()).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, String name, String value) throws IOException {
    if (!value.isEmpty()) {
      g.writeStringField(name, value);
    }
  }

  private static void number(JsonGenerator g, String name, long value) throws IOException {
    if (value != 0) {
      g.writeNumberField(name, value);
    }
  }

  private static void flag(JsonGenerator g, String name, boolean value) throws IOException {
    if (value) {
      g.writeBooleanField(name, true);
    }
  }
}
