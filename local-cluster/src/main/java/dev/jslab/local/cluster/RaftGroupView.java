package dev.jslab.local.cluster;

import dev.jslab.engine.raft.RaftStatus;

/**
 * One node's member of one Raft group, with what the group replicates. Immutable.
 *
 * @param asset what the group replicates: {@code _meta_}, a stream's name, or {@code
 *     STREAM/CONSUMER}
 * @param status the member's role, term, indices, log tail and (on a leader) its followers
 */
public record RaftGroupView(String asset, RaftStatus status) {}
