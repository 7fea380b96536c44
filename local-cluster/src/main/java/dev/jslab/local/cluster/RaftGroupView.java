package dev.jslab.local.cluster;

import dev.jslab.engine.raft.RaftStatus;

/**
 * One node's member of one Raft group, with what the group replicates. Immutable.
 *
 * @param asset what the group replicates: {@code _meta_}, a stream's name, or {@code
 *     STREAM/CONSUMER}
 * @param status the member's role, term, indices, log tail and (on a leader) its followers
 * @param domain the JetStream domain of the member's node, empty for none
 */
public record RaftGroupView(String asset, RaftStatus status, String domain) {}
