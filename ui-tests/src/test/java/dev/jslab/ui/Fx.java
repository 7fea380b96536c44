package dev.jslab.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.util.WaitForAsyncUtils;

/** Test helpers that read the UI on the FX thread and wait for it to reach a state. */
final class Fx {
  static final long TIMEOUT_SECONDS = 20;

  private Fx() {}

  /** Runs {@code read} on the FX thread and returns its result. */
  static <T> T call(Callable<T> read) {
    try {
      return WaitForAsyncUtils.asyncFx(read).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("could not read the UI", e);
    }
  }

  /** Polls {@code condition} on the FX thread until it holds; fails after the timeout. */
  static void waitUntil(String what, Callable<Boolean> condition) {
    try {
      WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> call(condition));
    } catch (TimeoutException e) {
      throw new AssertionError("timed out waiting until " + what, e);
    }
  }
}
