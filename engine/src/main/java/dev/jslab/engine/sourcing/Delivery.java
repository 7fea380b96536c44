package dev.jslab.engine.sourcing;

import dev.jslab.engine.consumer.AckSubject;
import dev.jslab.engine.consumer.StatusMessages;
import dev.jslab.engine.message.Headers;
import java.nio.charset.StandardCharsets;

/**
 * What a mirror or source reads from a message on its inbox, as nats-server reads it: whether it
 * is a control message (an idle heartbeat or a flow-control request: no payload, a {@code NATS/1.0
 * 100 …} status), and the numbers encoded in a delivery's ack reply {@code
 * $JS.ACK.<stream>.<consumer>.<delivered>.<stream_seq>.<consumer_seq>.<ts>.<pending>}.
 *
 * <p>A reply that is not nine tokens starting with {@code $JS.ACK} reads as zeros; a number token
 * that is not plain decimal reads as {@link Long#MAX_VALUE} (nats-server reads -1 into an unsigned
 * value), and as -1 for the timestamp.
 *
 * @param consumer the consumer name token, or empty
 * @param deliveryCount how many times the message was delivered
 * @param streamSeq the origin's sequence
 * @param consumerSeq the delivery's consumer sequence
 * @param timestampNanos the origin's timestamp
 * @param pending messages the consumer had left to deliver
 */
record Delivery(
    String consumer,
    long deliveryCount,
    long streamSeq,
    long consumerSeq,
    long timestampNanos,
    long pending) {
  private static final byte[] CONTROL = "NATS/1.0 100 ".getBytes(StandardCharsets.US_ASCII);
  private static final Delivery NONE = new Delivery("", 0, 0, 0, 0, 0);

  /** True for heartbeats and flow-control requests. */
  static boolean isControl(InternalBus.Message m) {
    byte[] h = m.headers();
    if (m.data().length != 0 || h.length < CONTROL.length) {
      return false;
    }
    for (int i = 0; i < CONTROL.length; i++) {
      if (h[i] != CONTROL[i]) {
        return false;
      }
    }
    return true;
  }

  /** The {@code Nats-Last-Consumer} of a heartbeat, 0 when absent or not a positive number. */
  static long lastConsumerSeq(InternalBus.Message heartbeat) {
    String v = Headers.get(heartbeat.headers(), StatusMessages.LAST_CONSUMER);
    if (v == null) {
      return 0;
    }
    long n = AckSubject.number(v.trim());
    return n == Long.MAX_VALUE ? 0 : n;
  }

  /** The {@code Nats-Consumer-Stalled} reply subject of a heartbeat, or empty. */
  static String stalledReply(InternalBus.Message heartbeat) {
    String v = Headers.get(heartbeat.headers(), StatusMessages.CONSUMER_STALLED);
    return v == null ? "" : v;
  }

  /** Reads an ack reply subject. */
  static Delivery parse(String reply) {
    String[] t = reply.split("\\.", -1);
    if (t.length != 9 || !"$JS".equals(t[0]) || !"ACK".equals(t[1])) {
      return NONE;
    }
    long ts = AckSubject.number(t[7]);
    return new Delivery(
        t[3], AckSubject.number(t[4]), AckSubject.number(t[5]), AckSubject.number(t[6]), ts == Long.MAX_VALUE ? -1 : ts,
        AckSubject.number(t[8]));
  }

  /** True when {@code reply} is an ack reply of consumer {@code cname} (nats-server's isCurrentSub). */
  static boolean isFrom(String cname, String reply) {
    if (cname.isEmpty() || !reply.startsWith("$JS.ACK.")) {
      return false;
    }
    String[] t = reply.split("\\.", 5);
    return t.length >= 4 && cname.equals(t[3]);
  }

}
