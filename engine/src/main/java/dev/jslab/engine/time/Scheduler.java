package dev.jslab.engine.time;

/**
 * The engine's only way to do something later: a task runs on the node's executor after a delay
 * of the scheduler's time, never on another thread and never concurrently with other node work.
 *
 * <p>Called from the node's executor. {@code schedule} must not block and must not run the task
 * synchronously.
 */
public interface Scheduler extends TimeSource {
  /** Runs {@code task} once, {@code delayNanos} from now (0 or less: as soon as possible). */
  Timer schedule(long delayNanos, Runnable task);
}
