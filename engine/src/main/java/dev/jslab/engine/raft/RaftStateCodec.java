package dev.jslab.engine.raft;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bytes of a member's hard state and snapshot, the same in every {@link RaftStorage} that
 * writes them to disk.
 *
 * <p>Stateless and thread-safe.
 */
final class RaftStateCodec {
  private RaftStateCodec() {}

  static void writeHardState(DataOutputStream out, HardState state) throws IOException {
    out.writeLong(state.term());
    out.writeUTF(state.votedFor().orElse(""));
  }

  static HardState readHardState(DataInputStream in) throws IOException {
    long term = in.readLong();
    String voted = in.readUTF();
    return new HardState(term, voted.isEmpty() ? Optional.empty() : Optional.of(voted));
  }

  static void writeSnapshot(DataOutputStream out, Snapshot s) throws IOException {
    out.writeLong(s.lastIndex());
    out.writeLong(s.lastTerm());
    out.writeInt(s.members().size());
    for (String m : new TreeSet<>(s.members())) {
      out.writeUTF(m);
    }
    out.writeInt(s.data().length);
    out.write(s.data());
  }

  static Snapshot readSnapshot(DataInputStream in) throws IOException {
    long index = in.readLong();
    long term = in.readLong();
    int count = in.readInt();
    Set<String> members = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      members.add(in.readUTF());
    }
    byte[] data = new byte[in.readInt()];
    in.readFully(data);
    return new Snapshot(index, term, members, data);
  }
}
