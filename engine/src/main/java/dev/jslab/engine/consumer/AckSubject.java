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

  /**
   * The stream and consumer an ack subject names — {@code $JS.ACK.<stream>.<consumer>.…}, or the
   * 2.10 form with domain and account hash first (12 tokens or more) — found from where its dots
   * are, without splitting it; null when it has fewer than four tokens.
   */
  public static String[] streamAndConsumer(String subject) {
    int[] dots = new int[6];
    int count = 0;
    for (int i = 0; i < subject.length(); i++) {
      if (subject.charAt(i) == '.') {
        if (count < dots.length) {
          dots[count] = i;
        }
        count++;
      }
    }
    if (count < 3) {
      return null;
    }
    int at = count >= 11 ? 4 : 2; // the stream is the token after dot at-1
    String stream = subject.substring(dots[at - 1] + 1, dots[at]);
    String consumer = subject.substring(dots[at] + 1, at + 1 < count ? dots[at + 1] : subject.length());
    return new String[] {stream, consumer};
  }

  /** Reads an ack subject; zeros when it is not one. */
  public static AckSubject parse(String subject) {
    if (!subject.startsWith(PREFIX)) {
      return new AckSubject(0, 0, 0);
    }
    int[] dots = new int[8];
    int n = 0;
    for (int i = 0; i < subject.length(); i++) {
      if (subject.charAt(i) == '.') {
        if (n == dots.length) {
          return new AckSubject(0, 0, 0);
        }
        dots[n++] = i;
      }
    }
    if (n != 8) {
      return new AckSubject(0, 0, 0);
    }
    return new AckSubject(
        number(subject.substring(dots[4] + 1, dots[5])),
        number(subject.substring(dots[5] + 1, dots[6])),
        number(subject.substring(dots[3] + 1, dots[4])));
  }

  /**
   * A token of an ack reply subject as nats-server's {@code parseAckReplyNum} reads it: decimal
   * digits only; anything else is {@code Long.MAX_VALUE} (Go's -1 read as unsigned: past
   * everything).
   */
  public static long number(String token) {
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
