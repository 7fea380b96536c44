package dev.jslab.engine.monitor;

import dev.jslab.engine.raft.RaftStatus;

/**
 * One Raft group a node is a member of, as {@code /raftz} shows it. Immutable.
 *
 * @param status the member's status now
 * @param everHadLeader whether the member has known a leader since it started
 */
public record RaftGroupFacts(RaftStatus status, boolean everHadLeader) {}
