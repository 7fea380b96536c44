package dev.jslab.engine.wire;

import static dev.jslab.engine.wire.JsonReader.bool;
import static dev.jslab.engine.wire.JsonReader.child;
import static dev.jslab.engine.wire.JsonReader.enumValue;
import static dev.jslab.engine.wire.JsonReader.int32;
import static dev.jslab.engine.wire.JsonReader.int64;
import static dev.jslab.engine.wire.JsonReader.list;
import static dev.jslab.engine.wire.JsonReader.string;
import static dev.jslab.engine.wire.JsonReader.stringMap;
import static dev.jslab.engine.wire.JsonReader.strings;
import static dev.jslab.engine.wire.JsonReader.uint64;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.stream.Compression;
import dev.jslab.engine.stream.ConsumerLimits;
import dev.jslab.engine.stream.DiscardPolicy;
import dev.jslab.engine.stream.ExternalStream;
import dev.jslab.engine.stream.Placement;
import dev.jslab.engine.stream.Republish;
import dev.jslab.engine.stream.RetentionPolicy;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.stream.StreamSource;
import dev.jslab.engine.stream.SubjectTransform;
import java.io.IOException;
import java.util.Map;

/**
 * {@link StreamConfig} to and from nats-server's JSON: field names, field order and omitted
 * empties as nats-server 2.10 writes them.
 *
 * <p>Stateless and thread-safe.
 */
public final class StreamConfigJson {
  private StreamConfigJson() {}

  /** Reads a configuration object; a wrong type anywhere is 10025. */
  public static StreamConfig read(JsonNode node) {
    JsonNode o = JsonReader.object(node);
    return StreamConfig.builder(string(o, "name"))
        .description(string(o, "description"))
        .subjects(strings(o, "subjects"))
        .retention(enumValue(o, "retention", RetentionPolicy.LIMITS, RetentionPolicy::wireName, RetentionPolicy.values(), false))
        .maxConsumers(int32(o, "max_consumers"))
        .maxMsgs(int64(o, "max_msgs"))
        .maxBytes(int64(o, "max_bytes"))
        .maxAgeNanos(int64(o, "max_age"))
        .maxMsgsPerSubject(int64(o, "max_msgs_per_subject"))
        .maxMsgSize(int32(o, "max_msg_size"))
        .discard(enumValue(o, "discard", DiscardPolicy.OLD, DiscardPolicy::wireName, DiscardPolicy.values(), true))
        .storage(enumValue(o, "storage", StorageType.FILE, StorageType::wireName, StorageType.values(), false))
        .replicas(int32(o, "num_replicas"))
        .noAck(bool(o, "no_ack"))
        .templateOwner(string(o, "template_owner"))
        .duplicateWindowNanos(int64(o, "duplicate_window"))
        .placement(placement(child(o, "placement")))
        .mirror(source(child(o, "mirror")))
        .sources(list(o, "sources", n -> source(JsonReader.object(n))))
        .compression(enumValue(o, "compression", Compression.NONE, Compression::wireName, Compression.values(), false))
        .firstSeq(uint64(o, "first_seq"))
        .subjectTransform(transform(child(o, "subject_transform")))
        .republish(republish(child(o, "republish")))
        .allowDirect(bool(o, "allow_direct"))
        .mirrorDirect(bool(o, "mirror_direct"))
        .discardNewPerSubject(bool(o, "discard_new_per_subject"))
        .sealed(bool(o, "sealed"))
        .denyDelete(bool(o, "deny_delete"))
        .denyPurge(bool(o, "deny_purge"))
        .allowRollup(bool(o, "allow_rollup_hdrs"))
        .consumerLimits(consumerLimits(child(o, "consumer_limits")))
        .metadata(stringMap(o, "metadata"))
        .build();
  }

  /** Reads a configuration from JSON bytes. */
  public static StreamConfig read(byte[] json) {
    return read(JsonReader.parse(json));
  }

  /** The configuration as a JSON document. */
  public static byte[] toJson(StreamConfig c) {
    return Json.write(g -> write(g, c));
  }

  /** Writes the configuration object at the generator's position. */
  public static void write(JsonGenerator g, StreamConfig c) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", c.name());
    if (!c.description().isEmpty()) {
      g.writeStringField("description", c.description());
    }
    if (!c.subjects().isEmpty()) {
      g.writeArrayFieldStart("subjects");
      for (String s : c.subjects()) {
        g.writeString(s);
      }
      g.writeEndArray();
    }
    g.writeStringField("retention", c.retention().wireName());
    g.writeNumberField("max_consumers", c.maxConsumers());
    g.writeNumberField("max_msgs", c.maxMsgs());
    g.writeNumberField("max_bytes", c.maxBytes());
    g.writeNumberField("max_age", c.maxAgeNanos());
    g.writeNumberField("max_msgs_per_subject", c.maxMsgsPerSubject());
    if (c.maxMsgSize() != 0) {
      g.writeNumberField("max_msg_size", c.maxMsgSize());
    }
    g.writeStringField("discard", c.discard().wireName());
    g.writeStringField("storage", c.storage().wireName());
    g.writeNumberField("num_replicas", c.replicas());
    if (c.noAck()) {
      g.writeBooleanField("no_ack", true);
    }
    if (!c.templateOwner().isEmpty()) {
      g.writeStringField("template_owner", c.templateOwner());
    }
    if (c.duplicateWindowNanos() != 0) {
      g.writeNumberField("duplicate_window", c.duplicateWindowNanos());
    }
    if (c.placement() != null) {
      g.writeFieldName("placement");
      writePlacement(g, c.placement());
    }
    if (c.mirror() != null) {
      g.writeFieldName("mirror");
      writeSource(g, c.mirror());
    }
    if (!c.sources().isEmpty()) {
      g.writeArrayFieldStart("sources");
      for (StreamSource s : c.sources()) {
        writeSource(g, s);
      }
      g.writeEndArray();
    }
    g.writeStringField("compression", c.compression().wireName());
    if (c.firstSeq() != 0) {
      g.writeNumberField("first_seq", c.firstSeq());
    }
    if (c.subjectTransform() != null) {
      g.writeFieldName("subject_transform");
      writeTransform(g, c.subjectTransform());
    }
    if (c.republish() != null) {
      g.writeObjectFieldStart("republish");
      if (c.republish().source() != null && !c.republish().source().isEmpty()) {
        g.writeStringField("src", c.republish().source());
      }
      g.writeStringField("dest", c.republish().destination());
      if (c.republish().headersOnly()) {
        g.writeBooleanField("headers_only", true);
      }
      g.writeEndObject();
    }
    g.writeBooleanField("allow_direct", c.allowDirect());
    g.writeBooleanField("mirror_direct", c.mirrorDirect());
    if (c.discardNewPerSubject()) {
      g.writeBooleanField("discard_new_per_subject", true);
    }
    g.writeBooleanField("sealed", c.sealed());
    g.writeBooleanField("deny_delete", c.denyDelete());
    g.writeBooleanField("deny_purge", c.denyPurge());
    g.writeBooleanField("allow_rollup_hdrs", c.allowRollup());
    g.writeObjectFieldStart("consumer_limits");
    if (c.consumerLimits().inactiveThresholdNanos() != 0) {
      g.writeNumberField("inactive_threshold", c.consumerLimits().inactiveThresholdNanos());
    }
    if (c.consumerLimits().maxAckPending() != 0) {
      g.writeNumberField("max_ack_pending", c.consumerLimits().maxAckPending());
    }
    g.writeEndObject();
    if (!c.metadata().isEmpty()) {
      g.writeObjectFieldStart("metadata");
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(c.metadata()).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static Placement placement(JsonNode o) {
    return o == null ? null : new Placement(string(o, "cluster"), strings(o, "tags"));
  }

  private static void writePlacement(JsonGenerator g, Placement p) throws IOException {
    g.writeStartObject();
    if (p.cluster() != null && !p.cluster().isEmpty()) {
      g.writeStringField("cluster", p.cluster());
    }
    if (!p.tags().isEmpty()) {
      g.writeArrayFieldStart("tags");
      for (String t : p.tags()) {
        g.writeString(t);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static StreamSource source(JsonNode o) {
    if (o == null) {
      return null;
    }
    JsonNode ext = child(o, "external");
    return new StreamSource(
        string(o, "name"),
        uint64(o, "opt_start_seq"),
        JsonReader.time(o, "opt_start_time"),
        emptyToNull(string(o, "filter_subject")),
        list(o, "subject_transforms", n -> transform(JsonReader.object(n))),
        ext == null ? null : new ExternalStream(string(ext, "api"), string(ext, "deliver")));
  }

  /** Writes a mirror or source object. */
  public static void writeSource(JsonGenerator g, StreamSource s) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", s.name());
    if (s.optStartSeq() != 0) {
      g.writeNumberField("opt_start_seq", s.optStartSeq());
    }
    if (s.optStartTime() != null) {
      g.writeStringField("opt_start_time", Rfc3339.format(s.optStartTime()));
    }
    if (s.filterSubject() != null && !s.filterSubject().isEmpty()) {
      g.writeStringField("filter_subject", s.filterSubject());
    }
    if (!s.subjectTransforms().isEmpty()) {
      g.writeArrayFieldStart("subject_transforms");
      for (SubjectTransform t : s.subjectTransforms()) {
        writeTransform(g, t);
      }
      g.writeEndArray();
    }
    if (s.external() != null) {
      g.writeObjectFieldStart("external");
      g.writeStringField("api", s.external().api());
      g.writeStringField("deliver", s.external().deliver());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static SubjectTransform transform(JsonNode o) {
    return o == null ? null : new SubjectTransform(string(o, "src"), string(o, "dest"));
  }

  private static void writeTransform(JsonGenerator g, SubjectTransform t) throws IOException {
    g.writeStartObject();
    g.writeStringField("src", t.source());
    g.writeStringField("dest", t.destination());
    g.writeEndObject();
  }

  private static Republish republish(JsonNode o) {
    return o == null
        ? null
        : new Republish(emptyToNull(string(o, "src")), string(o, "dest"), bool(o, "headers_only"));
  }

  private static ConsumerLimits consumerLimits(JsonNode o) {
    return o == null
        ? ConsumerLimits.NONE
        : new ConsumerLimits(int64(o, "inactive_threshold"), int64(o, "max_ack_pending"));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
