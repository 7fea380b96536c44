package dev.jslab.engine.cluster;

import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.codec.DataCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of a stream replica's catch-up ({@code $JSC.CATCHUP.<stream>}, as nats-server's
 * replicas catch up after installing a snapshot): the lagging replica asks for the messages from
 * one sequence up to the snapshot's last, a replica that applied the snapshot's entries answers
 * with the next chunk of them; the last chunk also says which of the asker's messages are gone.
 *
 * <p>Stateless and thread-safe.
 */
final class CatchUpCodec {
  private CatchUpCodec() {}

  /**
   * A request for the stored messages from {@code from} to {@code upTo}, of a replica that holds
   * {@code haveFirst}..{@code haveLast} and needs the state after log index {@code index}; with
   * {@code anyReplica} every replica that can answers, else the leader only.
   */
  record Request(long index, long from, long upTo, long haveFirst, long haveLast, boolean anyReplica) {
    byte[] encode() {
      return write(out -> {
        out.writeLong(index);
        out.writeLong(from);
        out.writeLong(upTo);
        out.writeLong(haveFirst);
        out.writeLong(haveLast);
        out.writeBoolean(anyReplica);
      });
    }

    static Request decode(byte[] data) {
      return read(data, in -> new Request(
          in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readBoolean()));
    }
  }

  /**
   * The messages stored from the request's {@code from} up to {@code next - 1}; when {@code done},
   * the answering replica's first sequence and the asker's sequences it no longer holds. {@link
   * #CANNOT} (next -1): a replica asked as any replica does not hold what the asker needs.
   */
  record Chunk(List<StoredMessage> messages, long next, boolean done, long firstSeq, List<Long> deleted) {
    static final Chunk CANNOT = new Chunk(List.of(), -1, false, 0, List.of());

    Chunk {
      messages = List.copyOf(messages);
      deleted = List.copyOf(deleted);
    }

    boolean cannot() {
      return next < 0;
    }

    byte[] encode() {
      return write(out -> {
        out.writeLong(next);
        out.writeBoolean(done);
        out.writeLong(firstSeq);
        out.writeInt(deleted.size());
        for (long seq : deleted) {
          out.writeLong(seq);
        }
        out.writeInt(messages.size());
        for (StoredMessage m : messages) {
          out.writeLong(m.seq());
          out.writeUTF(m.subject());
          bytes(out, m.headers());
          bytes(out, m.data());
          out.writeLong(m.timestampNanos());
        }
      });
    }

    static Chunk decode(byte[] data) {
      return read(data, in -> {
        long next = in.readLong();
        boolean done = in.readBoolean();
        long first = in.readLong();
        int nd = in.readInt();
        List<Long> deleted = new ArrayList<>(nd);
        for (int i = 0; i < nd; i++) {
          deleted.add(in.readLong());
        }
        int n = in.readInt();
        List<StoredMessage> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          messages.add(new StoredMessage(in.readLong(), in.readUTF(), bytes(in), bytes(in), in.readLong()));
        }
        return new Chunk(messages, next, done, first, deleted);
      });
    }
  }

  private static byte[] write(DataCodec.Writer w) {
    return DataCodec.write(w);
  }

  private static <T> T read(byte[] data, DataCodec.Reader<T> r) {
    return DataCodec.read(data, r, e -> new IllegalArgumentException("not a catch-up message: " + e.getMessage(), e));
  }

  private static void bytes(DataOutputStream out, byte[] b) throws IOException {
    byte[] v = b == null ? new byte[0] : b;
    out.writeInt(v.length);
    out.write(v);
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    byte[] v = new byte[in.readInt()];
    in.readFully(v);
    return v;
  }
}
