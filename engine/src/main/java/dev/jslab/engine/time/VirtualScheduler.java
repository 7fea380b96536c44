package dev.jslab.engine.time;

import java.util.PriorityQueue;

/**
 * A scheduler in virtual time: nothing runs until the owner advances the clock, and tasks due at
 * the same instant run in the order they were scheduled. One thread drives it; the same sequence
 * of calls always produces the same sequence of task runs.
 *
 * <p>Not thread-safe: confined to the thread that drives the simulation.
 */
public final class VirtualScheduler implements Scheduler {
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private long nowNanos;
  private long nextOrder;

  /** Starts the clock at {@code startNanos} since the epoch. */
  public VirtualScheduler(long startNanos) {
    this.nowNanos = startNanos;
  }

  @Override
  public long nowNanos() {
    return nowNanos;
  }

  @Override
  public Timer schedule(long delayNanos, Runnable task) {
    Entry entry = new Entry(nowNanos + Math.max(0, delayNanos), nextOrder++, task);
    queue.add(entry);
    return () -> entry.cancelled = true;
  }

  /** Runs every task due up to {@code nowNanos() + nanos}, in time order, then sets the clock there. */
  public void advance(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("time never goes back: " + nanos);
    }
    runUntil(nowNanos + nanos);
  }

  /** Runs the tasks due now (scheduled with no delay, or due at this instant). */
  public void runDue() {
    runUntil(nowNanos);
  }

  /**
   * Runs tasks one at a time, moving the clock to each task's time, until none is due at or
   * before {@code deadlineNanos}; the clock ends at {@code deadlineNanos}.
   */
  public void runUntil(long deadlineNanos) {
    while (true) {
      Entry next = queue.peek();
      if (next == null || next.atNanos > deadlineNanos) {
        break;
      }
      queue.poll();
      if (next.cancelled) {
        continue;
      }
      nowNanos = next.atNanos;
      next.task.run();
    }
    nowNanos = Math.max(nowNanos, deadlineNanos);
  }

  /** Time of the next pending task, or -1 when none is pending. */
  public long nextDueNanos() {
    while (!queue.isEmpty() && queue.peek().cancelled) {
      queue.poll();
    }
    return queue.isEmpty() ? -1 : queue.peek().atNanos;
  }

  /** Number of scheduled tasks not yet run (cancelled ones included until they come due). */
  public int pending() {
    return queue.size();
  }

  private static final class Entry implements Comparable<Entry> {
    final long atNanos;
    final long order;
    final Runnable task;
    boolean cancelled;

    Entry(long atNanos, long order, Runnable task) {
      this.atNanos = atNanos;
      this.order = order;
      this.task = task;
    }

    @Override
    public int compareTo(Entry o) {
      int byTime = Long.compare(atNanos, o.atNanos);
      return byTime != 0 ? byTime : Long.compare(order, o.order);
    }
  }
}
