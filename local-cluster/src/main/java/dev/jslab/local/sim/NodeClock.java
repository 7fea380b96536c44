package dev.jslab.local.sim;

import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of one simulated node's timers on the simulation's shared scheduler: while the node is
 * paused its due tasks are held and run, late and at once, when it resumes (a frozen process);
 * once the node stops, none of its tasks runs again (a process that is gone).
 *
 * <p>Not thread-safe: confined to the thread that drives the simulation.
 */
final class NodeClock implements Scheduler {
  private final Scheduler shared;
  private final List<Task> held = new ArrayList<>();
  private boolean paused;
  private boolean stopped;

  NodeClock(Scheduler shared) {
    this.shared = shared;
  }

  @Override
  public long nowNanos() {
    return shared.nowNanos();
  }

  @Override
  public Timer schedule(long delayNanos, Runnable task) {
    Task t = new Task(task);
    Timer timer = shared.schedule(delayNanos, () -> due(t));
    return () -> {
      t.cancelled = true;
      timer.cancel();
    };
  }

  private void due(Task t) {
    if (stopped || t.cancelled) {
      return;
    }
    if (paused) {
      held.add(t);
    } else {
      t.body.run();
    }
  }

  /** Holds the node's due tasks from now on. */
  void pause() {
    paused = true;
  }

  /** Runs the held tasks (as soon as the scheduler gets to them) and the later ones when due. */
  void resume() {
    paused = false;
    List<Task> late = List.copyOf(held);
    held.clear();
    late.forEach(t -> shared.schedule(0, () -> due(t)));
  }

  /** No task of this run of the node ever runs again. */
  void stop() {
    stopped = true;
    held.clear();
  }

  private static final class Task {
    final Runnable body;
    boolean cancelled;

    Task(Runnable body) {
      this.body = body;
    }
  }
}
