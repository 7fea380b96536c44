package dev.jslab.local.sim;

import dev.jslab.engine.time.VirtualScheduler;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Runs a simulation live: one thread of its own runs the {@link VirtualScheduler}'s tasks as
 * virtual time follows the wall clock through a {@link Pacing} (speed, pause, resume, step). Other
 * threads hand it work with {@link #submit}, which runs on the simulation thread at the current
 * virtual time — the same engine code then runs live as in a deterministic run, only its time is
 * paced by the wall clock.
 *
 * <p>Thread-safe; the scheduler and everything it drives are confined to the simulation thread.
 */
public final class PacedRunner implements AutoCloseable {
  private static final long MAX_WAIT_NANOS = 250_000_000L;

  private final Pacing pacing;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Queue<Runnable> inbox = new ArrayDeque<>(); // guarded by lock
  private boolean closed; // guarded by lock

  /** Starts the simulation thread at {@code speed} virtual seconds per wall second. */
  public PacedRunner(String name, VirtualScheduler scheduler, double speed) {
    this.pacing = new Pacing(scheduler, speed, System.nanoTime());
    this.thread = new Thread(this::loop, "sim-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs {@code work} on the simulation thread at the current virtual time; its answer. */
  public <T> CompletableFuture<T> submit(Function<Pacing, T> work) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    lock.lock();
    try {
      if (closed) {
        answer.completeExceptionally(new IllegalStateException("the simulation has stopped"));
        return answer;
      }
      inbox.add(
          () -> {
            try {
              answer.complete(work.apply(pacing));
            } catch (RuntimeException | Error e) {
              answer.completeExceptionally(e);
            }
          });
      wake.signal();
    } finally {
      lock.unlock();
    }
    return answer;
  }

  /** Stops virtual time. */
  public CompletableFuture<Long> pause() {
    return submit(p -> {
      p.pause(System.nanoTime());
      return p.virtualNowNanos();
    });
  }

  /** Lets virtual time run again. */
  public CompletableFuture<Long> resume() {
    return submit(p -> {
      p.resume(System.nanoTime());
      return p.virtualNowNanos();
    });
  }

  /** While paused, runs the next instant's tasks; the virtual time stepped to, or -1. */
  public CompletableFuture<Long> step() {
    return submit(Pacing::step);
  }

  /** Changes the speed from now on. */
  public CompletableFuture<Double> setSpeed(double speed) {
    return submit(p -> {
      p.setSpeed(speed, System.nanoTime());
      return p.speed();
    });
  }

  private void loop() {
    while (true) {
      Runnable next;
      lock.lock();
      try {
        next = inbox.poll();
        if (next == null) {
          if (closed) {
            return;
          }
          long wait = Math.min(pacing.wallNanosUntilNext(System.nanoTime()), MAX_WAIT_NANOS);
          if (wait > 0) {
            wake.awaitNanos(wait);
          }
          next = inbox.poll();
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (next != null) {
        next.run();
      }
      pacing.catchUp(System.nanoTime());
    }
  }

  /** Stops the simulation thread after the work already submitted; waits up to 5 s. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      wake.signal();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
