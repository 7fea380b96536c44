/**
 * A pure Raft state machine (Ongaro and Ousterhout, extended paper; Ongaro's thesis for pre-vote,
 * check-quorum, leadership transfer and log compaction). {@link dev.jslab.engine.raft.RaftNode}
 * takes inputs (time, messages, proposals, stepdown, peer removal, compaction) and returns a {@link
 * dev.jslab.engine.raft.Ready}: what the driver persists, then sends, then applies, plus typed
 * {@link dev.jslab.engine.raft.RaftEvent}s a live view draws from. Timings default to
 * nats-server's ({@link dev.jslab.engine.raft.RaftTimings#NATS_DEFAULTS}).
 */
package dev.jslab.engine.raft;
