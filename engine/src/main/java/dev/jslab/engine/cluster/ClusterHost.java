package dev.jslab.engine.cluster;

import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.raft.RaftStorage;

/**
 * What a node's host does for its part of the cluster: carries Raft messages of any group to
 * another node, and keeps each group's Raft state (term, vote, log) where it survives the node's
 * restarts as the node's storage does.
 *
 * <p>Called on the node's executor only.
 */
public interface ClusterHost {
  /** Sends {@code message} of group {@code group} to node {@code to}. */
  void send(String to, String group, RaftMessage message);

  /** Something happened in one of the node's groups (the meta group's, a stream's, a consumer's). */
  default void raftEvent(dev.jslab.engine.raft.RaftEvent event) {}

  /**
   * The Raft state of {@code group} on this node, opened (or created empty); {@code memory}: the
   * group replicates a memory stream, whose Raft state need not be on disk.
   */
  RaftStorage openGroup(String group, boolean memory);

  /** Lets go of a group's state as the node stops ({@code crash}: as a killed process). */
  void closeGroup(String group, RaftStorage storage, boolean crash);

  /** Removes a group's state for good (its stream was deleted). */
  void deleteGroup(String group, RaftStorage storage);

  /**
   * After how many applied entries (or 128 bytes of commands per entry) a stream's group and the
   * meta group snapshot their state and drop the log before it — nats-server's streams compact at
   * 65,536 entries or 8 MB; a consumer's group at most every 1,024 entries, as nats-server's. A
   * simulator makes it small so that snapshots, installs and catch-ups happen in every run.
   */
  default long compactAfterEntries() {
    return 65_536;
  }
}
