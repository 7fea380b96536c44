package dev.jslab.local.cluster;

import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine's scheduler in live mode: wall-clock time, and timers that run on the node's own
 * thread, so engine code never runs concurrently with itself.
 *
 * <p>{@link #nowNanos()} is thread-safe; {@link #schedule} may be called from any thread but the
 * task always runs on the node's executor.
 */
final class LiveScheduler implements Scheduler {
  private final ScheduledExecutorService nodeThread;
  private final Clock clock;

  LiveScheduler(ScheduledExecutorService nodeThread, Clock clock) {
    this.nodeThread = nodeThread;
    this.clock = clock;
  }

  @Override
  public long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public Timer schedule(long delayNanos, Runnable task) {
    ScheduledFuture<?> future =
        nodeThread.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}
