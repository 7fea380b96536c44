package dev.jslab.engine.cluster;

import dev.jslab.engine.advisory.AdvisoryHead;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.api.handler.ClusterSection;
import dev.jslab.engine.api.handler.StreamInfoJson;
import dev.jslab.engine.message.OutboundMessage;
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
    return advisory("LEADER_ELECTED", "leader_elected", stream, consumer, leader, replicas, domain, id, nowNanos);
  }

  /** A stream's or consumer's (non-null {@code consumer}) leader lost its quorum and stepped down. */
  static OutboundMessage quorumLost(
      String stream, String consumer, List<ClusterSection.Replica> replicas, String domain,
      String id, long nowNanos) {
    return advisory("QUORUM_LOST", "quorum_lost", stream, consumer, null, replicas, domain, id, nowNanos);
  }

  /** One advisory: {@code leader} null for none (a lost quorum). */
  private static OutboundMessage advisory(
      String event, String typeSuffix, String stream, String consumer, String leader,
      List<ClusterSection.Replica> replicas, String domain, String id, long nowNanos) {
    boolean ofConsumer = consumer != null;
    String type = "io.nats.jetstream.advisory.v1." + (ofConsumer ? "consumer_" : "stream_") + typeSuffix;
    byte[] body = Json.write(g -> {
      g.writeStartObject();
      AdvisoryHead.write(g, type, id, nowNanos);
      g.writeStringField("stream", stream);
      if (ofConsumer) {
        g.writeStringField("consumer", consumer);
      }
      if (leader != null) {
        g.writeStringField("leader", leader);
      }
      StreamInfoJson.writeReplicas(g, replicas);
      if (domain != null && !domain.isEmpty()) {
        g.writeStringField("domain", domain);
      }
      g.writeEndObject();
    });
    return new OutboundMessage(subject(event, stream, consumer), null, null, body);
  }

  private static String subject(String event, String stream, String consumer) {
    return consumer == null
        ? PREFIX + "STREAM." + event + "." + stream
        : PREFIX + "CONSUMER." + event + "." + stream + "." + consumer;
  }
}
