package dev.jslab.engine.cluster;

import dev.jslab.engine.advisory.AdvisoryHead;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.api.handler.ClusterSection;
import dev.jslab.engine.message.OutboundMessage;
import java.io.IOException;
import java.util.List;

/**
 * The advisories nats-server publishes about replicated streams and consumers: a new leader was
 * elected ({@code $JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.<stream>}, {@code
 * …CONSUMER.LEADER_ELECTED.<stream>.<consumer>}), or a leader stepped down because it lost its
 * quorum ({@code …QUORUM_LOST…}); each lists every replica.
 *
 * <p>Stateless and thread-safe.
 */
final class LeaderAdvisories {
  private static final String PREFIX = "$JS.EVENT.ADVISORY.";

  private LeaderAdvisories() {}

  /** A stream's or consumer's (non-null {@code consumer}) new leader. */
  static OutboundMessage leaderElected(
      String stream, String consumer, String leader, List<ClusterSection.Replica> replicas,
      String domain, String id, long nowNanos) {
    boolean ofConsumer = consumer != null;
    String type = ofConsumer ? "consumer_leader_elected" : "stream_leader_elected";
    byte[] body = Json.write(g -> {
      g.writeStartObject();
      AdvisoryHead.write(g, "io.nats.jetstream.advisory.v1." + type, id, nowNanos);
      g.writeStringField("stream", stream);
      if (ofConsumer) {
        g.writeStringField("consumer", consumer);
      }
      g.writeStringField("leader", leader);
      writeReplicas(g, replicas);
      writeDomain(g, domain);
      g.writeEndObject();
    });
    return new OutboundMessage(subject("LEADER_ELECTED", stream, consumer), null, null, body);
  }

  /** A stream's or consumer's (non-null {@code consumer}) leader lost its quorum and stepped down. */
  static OutboundMessage quorumLost(
      String stream, String consumer, List<ClusterSection.Replica> replicas, String domain,
      String id, long nowNanos) {
    boolean ofConsumer = consumer != null;
    String type = ofConsumer ? "consumer_quorum_lost" : "stream_quorum_lost";
    byte[] body = Json.write(g -> {
      g.writeStartObject();
      AdvisoryHead.write(g, "io.nats.jetstream.advisory.v1." + type, id, nowNanos);
      g.writeStringField("stream", stream);
      if (ofConsumer) {
        g.writeStringField("consumer", consumer);
      }
      writeReplicas(g, replicas);
      writeDomain(g, domain);
      g.writeEndObject();
    });
    return new OutboundMessage(subject("QUORUM_LOST", stream, consumer), null, null, body);
  }

  private static String subject(String event, String stream, String consumer) {
    return consumer == null
        ? PREFIX + "STREAM." + event + "." + stream
        : PREFIX + "CONSUMER." + event + "." + stream + "." + consumer;
  }

  private static void writeReplicas(com.fasterxml.jackson.core.JsonGenerator g, List<ClusterSection.Replica> replicas)
      throws IOException {
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

  private static void writeDomain(com.fasterxml.jackson.core.JsonGenerator g, String domain) throws IOException {
    if (domain != null && !domain.isEmpty()) {
      g.writeStringField("domain", domain);
    }
  }
}
