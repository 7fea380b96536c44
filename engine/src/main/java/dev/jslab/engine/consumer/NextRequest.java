package dev.jslab.engine.consumer;

import dev.jslab.engine.consumer.GoJson.Field;
import dev.jslab.engine.consumer.GoJson.GoJsonException;
import dev.jslab.engine.consumer.GoJson.Kind;

/**
 * A pull request ({@code $JS.API.CONSUMER.MSG.NEXT} body or the argument of {@code +NXT}) as
 * nats-server's {@code nextReqFromMsg} reads it: empty means one message; a body starting with
 * {@code {} is JSON ({@code batch, expires, max_bytes, no_wait, idle_heartbeat}); a plain integer
 * is the batch; anything else means one message. Values are taken as given (a negative batch
 * stays negative), as nats-server does.
 *
 * @param batch how many messages
 * @param expiresNanos how long the request lives, 0 for no expiry
 * @param maxBytes byte budget, 0 for none
 * @param noWait answer at once when nothing is pending
 * @param heartbeatNanos idle heartbeat interval, 0 for none
 */
public record NextRequest(
    long batch, long expiresNanos, long maxBytes, boolean noWait, long heartbeatNanos) {

  private static final Field[] FIELDS = {
    new Field("expires", Kind.DURATION),
    new Field("batch", Kind.INT),
    new Field("max_bytes", Kind.INT),
    new Field("no_wait", Kind.BOOL),
    new Field("idle_heartbeat", Kind.DURATION),
  };

  /** One message, no expiry. */
  public static final NextRequest ONE = new NextRequest(1, 0, 0, false, 0);

  /** A body nats-server refuses, with the text it puts after {@code 400 Bad Request - }. */
  public static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads a request body.
   *
   * @throws BadRequest with nats-server's reason when the body is refused
   */
  public static NextRequest parse(byte[] body) throws BadRequest {
    byte[] req = GoStrings.trimSpace(body == null ? new byte[0] : body);
    if (req.length == 0) {
      return ONE;
    }
    if (req[0] == '{') {
      Object[] v;
      try {
        v = GoJson.decodeStruct(req, "JSApiConsumerGetNextRequest", FIELDS);
      } catch (GoJsonException e) {
        throw new BadRequest(e.getMessage());
      }
      long expires = v[0] == null ? 0 : (Long) v[0];
      long batch = v[1] == null ? 0 : (Long) v[1];
      long maxBytes = v[2] == null ? 0 : (Long) v[2];
      boolean noWait = v[3] != null && (Boolean) v[3];
      long heartbeat = v[4] == null ? 0 : (Long) v[4];
      if (heartbeat > 0 && heartbeat * 2 > expires) {
        throw new BadRequest("heartbeat value too large");
      }
      return new NextRequest(batch, expires, maxBytes, noWait, heartbeat);
    }
    Long n = GoStrings.atoi(GoStrings.utf8(req));
    if (n != null) {
      return new NextRequest(n, 0, 0, false, 0);
    }
    return ONE;
  }
}
