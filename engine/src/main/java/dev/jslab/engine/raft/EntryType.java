package dev.jslab.engine.raft;

/**
 * What a log entry carries: a command for the application, the no-op a new leader appends to
 * commit its predecessors' entries (paper §5.4.2, §8), or the removal or addition of one member (its
 * id, UTF-8).
 */
public enum EntryType {
  COMMAND,
  NOOP,
  REMOVE_PEER,
  ADD_PEER
}
