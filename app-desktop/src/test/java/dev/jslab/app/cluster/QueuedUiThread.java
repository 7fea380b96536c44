package dev.jslab.app.cluster;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for the FX thread in plain JUnit tests: tasks handed to it wait in a queue until the
 * test thread runs them, so a view-model stays confined to the test thread as it is to the FX
 * thread in the app. Thread-safe to {@link #execute}; the run methods belong to the test thread.
 */
final class QueuedUiThread implements Executor {
  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
  }

  /** Runs queued tasks, waiting for more as needed, until {@code condition} holds. */
  void runUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("condition not reached within " + timeout);
      }
      Runnable task = tasks.poll(left, TimeUnit.NANOSECONDS);
      if (task != null) {
        task.run();
      }
    }
  }

  /** Runs the tasks queued so far. */
  void runPending() {
    for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
      task.run();
    }
  }

  /** How many tasks wait. */
  int pending() {
    return tasks.size();
  }
}
