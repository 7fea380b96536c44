package dev.jslab.engine.raft;

/**
 * A message with its addresses, as a member hands it to its driver for sending.
 *
 * <p>Immutable and thread-safe.
 */
public record Envelope(String from, String to, RaftMessage message) {}
