package dev.jslab.local.cluster;

import dev.jslab.engine.sourcing.StreamSourceInfo;
import java.util.Optional;

/**
 * What one running node knows of one of its streams at a moment: for the lab's views that compare
 * streams across nodes and domains (how far a mirror is behind its origin). Immutable.
 *
 * @param node the node holding the stream
 * @param domain the node's JetStream domain, "" for none
 * @param stream the stream's name
 * @param lastSeq the last sequence the node's copy holds
 * @param leads whether this copy is the one that counts: the leader of a replicated stream, or the
 *     only copy
 * @param mirror how its mirror is doing, when it is one
 */
public record StreamFacts(
    String node,
    String domain,
    String stream,
    long lastSeq,
    boolean leads,
    Optional<StreamSourceInfo> mirror) {}
