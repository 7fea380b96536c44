package dev.jslab.engine.stream;

import dev.jslab.engine.api.JsError;

/**
 * Which message a {@code STREAM.MSG.GET} (or direct get) asks for: by sequence, the last one of a
 * subject, or the next one of a subject at or after a sequence. Exactly one way must be chosen,
 * as nats-server requires (10003 otherwise).
 *
 * @param seq the sequence, or the starting point with {@code nextFor}; 0 when unused
 * @param lastFor subject whose last message is wanted, or empty
 * @param nextFor subject (wildcards allowed) whose next message from {@code seq} is wanted, or empty
 */
public record MessageGetRequest(long seq, String lastFor, String nextFor) {
  public MessageGetRequest {
    lastFor = lastFor == null ? "" : lastFor;
    nextFor = nextFor == null ? "" : nextFor;
  }

  public static MessageGetRequest bySequence(long seq) {
    return new MessageGetRequest(seq, "", "");
  }

  public static MessageGetRequest lastFor(String subject) {
    return new MessageGetRequest(0, subject, "");
  }

  public static MessageGetRequest nextFor(String subject, long fromSeq) {
    return new MessageGetRequest(fromSeq, "", subject);
  }

  /** @throws dev.jslab.engine.api.ApiException 10003 when no single way is chosen */
  void validate() {
    boolean conflicting = seq > 0 && !lastFor.isEmpty();
    boolean nothing = seq == 0 && lastFor.isEmpty() && nextFor.isEmpty();
    boolean both = !lastFor.isEmpty() && !nextFor.isEmpty();
    if (conflicting || nothing || both) {
      throw JsError.BAD_REQUEST.error().exception();
    }
  }
}
