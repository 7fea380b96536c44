package dev.jslab.engine.consumer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A compact binary form of {@link ConsumerState}, for storage and snapshots: a version byte, the
 * delivered and ack-floor pairs, then the pending and redelivered entries.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConsumerStateCodec {
  private static final int VERSION = 1;

  private ConsumerStateCodec() {}

  public static byte[] encode(ConsumerState state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + state.pending().size() * 24);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(state.delivered().consumerSeq());
      out.writeLong(state.delivered().streamSeq());
      out.writeLong(state.ackFloor().consumerSeq());
      out.writeLong(state.ackFloor().streamSeq());
      out.writeInt(state.pending().size());
      for (Map.Entry<Long, Pending> e : state.pending().entrySet()) {
        out.writeLong(e.getKey());
        out.writeLong(e.getValue().consumerSeq());
        out.writeLong(e.getValue().timestampNanos());
      }
      out.writeInt(state.redelivered().size());
      for (Map.Entry<Long, Long> e : state.redelivered().entrySet()) {
        out.writeLong(e.getKey());
        out.writeLong(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** @throws IllegalArgumentException when {@code bytes} is not an encoded state */
  public static ConsumerState decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown consumer state version " + version);
      }
      SequencePair delivered = new SequencePair(in.readLong(), in.readLong());
      SequencePair ackFloor = new SequencePair(in.readLong(), in.readLong());
      Map<Long, Pending> pending = new TreeMap<>();
      int pendingCount = in.readInt();
      for (int i = 0; i < pendingCount; i++) {
        pending.put(in.readLong(), new Pending(in.readLong(), in.readLong()));
      }
      Map<Long, Long> redelivered = new TreeMap<>();
      int redeliveredCount = in.readInt();
      for (int i = 0; i < redeliveredCount; i++) {
        redelivered.put(in.readLong(), in.readLong());
      }
      return new ConsumerState(delivered, ackFloor, pending, redelivered);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated consumer state", e);
    }
  }
}
