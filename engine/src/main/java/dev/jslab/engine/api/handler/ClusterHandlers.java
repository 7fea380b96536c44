package dev.jslab.engine.api.handler;

import dev.jslab.engine.api.JsError;
import java.util.List;
import java.util.Map;

/**
 * The cluster subjects as a non-clustered nats-server answers them: {@code STREAM.LEADER.STEPDOWN},
 * {@code CONSUMER.LEADER.STEPDOWN} and {@code STREAM.PEER.REMOVE} refuse with 10010 before looking
 * at anything else; {@code META.LEADER.STEPDOWN}, {@code SERVER.REMOVE} and the other system-account
 * subjects get no answer. In a cluster the cluster part takes these requests first (the meta leader
 * answers {@code STREAM.PEER.REMOVE}); the types here name its answers too.
 *
 * <p>Stateless; confined to the node's executor with the rest of the API.
 */
final class ClusterHandlers {
  static final String STREAM_STEPDOWN = Endpoint.type("stream_leader_stepdown_response");
  static final String CONSUMER_STEPDOWN = Endpoint.type("consumer_leader_stepdown_response");
  static final String PEER_REMOVE = Endpoint.type("stream_remove_peer_response");
  static final String META_STEPDOWN = Endpoint.type("meta_leader_stepdown_response");

  void register(Map<String, Endpoint> routes) {
    routes.put("STREAM.LEADER.STEPDOWN.*", new Endpoint(STREAM_STEPDOWN, Answer.NO_TAIL, this::clusterRequired));
    routes.put("CONSUMER.LEADER.STEPDOWN.*.*", new Endpoint(CONSUMER_STEPDOWN, Answer.NO_TAIL, this::clusterRequired));
    routes.put("STREAM.PEER.REMOVE.*", new Endpoint(PEER_REMOVE, Answer.NO_TAIL, this::clusterRequired));
    // a system-account subject: a single server does not answer; a cluster's meta leader does
    routes.put("META.LEADER.STEPDOWN", new Endpoint(META_STEPDOWN, Answer.NO_TAIL, (t, s, r, b) -> null));
  }

  private Answer clusterRequired(List<String> tokens, String subject, String reply, byte[] body) {
    throw JsError.CLUSTER_REQUIRED.error().exception();
  }
}
