package dev.jslab.engine.api.handler;

/**
 * The account's API counters: requests answered and, of those, errors — what {@code $JS.API.INFO}
 * reports as {@code api.total} and {@code api.errors}.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class ApiStats {
  private long total;
  private long errors;

  void answered(boolean isError) {
    total++;
    if (isError) {
      errors++;
    }
  }

  long total() {
    return total;
  }

  long errors() {
    return errors;
  }
}
