package dev.jslab.engine.api.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jslab.engine.wire.JsonReader;

/**
 * Reading of request bodies the way nats-server does: an empty body (or {@code {}}) is "no
 * request", anything else must be a JSON object (10025 otherwise).
 *
 * <p>Stateless.
 */
public final class Request {
  private Request() {}

  /** nats-server's {@code isEmptyRequest}: no bytes, or a JSON object without fields. */
  public static boolean isEmpty(byte[] body) {
    if (body == null || body.length == 0) {
      return true;
    }
    try {
      JsonNode n = JsonReader.parse(body);
      return n.isObject() && n.isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The body as a JSON object, or null when the request is empty; 10025 for anything else. */
  public static JsonNode objectOrNull(byte[] body) {
    if (isEmpty(body)) {
      return null;
    }
    return object(body);
  }

  /**
   * The body as a JSON object; JSON {@code null} reads as an object without fields, as Go's
   * decoder leaves a request untouched for it; 10025 for anything else.
   */
  public static JsonNode object(byte[] body) {
    JsonNode n = JsonReader.parse(body);
    return n.isNull() ? JsonNodeFactory.instance.objectNode() : JsonReader.object(n);
  }

  /** A paged request's {@code offset}, 0 when absent or negative. */
  public static int offset(JsonNode req) {
    if (req == null) {
      return 0;
    }
    return Math.max(0, JsonReader.int32(req, "offset"));
  }
}
