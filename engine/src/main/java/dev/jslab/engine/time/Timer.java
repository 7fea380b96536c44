package dev.jslab.engine.time;

/** A scheduled task that has not run yet, and can be cancelled. */
@FunctionalInterface
public interface Timer {
  /** Prevents the task from running if it has not run yet; harmless otherwise. */
  void cancel();
}
