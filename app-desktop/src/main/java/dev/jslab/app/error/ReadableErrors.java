package dev.jslab.app.error;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns exceptions into text a person can read: a one-line reason, and the full trace for the
 * details. Stateless and thread-safe.
 */
public final class ReadableErrors {
  private ReadableErrors() {}

  /** The exception that says what went wrong, past the wrappers added by futures and reflection. */
  public static Throwable rootOf(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException
            || current instanceof ExecutionException
            || current instanceof InvocationTargetException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** A one-line reason: the message of the meaningful exception, else its type in plain words. */
  public static String reason(Throwable error) {
    Throwable root = rootOf(error);
    String message = root.getMessage();
    if (message != null && !message.isBlank()) {
      return message.strip();
    }
    return "unexpected " + root.getClass().getSimpleName();
  }

  /** The full stack trace, for an expandable "details" area or a log. */
  public static String details(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
