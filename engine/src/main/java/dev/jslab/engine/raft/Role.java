package dev.jslab.engine.raft;

/** The role of a Raft member; a pre-candidate is asking for pre-votes before it raises its term. */
public enum Role {
  FOLLOWER,
  PRE_CANDIDATE,
  CANDIDATE,
  LEADER
}
