package dev.jslab.engine.raft;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a Raft log: its index, the term it was created in, its type and its bytes. The
 * bytes are never modified after construction (callers must not change the array they passed).
 *
 * <p>Immutable and thread-safe.
 */
public record Entry(long index, long term, EntryType type, byte[] data) {
  public Entry {
    Objects.requireNonNull(type, "type");
    data = data == null ? new byte[0] : data;
    if (index < 1 || term < 1) {
      throw new IllegalArgumentException("index and term start at 1: " + index + "/" + term);
    }
  }

  /** The member a {@link EntryType#REMOVE_PEER} entry removes. */
  public String removedPeer() {
    return peer();
  }

  /** The member a {@link EntryType#REMOVE_PEER} or {@link EntryType#ADD_PEER} entry names. */
  public String peer() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** Whether this entry changes the voting members. */
  public boolean isMembershipChange() {
    return type == EntryType.REMOVE_PEER || type == EntryType.ADD_PEER;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry e
        && e.index == index
        && e.term == term
        && e.type == type
        && Arrays.equals(e.data, data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, term, type, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Entry[" + index + "@" + term + " " + type + " " + data.length + "B]";
  }
}
