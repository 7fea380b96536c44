package dev.jslab.engine.cluster;

import dev.jslab.engine.stream.StreamOp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A stream's log entries in a compact binary form: a type byte, then length-prefixed strings and
 * byte arrays and fixed-width numbers. Publishes are the bulk of a stream's log, so they are
 * written without any JSON.
 *
 * <p>Stateless and thread-safe.
 */
final class StreamCommandCodec {
  private static final byte PUBLISH = 1;
  private static final byte EXPIRE = 2;
  private static final byte API = 3;
  private static final byte MIRRORED = 4;
  private static final byte SKIP_TO = 5;

  private StreamCommandCodec() {}

  static byte[] encode(StreamCommand command) {
    if (command instanceof StreamCommand.Op o && o.op() instanceof StreamOp.Publish p) {
      byte[] subject = utf8(p.subject());
      byte[] reply = utf8(p.reply());
      byte[] headers = p.headers() == null ? new byte[0] : p.headers();
      byte[] data = p.data() == null ? new byte[0] : p.data();
      ByteBuffer b =
          ByteBuffer.allocate(1 + 16 + subject.length + reply.length + headers.length + data.length + 8);
      b.put(PUBLISH);
      put(b, subject);
      put(b, reply);
      put(b, headers);
      put(b, data);
      b.putLong(p.timestampNanos());
      return b.array();
    }
    if (command instanceof StreamCommand.Op o && o.op() instanceof StreamOp.Mirrored m) {
      byte[] subject = utf8(m.subject());
      byte[] headers = m.headers() == null ? new byte[0] : m.headers();
      byte[] data = m.data() == null ? new byte[0] : m.data();
      ByteBuffer b = ByteBuffer.allocate(1 + 8 + 12 + subject.length + headers.length + data.length + 8);
      b.put(MIRRORED);
      b.putLong(m.seq());
      put(b, subject);
      put(b, headers);
      put(b, data);
      b.putLong(m.timestampNanos());
      return b.array();
    }
    if (command instanceof StreamCommand.Op o && o.op() instanceof StreamOp.SkipTo k) {
      return ByteBuffer.allocate(9).put(SKIP_TO).putLong(k.nextSeq()).array();
    }
    if (command instanceof StreamCommand.Op o && o.op() instanceof StreamOp.Expire e) {
      return ByteBuffer.allocate(9).put(EXPIRE).putLong(e.cutoffNanos()).array();
    }
    if (command instanceof StreamCommand.Api a) {
      byte[] pattern = utf8(a.pattern());
      byte[] subject = utf8(a.subject());
      byte[] reply = utf8(a.reply());
      ByteBuffer b =
          ByteBuffer.allocate(1 + 16 + pattern.length + subject.length + reply.length + a.body().length);
      b.put(API);
      put(b, pattern);
      put(b, subject);
      put(b, reply);
      put(b, a.body());
      return b.array();
    }
    throw new IllegalArgumentException("not replicated through a stream's log: " + command);
  }

  static StreamCommand decode(byte[] entry) {
    ByteBuffer b = ByteBuffer.wrap(entry);
    byte type = b.get();
    switch (type) {
      case PUBLISH -> {
        String subject = string(b);
        String reply = string(b);
        byte[] headers = bytes(b);
        byte[] data = bytes(b);
        long ts = b.getLong();
        return new StreamCommand.Op(
            new StreamOp.Publish(subject, reply.isEmpty() ? null : reply, headers, data, ts));
      }
      case EXPIRE -> {
        return new StreamCommand.Op(new StreamOp.Expire(b.getLong()));
      }
      case MIRRORED -> {
        long seq = b.getLong();
        return new StreamCommand.Op(
            new StreamOp.Mirrored(seq, string(b), bytes(b), bytes(b), b.getLong()));
      }
      case SKIP_TO -> {
        return new StreamCommand.Op(new StreamOp.SkipTo(b.getLong()));
      }
      case API -> {
        return new StreamCommand.Api(string(b), string(b), string(b), bytes(b));
      }
      default -> throw new IllegalArgumentException("unknown stream log entry type " + type);
    }
  }

  private static byte[] utf8(String s) {
    return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
  }

  private static void put(ByteBuffer b, byte[] bytes) {
    b.putInt(bytes.length);
    b.put(bytes);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.getInt()];
    b.get(out);
    return out;
  }

  private static String string(ByteBuffer b) {
    return new String(bytes(b), StandardCharsets.UTF_8);
  }
}
