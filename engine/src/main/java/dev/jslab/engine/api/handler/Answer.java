package dev.jslab.engine.api.handler;

import dev.jslab.engine.api.ApiError;
import dev.jslab.engine.api.Json;

/**
 * One API answer: the response {@code type} first, then either the fields of a success or {@code
 * error} and the zero-valued fields nats-server still writes after it (paging numbers, a {@code
 * null} list, {@code purged}).
 *
 * <p>Immutable.
 *
 * @param body the JSON document
 * @param isError whether it is an error answer (counted in the account's {@code api.errors})
 */
record Answer(byte[] body, boolean isError) {
  /** A success: {@code {"type":…, <fields>}}. */
  static Answer ok(String type, Json.Writer fields) {
    return new Answer(Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("type", type);
      fields.write(g);
      g.writeEndObject();
    }), false);
  }

  /** An error: {@code {"type":…,"error":{…}, <tail>}}. */
  static Answer error(String type, ApiError error, Json.Writer tail) {
    return new Answer(Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("type", type);
      Json.writeErrorField(g, error);
      tail.write(g);
      g.writeEndObject();
    }), true);
  }

  /** Nothing after the error object. */
  static final Json.Writer NO_TAIL = g -> {};

  /** {@code "total":0,"offset":0,"limit":0} as a zero {@code ApiPaged} is written. */
  static final Json.Writer ZERO_PAGE = g -> {
    g.writeNumberField("total", 0);
    g.writeNumberField("offset", 0);
    g.writeNumberField("limit", 0);
  };
}
