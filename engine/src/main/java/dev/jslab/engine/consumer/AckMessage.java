package dev.jslab.engine.consumer;

import dev.jslab.engine.consumer.GoJson.Field;
import dev.jslab.engine.consumer.GoJson.GoJsonException;
import dev.jslab.engine.consumer.GoJson.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The body of a message on a consumer's ack subject, read as nats-server's {@code processAck}
 * reads it: empty, {@code +ACK} or {@code +OK} acknowledge; {@code +NXT} acknowledges and asks for
 * more (a pull request body may follow); {@code -NAK} asks for a redelivery, after a delay when
 * one follows ({@code {"delay": ns}} or a Go duration); {@code +WPI} says work is in progress;
 * {@code +TERM} gives up on the message, with an optional reason. Anything else is {@link
 * Verb#UNKNOWN}. Verbs match byte for byte; {@code +ACK}, {@code +OK} and {@code +WPI} only alone.
 *
 * <p>Holds the caller's array, unchanged: confined to the node's executor like the consumer.
 *
 * @param verb what the body asks for
 * @param body the whole body
 */
record AckMessage(Verb verb, byte[] body) {
  private static final Field[] NAK_FIELDS = {new Field("delay", Kind.DURATION)};

  /** What an ack body asks for. */
  enum Verb {
    ACK,
    NEXT,
    NAK,
    PROGRESS,
    TERM,
    UNKNOWN
  }

  static AckMessage parse(byte[] body) {
    Verb verb;
    if (body.length == 0 || equalsAscii(body, "+ACK") || equalsAscii(body, "+OK")) {
      verb = Verb.ACK;
    } else if (startsWithAscii(body, "+NXT")) {
      verb = Verb.NEXT;
    } else if (startsWithAscii(body, "-NAK")) {
      verb = Verb.NAK;
    } else if (equalsAscii(body, "+WPI")) {
      verb = Verb.PROGRESS;
    } else if (startsWithAscii(body, "+TERM")) {
      verb = Verb.TERM;
    } else {
      verb = Verb.UNKNOWN;
    }
    return new AckMessage(verb, body);
  }

  /** For {@code +NXT}: the pull request body after the verb (possibly empty). */
  byte[] nextRequest() {
    return Arrays.copyOfRange(body, 4, body.length);
  }

  /** For {@code +TERM}: the reason after the verb, trimmed; empty when none. */
  String termReason() {
    if (body.length <= 5) {
      return "";
    }
    return GoStrings.utf8(GoStrings.trimSpace(Arrays.copyOfRange(body, 5, body.length)));
  }

  /**
   * For {@code -NAK}: the delay in nanoseconds after the verb, or null when there is none or it
   * does not read (the message is then redelivered at once).
   */
  Long nakDelay() {
    if (body.length <= 4) {
      return null;
    }
    byte[] arg = GoStrings.trimSpace(Arrays.copyOfRange(body, 4, body.length));
    if (arg.length == 0) {
      return null;
    }
    if (arg[0] == '{') {
      try {
        Object[] v = GoJson.decodeStruct(arg, "ConsumerNakOptions", NAK_FIELDS);
        return v[0] == null ? 0L : (Long) v[0];
      } catch (GoJsonException e) {
        return null;
      }
    }
    try {
      return GoDurations.parse(new String(arg, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean equalsAscii(byte[] b, String s) {
    return b.length == s.length() && startsWithAscii(b, s);
  }

  private static boolean startsWithAscii(byte[] b, String s) {
    if (b.length < s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
