package dev.jslab.engine.api.handler;

/**
 * A clustered node's part in the API: every request with a known endpoint is offered to it first,
 * and it decides whether this node answers as a single server would, answers otherwise (proposes
 * the change to a Raft group and answers once it is committed, or refuses), or leaves the request
 * to another node of the cluster.
 *
 * <p>Called on the node's executor only.
 */
@FunctionalInterface
public interface ApiCluster {
  /** True when the cluster dealt with {@code request}; false to answer it here as usual. */
  boolean take(ApiRequest request);
}
