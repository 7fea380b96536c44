package dev.jslab.engine.raft;

/** Why a (pre-)vote was granted or denied. */
public enum VoteReason {
  GRANTED,
  /** The candidate's term is below the voter's (paper §5.1). */
  STALE_TERM,
  /** The voter already voted for someone else in this term (§5.2). */
  ALREADY_VOTED,
  /** The candidate's log is less up to date than the voter's (§5.4.1). */
  LOG_BEHIND,
  /** The voter heard from a leader within the minimum election timeout (thesis §4.2.3, §9.6). */
  LEADER_STICKY
}
