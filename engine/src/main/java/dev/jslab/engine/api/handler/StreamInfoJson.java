package dev.jslab.engine.api.handler;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.sourcing.StreamSourceInfo;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.wire.Rfc3339;
import dev.jslab.engine.wire.StreamConfigJson;
import dev.jslab.engine.wire.StreamSourceInfoJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes nats-server's {@code StreamInfo} fields ({@code config, created, state, domain, cluster,
 * mirror, sources, ts}, with {@code domain} after the state when there is one) and its {@code StreamState} ({@code messages … consumer_count}, with {@code subjects} and
 * {@code deleted} details when asked for).
 *
 * <p>Stateless; confined to the node's executor because it reads live streams. Public for the
 * monitoring documents ({@code /jsz} stream details), which write the same state object.
 */
public final class StreamInfoJson {
  private StreamInfoJson() {}

  /**
   * The info fields of {@code stream}, written into the object being generated.
   *
   * @param subjects per-subject counts for {@code state.subjects}, or null for none
   * @param deletedDetails whether to list {@code state.deleted}
   * @param domain the JetStream domain to report, empty for none (a create's answer has none)
   * @param leader the {@code cluster} section, or null for none
   */
  static void writeFields(
      JsonGenerator g, JetStream js, Stream stream, Map<String, Long> subjects,
      boolean deletedDetails, String domain, ClusterSection leader, long nowNanos) throws IOException {
    g.writeFieldName("config");
    StreamConfigJson.write(g, stream.config());
    g.writeStringField("created", Rfc3339.format(stream.createdNanos()));
    writeState(g, stream, subjects, deletedDetails);
    if (!domain.isEmpty()) {
      g.writeStringField("domain", domain);
    }
    if (leader != null) {
      writeCluster(g, leader);
    }
    Optional<StreamSourceInfo> mirror = js.mirrorInfo(stream.name());
    if (mirror.isPresent()) {
      g.writeFieldName("mirror");
      StreamSourceInfoJson.write(g, mirror.get());
    }
    List<StreamSourceInfo> sources = js.sourcesInfo(stream.name());
    if (!sources.isEmpty()) {
      g.writeArrayFieldStart("sources");
      for (StreamSourceInfo s : sources) {
        StreamSourceInfoJson.write(g, s);
      }
      g.writeEndArray();
    }
    g.writeStringField("ts", Rfc3339.format(nowNanos));
  }

  /** Writes {@code "cluster":{…}} as nats-server does (empty name, leader and replicas left out). */
  static void writeCluster(JsonGenerator g, ClusterSection c) throws IOException {
    g.writeObjectFieldStart("cluster");
    if (!c.name().isEmpty()) {
      g.writeStringField("name", c.name());
    }
    if (!c.leader().isEmpty()) {
      g.writeStringField("leader", c.leader());
    }
    if (!c.replicas().isEmpty()) {
      writeReplicas(g, c.replicas());
    }
    g.writeEndObject();
  }

  /** Writes {@code "replicas":[…]}, nats-server's {@code PeerInfo} of each (empty fields left out). */
  public static void writeReplicas(JsonGenerator g, List<ClusterSection.Replica> replicas) throws IOException {
    g.writeArrayFieldStart("replicas");
    for (ClusterSection.Replica r : replicas) {
      g.writeStartObject();
      g.writeStringField("name", r.name());
      g.writeBooleanField("current", r.current());
      if (r.offline()) {
        g.writeBooleanField("offline", true);
      }
      g.writeNumberField("active", r.activeNanos());
      if (r.lag() != 0) {
        g.writeNumberField("lag", r.lag());
      }
      g.writeStringField("peer", r.peer());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Writes {@code "state":{…}} of {@code stream} without subject or deleted details. */
  public static void writeState(JsonGenerator g, Stream stream) throws IOException {
    writeState(g, stream, null, false);
  }

  private static void writeState(
      JsonGenerator g, Stream stream, Map<String, Long> subjects, boolean deletedDetails)
      throws IOException {
    StoreState st = stream.state();
    g.writeObjectFieldStart("state");
    g.writeNumberField("messages", st.messages());
    g.writeNumberField("bytes", st.bytes());
    g.writeNumberField("first_seq", st.firstSeq());
    g.writeStringField("first_ts", time(st.firstTimestampNanos()));
    g.writeNumberField("last_seq", st.lastSeq());
    g.writeStringField("last_ts", time(st.lastTimestampNanos()));
    if (st.numSubjects() != 0) {
      g.writeNumberField("num_subjects", st.numSubjects());
    }
    if (subjects != null && !subjects.isEmpty()) {
      g.writeObjectFieldStart("subjects");
      for (Map.Entry<String, Long> e : subjects.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    if (st.numDeleted() != 0) {
      g.writeNumberField("num_deleted", st.numDeleted());
    }
    if (deletedDetails) {
      List<Long> deleted = stream.store().deletedSequences();
      if (!deleted.isEmpty()) {
        g.writeArrayFieldStart("deleted");
        for (long seq : deleted) {
          g.writeNumber(seq);
        }
        g.writeEndArray();
      }
    }
    g.writeNumberField("consumer_count", stream.consumerCount());
    g.writeEndObject();
  }

  private static String time(long nanos) {
    return nanos == 0 ? Rfc3339.ZERO : Rfc3339.format(nanos);
  }
}
