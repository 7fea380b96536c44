package dev.jslab.local.bench;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Clean-up that must happen even when the bench's JVM is ended early (Ctrl-C, SIGTERM): it is
 * registered as a shutdown hook and runs at most once — on {@link #close}, which also removes the
 * hook, or in the hook. Used to stop server processes and delete their storage.
 *
 * <p>Thread-safe.
 */
final class ExitCleanup implements AutoCloseable {
  private final Runnable action;
  private final AtomicBoolean done = new AtomicBoolean();
  private final Thread hook;

  private ExitCleanup(String name, Runnable action) {
    this.action = action;
    this.hook = new Thread(this::runOnce, "bench-cleanup-" + name);
  }

  /** Registers {@code action} to run on {@link #close} or at JVM exit, whichever comes first. */
  static ExitCleanup register(String name, Runnable action) {
    ExitCleanup cleanup = new ExitCleanup(name, action);
    Runtime.getRuntime().addShutdownHook(cleanup.hook);
    return cleanup;
  }

  /** Runs the clean-up now, unless it ran already. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs (or ran) anyway; runOnce keeps it to once
    }
    runOnce();
  }

  private void runOnce() {
    if (done.compareAndSet(false, true)) {
      action.run();
    }
  }
}
