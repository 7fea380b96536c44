package dev.jslab.engine.api;

/**
 * One JetStream API error as it goes on the wire: {@code {"code":..,"err_code":..,"description":..}}.
 *
 * @param code status code (400, 404, 500, 503, …)
 * @param errCode JetStream error code (10059, …)
 * @param description the text, placeholders filled
 */
public record ApiError(int code, int errCode, String description) {
  /** Throwable form, for code paths that reject by throwing. */
  public ApiException exception() {
    return new ApiException(this);
  }
}
