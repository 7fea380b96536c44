package dev.jslab.engine.jetstream;

import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;

/**
 * A scheduler whose every task ends its batch of work as a client's input does: after the task
 * runs, {@code afterTask} (the node's flush) makes the work durable and releases what it held. So
 * timer-driven work under sync policy {@code always} (redeliveries, max-age expiry, inactive
 * consumers deleted, pull requests expiring, mirror and source traffic) leaves at once instead of
 * waiting for the next client input.
 *
 * <p>Not thread-safe: confined to the node's executor, as the delegate's tasks are.
 */
final class FlushingScheduler implements Scheduler {
  private final Scheduler delegate;
  private final Runnable afterTask;

  FlushingScheduler(Scheduler delegate, Runnable afterTask) {
    this.delegate = delegate;
    this.afterTask = afterTask;
  }

  @Override
  public long nowNanos() {
    return delegate.nowNanos();
  }

  @Override
  public Timer schedule(long delayNanos, Runnable task) {
    return delegate.schedule(
        delayNanos,
        () -> {
          try {
            task.run();
          } finally {
            afterTask.run();
          }
        });
  }
}
