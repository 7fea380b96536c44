package dev.jslab.engine.monitor;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.Role;
import java.io.IOException;
import java.util.Optional;

/**
 * nats-server's {@code MetaClusterInfo} — the node's view of the meta group, as {@code /jsz}
 * ({@code meta_cluster}) and {@code /varz} ({@code jetstream.meta}) show it: cluster name, leader,
 * the leader's peer id, and on the leader every other member's {@code current}, {@code active}
 * (ns since last heard) and {@code lag}; {@code cluster_size} and {@code pending}. The lab's peer ids
 * are the node names. Nothing is written on a node without a meta group.
 *
 * <p>Stateless.
 */
final class MetaClusterJson {
  /** nats-server's name for the group every JetStream server of a cluster joins. */
  static final String META_GROUP = "_meta_";

  private MetaClusterJson() {}

  static void write(JsonGenerator g, String field, MonitorInput in) throws IOException {
    Optional<RaftGroupFacts> meta =
        in.raftGroups().stream().filter(f -> f.status().group().equals(META_GROUP)).findFirst();
    if (meta.isEmpty()) {
      return;
    }
    RaftStatus s = meta.get().status();
    g.writeObjectFieldStart(field);
    if (!in.server().clusterName().isEmpty()) {
      g.writeStringField("name", in.server().clusterName());
    }
    if (s.leader().isPresent()) {
      g.writeStringField("leader", s.leader().get());
      g.writeStringField("peer", dev.jslab.engine.raft.PeerIds.of(s.leader().get()));
    }
    if (s.role() == Role.LEADER && s.members().size() > 1) {
      g.writeArrayFieldStart("replicas");
      for (String peer : s.members()) {
        if (peer.equals(s.node())) {
          continue;
        }
        RaftStatus.FollowerStatus f = s.followers().get(peer);
        long lag = f == null ? s.lastIndex() : Math.max(0, s.lastIndex() - f.matchIndex());
        boolean heard = f != null && f.lastContactNanos() >= 0;
        g.writeStartObject();
        g.writeStringField("name", peer);
        g.writeBooleanField("current", heard && lag == 0);
        if (!heard) {
          g.writeBooleanField("offline", true);
        }
        g.writeNumberField("active", heard ? Math.max(0, in.nowNanos() - f.lastContactNanos()) : 0);
        if (lag > 0) {
          g.writeNumberField("lag", lag);
        }
        g.writeStringField("peer", dev.jslab.engine.raft.PeerIds.of(peer));
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeNumberField("cluster_size", s.members().size());
    g.writeNumberField("pending", 0);
    g.writeEndObject();
  }
}
