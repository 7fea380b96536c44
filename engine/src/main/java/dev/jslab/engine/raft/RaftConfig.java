package dev.jslab.engine.raft;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one member of one Raft group is told at start: the group's name, its own id, the initial
 * voting members (a configuration entry or snapshot in the restored state takes precedence; a
 * member that joins a running group is not among them: it waits to be added by the leader's
 * {@link EntryType#ADD_PEER} entry and neither campaigns nor counts before), its timings, and the replication limits: at most {@code maxEntriesPerAppend} entries
 * and about {@code maxBytesPerAppend} bytes of commands per AppendEntries (at least one entry), and
 * at most {@code maxInflightAppends} unacknowledged appends per follower.
 *
 * <p>Immutable and thread-safe.
 */
public record RaftConfig(
    String group,
    String self,
    Set<String> members,
    RaftTimings timings,
    int maxEntriesPerAppend,
    long maxBytesPerAppend,
    int maxInflightAppends) {

  public RaftConfig {
    members = Set.copyOf(new TreeSet<>(members));
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one initial member");
    }
    if (maxEntriesPerAppend < 1 || maxBytesPerAppend < 1 || maxInflightAppends < 1) {
      throw new IllegalArgumentException("replication limits must be positive");
    }
  }

  /** A member with 64 entries or 1 MiB per append and 4 appends in flight per follower. */
  public static RaftConfig of(String group, String self, List<String> members, RaftTimings timings) {
    return new RaftConfig(group, self, Set.copyOf(members), timings, 64, 1 << 20, 4);
  }
}
