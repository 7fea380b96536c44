package dev.jslab.engine.api.handler;

import java.util.List;

/**
 * One {@code $JS.API} request whose endpoint is known: the endpoint's pattern (after {@code
 * $JS.API.}, e.g. {@code STREAM.INFO.*}), the subject's tokens after {@code $JS.API.}, the subject in
 * its {@code $JS.API} form, the reply subject (may be empty), the body and the client's round trip
 * (0 when unknown).
 *
 * <p>Immutable (the body array is shared, never modified).
 */
public record ApiRequest(
    String pattern, List<String> tokens, String subject, String reply, byte[] body, long clientRttNanos) {
  public ApiRequest {
    tokens = List.copyOf(tokens);
    reply = reply == null ? "" : reply;
    body = body == null ? new byte[0] : body;
  }

  /** The token at {@code i} (0 is the first after {@code $JS.API.}). */
  public String token(int i) {
    return tokens.get(i);
  }
}
