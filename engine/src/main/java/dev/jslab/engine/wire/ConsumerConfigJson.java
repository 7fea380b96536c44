package dev.jslab.engine.wire;

import static dev.jslab.engine.wire.JsonReader.bool;
import static dev.jslab.engine.wire.JsonReader.int32;
import static dev.jslab.engine.wire.JsonReader.int64;
import static dev.jslab.engine.wire.JsonReader.list;
import static dev.jslab.engine.wire.JsonReader.string;
import static dev.jslab.engine.wire.JsonReader.stringMap;
import static dev.jslab.engine.wire.JsonReader.strings;
import static dev.jslab.engine.wire.JsonReader.uint64;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.consumer.AckPolicy;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.consumer.ConsumerJson;
import dev.jslab.engine.consumer.DeliverPolicy;
import dev.jslab.engine.consumer.ReplayPolicy;
import java.util.function.Function;

/**
 * {@link ConsumerConfig} from nats-server's JSON, strictly as Go decodes it: a policy name it does
 * not know, or a value of the wrong type, is invalid JSON (10025). Writing is {@link
 * ConsumerJson#config}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConsumerConfigJson {
  private ConsumerConfigJson() {}

  /** Reads a consumer configuration object. */
  public static ConsumerConfig read(JsonNode node) {
    JsonNode o = JsonReader.object(node);
    return ConsumerConfig.builder()
        .durable(string(o, "durable_name"))
        .name(string(o, "name"))
        .description(string(o, "description"))
        .deliverPolicy(policy(o, "deliver_policy", DeliverPolicy.ALL, w -> "undefined".equals(w) ? DeliverPolicy.ALL : DeliverPolicy.fromWire(w)))
        .optStartSeq(uint64(o, "opt_start_seq"))
        .optStartTime(JsonReader.time(o, "opt_start_time"))
        .ackPolicy(policy(o, "ack_policy", AckPolicy.NONE, AckPolicy::fromWire))
        .ackWaitNanos(int64(o, "ack_wait"))
        .maxDeliver(int32(o, "max_deliver"))
        .backoffNanos(list(o, "backoff", n -> {
          if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw JsonReader.invalid();
          }
          return n.longValue();
        }))
        .filterSubject(string(o, "filter_subject"))
        .filterSubjects(strings(o, "filter_subjects"))
        .replayPolicy(policy(o, "replay_policy", ReplayPolicy.INSTANT, ReplayPolicy::fromWire))
        .rateLimitBps(uint64(o, "rate_limit_bps"))
        .sampleFrequency(string(o, "sample_freq"))
        .maxWaiting(int32(o, "max_waiting"))
        .maxAckPending(int32(o, "max_ack_pending"))
        .idleHeartbeatNanos(int64(o, "idle_heartbeat"))
        .flowControl(bool(o, "flow_control"))
        .headersOnly(bool(o, "headers_only"))
        .maxRequestBatch(int32(o, "max_batch"))
        .maxRequestExpiresNanos(int64(o, "max_expires"))
        .maxRequestMaxBytes(int64(o, "max_bytes"))
        .deliverSubject(string(o, "deliver_subject"))
        .deliverGroup(string(o, "deliver_group"))
        .inactiveThresholdNanos(int64(o, "inactive_threshold"))
        .replicas(int32(o, "num_replicas"))
        .memoryStorage(bool(o, "mem_storage"))
        .direct(bool(o, "direct"))
        .metadata(stringMap(o, "metadata"))
        .build();
  }

  /** Reads a configuration from JSON bytes. */
  public static ConsumerConfig read(byte[] json) {
    return read(JsonReader.parse(json));
  }

  private static <T> T policy(JsonNode o, String field, T zero, Function<String, T> byName) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return zero;
    }
    if (!v.isTextual()) {
      throw JsonReader.invalid();
    }
    T value = byName.apply(v.textValue());
    if (value == null) {
      throw JsonReader.invalid();
    }
    return value;
  }
}
