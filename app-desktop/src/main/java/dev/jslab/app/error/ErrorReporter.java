package dev.jslab.app.error;

/**
 * Where view-models send failures a person must see. The desktop shows an alert; a test collects
 * them.
 *
 * <p>Called on the FX thread (or the thread a view-model was given as its UI thread).
 */
@FunctionalInterface
public interface ErrorReporter {
  /**
   * Reports a failure.
   *
   * @param summary what the person tried, e.g. "Could not kill n2"
   * @param cause the failure; its reason is shown, its stack trace only as details
   */
  void report(String summary, Throwable cause);
}
