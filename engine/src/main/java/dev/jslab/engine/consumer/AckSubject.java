package dev.jslab.engine.consumer;

/**
 * The ack reply subject of a delivery, {@code
 * $JS.ACK.<stream>.<consumer>.<delivered_count>.<stream_seq>.<consumer_seq>.<ts>.<pending>}, and
 * its reading as nats-server's {@code ackReplyInfo} does: anything but nine tokens starting with
 * {@code $JS.ACK} reads as zeros; a token that is not a plain decimal reads as {@link
 * Long#MAX_VALUE} (nats-server reads -1 into an unsigned 64-bit value: past every real sequence).
 *
 * @param streamSeq the message's stream sequence
 * @param consumerSeq the delivery's consumer sequence
 * @param deliveryCount how many times it was delivered
 */
public record AckSubject(long streamSeq, long consumerSeq, long deliveryCount) {
  /** The prefix of every ack subject. */
  public static final String PREFIX = "$JS.ACK.";

  /** Formats the ack reply subject of one delivery. */
  public static String format(
      String stream, String consumer, long deliveryCount, long streamSeq, long consumerSeq,
      long timestampNanos, long pending) {
    return PREFIX + stream + '.' + consumer + '.' + deliveryCount + '.' + streamSeq + '.'
        + consumerSeq + '.' + timestampNanos + '.' + pending;
  }

  /** Reads an ack subject; zeros when it is not one. */
  public static AckSubject parse(String subject) {
    String[] tokens = subject.split("\\.", -1);
    if (tokens.length != 9 || !tokens[0].equals("$JS") || !tokens[1].equals("ACK")) {
      return new AckSubject(0, 0, 0);
    }
    return new AckSubject(number(tokens[5]), number(tokens[6]), number(tokens[4]));
  }

  private static long number(String token) {
    if (token.isEmpty()) {
      return Long.MAX_VALUE;
    }
    long n = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return Long.MAX_VALUE;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
