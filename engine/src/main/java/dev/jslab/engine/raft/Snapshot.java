package dev.jslab.engine.raft;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The application's state after applying every entry up to {@code lastIndex} (whose term is {@code
 * lastTerm}), with the voting members at that point (paper §7). The bytes are opaque to Raft.
 *
 * <p>Immutable and thread-safe (callers must not change the array they passed).
 */
public record Snapshot(long lastIndex, long lastTerm, Set<String> members, byte[] data) {
  public Snapshot {
    members = Set.copyOf(members);
    data = data == null ? new byte[0] : data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Snapshot s
        && s.lastIndex == lastIndex
        && s.lastTerm == lastTerm
        && s.members.equals(members)
        && Arrays.equals(s.data, data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lastIndex, lastTerm, members, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Snapshot[" + lastIndex + "@" + lastTerm + " " + members + " " + data.length + "B]";
  }
}
