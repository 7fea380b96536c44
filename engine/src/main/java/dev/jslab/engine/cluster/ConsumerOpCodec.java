package dev.jslab.engine.cluster;

import dev.jslab.engine.consumer.ConsumerOp;
import dev.jslab.engine.consumer.ConsumerStateCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A consumer's log entries: one {@link ConsumerOp} each, a type byte and fixed-width numbers (a
 * whole replaced state in {@link ConsumerStateCodec}'s form).
 *
 * <p>Stateless and thread-safe.
 */
final class ConsumerOpCodec {
  private ConsumerOpCodec() {}

  static byte[] encode(ConsumerOp op) {
    if (op instanceof ConsumerOp.Started s) {
      return ByteBuffer.allocate(9).put((byte) 1).putLong(s.streamSeq()).array();
    } else if (op instanceof ConsumerOp.Delivered d) {
      return longs(2, d.consumerSeq(), d.streamSeq(), d.deliveryCount(), d.timestampNanos());
    } else if (op instanceof ConsumerOp.Acked a) {
      return longs(3, a.consumerSeq(), a.streamSeq());
    } else if (op instanceof ConsumerOp.Nacked n) {
      return longs(4, n.consumerSeq(), n.streamSeq(), n.deliveryCount(), n.timestampNanos());
    } else if (op instanceof ConsumerOp.ProgressReset p) {
      return longs(5, p.consumerSeq(), p.streamSeq(), p.timestampNanos());
    } else if (op instanceof ConsumerOp.Terminated t) {
      byte[] reason = t.reason() == null ? new byte[0] : t.reason().getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(1 + 24 + 4 + reason.length)
          .put((byte) 6).putLong(t.consumerSeq()).putLong(t.streamSeq()).putLong(t.deliveryCount())
          .putInt(reason.length).put(reason).array();
    } else if (op instanceof ConsumerOp.DeliveriesExceeded e) {
      return longs(7, e.consumerSeq(), e.streamSeq(), e.deliveryCount(), e.timestampNanos());
    } else if (op instanceof ConsumerOp.StateReplaced r) {
      byte[] state = ConsumerStateCodec.encode(r.state());
      return ByteBuffer.allocate(1 + state.length).put((byte) 8).put(state).array();
    }
    throw new IllegalArgumentException("unknown consumer operation " + op);
  }

  private static final byte BATCH = 9;

  /** Several operations, in order, as one entry. */
  static byte[] encodeAll(java.util.List<byte[]> encoded) {
    int size = 1 + 4;
    for (byte[] e : encoded) {
      size += 4 + e.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(BATCH).putInt(encoded.size());
    for (byte[] e : encoded) {
      b.putInt(e.length).put(e);
    }
    return b.array();
  }

  /** The operations of an entry: one, or each of a batch in order. */
  static java.util.List<ConsumerOp> decodeAll(byte[] entry) {
    if (entry.length == 0 || entry[0] != BATCH) {
      return java.util.List.of(decode(entry));
    }
    ByteBuffer b = ByteBuffer.wrap(entry, 1, entry.length - 1);
    int count = b.getInt();
    java.util.List<ConsumerOp> ops = new java.util.ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] one = new byte[b.getInt()];
      b.get(one);
      ops.add(decode(one));
    }
    return ops;
  }

  static ConsumerOp decode(byte[] entry) {
    ByteBuffer b = ByteBuffer.wrap(entry);
    byte type = b.get();
    return switch (type) {
      case 1 -> new ConsumerOp.Started(b.getLong());
      case 2 -> new ConsumerOp.Delivered(b.getLong(), b.getLong(), b.getLong(), b.getLong());
      case 3 -> new ConsumerOp.Acked(b.getLong(), b.getLong());
      case 4 -> new ConsumerOp.Nacked(b.getLong(), b.getLong(), b.getLong(), b.getLong());
      case 5 -> new ConsumerOp.ProgressReset(b.getLong(), b.getLong(), b.getLong());
      case 6 -> {
        long dseq = b.getLong();
        long sseq = b.getLong();
        long dc = b.getLong();
        byte[] reason = new byte[b.getInt()];
        b.get(reason);
        yield new ConsumerOp.Terminated(dseq, sseq, dc, new String(reason, StandardCharsets.UTF_8));
      }
      case 7 -> new ConsumerOp.DeliveriesExceeded(b.getLong(), b.getLong(), b.getLong(), b.getLong());
      case 8 -> {
        byte[] state = new byte[b.remaining()];
        b.get(state);
        yield new ConsumerOp.StateReplaced(ConsumerStateCodec.decode(state));
      }
      default -> throw new IllegalArgumentException("unknown consumer log entry type " + type);
    };
  }

  private static byte[] longs(int type, long... values) {
    ByteBuffer b = ByteBuffer.allocate(1 + 8 * values.length).put((byte) type);
    for (long v : values) {
      b.putLong(v);
    }
    return b.array();
  }
}
