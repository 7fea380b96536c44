package dev.jslab.engine.api.handler;

import dev.jslab.engine.api.Json;
import java.util.List;

/**
 * One API subject's handling: its response type, what nats-server writes after an error, and the
 * handler itself, which answers or throws {@link dev.jslab.engine.api.ApiException}.
 *
 * <p>Immutable.
 */
record Endpoint(String type, Json.Writer errorTail, Handler handler) {
  /** Handles one request; {@code tokens} are the subject's tokens after {@code $JS.API}. */
  @FunctionalInterface
  interface Handler {
    /** The answer, or null when nats-server sends none. */
    Answer handle(List<String> tokens, String subject, String reply, byte[] body);
  }

  static String type(String name) {
    return "io.nats.jetstream.api.v1." + name;
  }
}
