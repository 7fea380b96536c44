package dev.jslab.engine.cluster;

import dev.jslab.engine.stream.SeenId;
import dev.jslab.engine.codec.DataCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a replicated stream's Raft snapshot holds, as nats-server's does: not the messages — every
 * replica keeps those in its store — but where the store stands after the entries the snapshot
 * covers (its first and last sequence) and what the stream remembers beside its messages (the
 * duplicate window's ids, the last message's id). A replica whose store is behind it fetches the
 * messages it lacks from another replica ({@link CatchUpCodec}).
 *
 * <p>Immutable and thread-safe.
 */
record StreamSnapshot(long firstSeq, long lastSeq, String lastMsgId, List<SeenId> ids) {
  StreamSnapshot {
    ids = List.copyOf(ids);
  }

  byte[] encode() {
    return DataCodec.write(out -> {
      out.writeLong(firstSeq);
      out.writeLong(lastSeq);
      out.writeUTF(lastMsgId);
      out.writeInt(ids.size());
      for (SeenId s : ids) {
        out.writeUTF(s.id());
        out.writeLong(s.seq());
        out.writeLong(s.timestampNanos());
      }
    });
  }

  static StreamSnapshot decode(byte[] data) {
    return DataCodec.read(data, in -> {
      long first = in.readLong();
      long last = in.readLong();
      String lastId = in.readUTF();
      int n = in.readInt();
      List<SeenId> ids = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ids.add(new SeenId(in.readUTF(), in.readLong(), in.readLong()));
      }
      return new StreamSnapshot(first, last, lastId, ids);
    }, e -> new IllegalArgumentException("not a stream snapshot: " + e.getMessage(), e));
  }
}
