package dev.jslab.engine.api;

/**
 * A request was refused with a JetStream API error. An operating error, not a bug: the API
 * layer turns it into the error response, and nothing else changes.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ApiError error;

  public ApiException(ApiError error) {
    super(error.description() + " (" + error.code() + "/" + error.errCode() + ")", null, false, false);
    this.error = error;
  }

  public ApiError error() {
    return error;
  }
}
