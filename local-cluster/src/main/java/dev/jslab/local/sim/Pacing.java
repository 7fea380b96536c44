package dev.jslab.local.sim;

import dev.jslab.engine.time.VirtualScheduler;

/**
 * How a simulation's virtual time follows the wall clock: at a speed factor (1 = real time, 10 =
 * ten times faster, 0.5 = slow motion), paused, resumed, or stepped one event at a time while
 * paused. It runs the {@link VirtualScheduler}'s due tasks itself; the caller only tells it what
 * the wall clock says ({@link #catchUp}) and how long it may wait ({@link #wallNanosUntilNext}).
 * Reads no clock and starts no thread, so it is tested with any wall time one likes.
 *
 * <p>Not thread-safe: confined to the thread that drives the simulation.
 */
public final class Pacing {
  private final VirtualScheduler scheduler;
  private double speed;
  private boolean paused;
  /** The wall time and virtual time at which the current speed took effect. */
  private long wallAnchor;
  private long virtualAnchor;

  /**
   * @param scheduler the simulation's time and tasks
   * @param speed virtual nanoseconds per wall nanosecond, greater than 0
   * @param wallNowNanos the wall clock now (any monotonic origin)
   */
  public Pacing(VirtualScheduler scheduler, double speed, long wallNowNanos) {
    this.scheduler = scheduler;
    this.speed = checkSpeed(speed);
    reanchor(wallNowNanos);
  }

  /**
   * Runs every task due up to the virtual time that corresponds to {@code wallNowNanos}, in order,
   * and moves virtual time there; nothing while paused. Returns whether any task ran.
   */
  public boolean catchUp(long wallNowNanos) {
    if (paused) {
      return false;
    }
    long target = virtualAt(wallNowNanos);
    long next = scheduler.nextDueNanos();
    boolean ran = next >= 0 && next <= target;
    scheduler.runUntil(Math.max(target, scheduler.nowNanos()));
    return ran;
  }

  /**
   * How long the driver may wait before the next task is due, in wall nanoseconds (0: one is due
   * now); {@code Long.MAX_VALUE} while paused or with nothing scheduled.
   */
  public long wallNanosUntilNext(long wallNowNanos) {
    long next = scheduler.nextDueNanos();
    if (paused || next < 0) {
      return Long.MAX_VALUE;
    }
    long virtualWait = next - virtualAt(wallNowNanos);
    return virtualWait <= 0 ? 0 : (long) Math.ceil(virtualWait / speed);
  }

  /** Stops virtual time; what is due waits. */
  public void pause(long wallNowNanos) {
    if (!paused) {
      catchUp(wallNowNanos);
      paused = true;
    }
  }

  /** Lets virtual time run again from where it stood (the pause is not made up for). */
  public void resume(long wallNowNanos) {
    if (paused) {
      paused = false;
      reanchor(wallNowNanos);
    }
  }

  /**
   * While paused, jumps to the next due task and runs the tasks due at that instant; returns the
   * virtual time it stepped to, or -1 with nothing scheduled.
   *
   * @throws IllegalStateException when not paused (a running simulation steps itself)
   */
  public long step() {
    if (!paused) {
      throw new IllegalStateException("pause the simulation before stepping it");
    }
    long next = scheduler.nextDueNanos();
    if (next < 0) {
      return -1;
    }
    scheduler.runUntil(next);
    return next;
  }

  /** Changes the speed from now on; virtual time does not jump. */
  public void setSpeed(double newSpeed, long wallNowNanos) {
    checkSpeed(newSpeed);
    catchUp(wallNowNanos);
    speed = newSpeed;
    reanchor(wallNowNanos);
  }

  public double speed() {
    return speed;
  }

  public boolean isPaused() {
    return paused;
  }

  /** The simulation's time now. */
  public long virtualNowNanos() {
    return scheduler.nowNanos();
  }

  private long virtualAt(long wallNowNanos) {
    return virtualAnchor + (long) ((wallNowNanos - wallAnchor) * speed);
  }

  private void reanchor(long wallNowNanos) {
    wallAnchor = wallNowNanos;
    virtualAnchor = scheduler.nowNanos();
  }

  private static double checkSpeed(double speed) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive number (was " + speed + ")");
    }
    return speed;
  }
}
