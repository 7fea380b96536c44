package dev.jslab.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
  private static final long SECOND = 1_000_000_000L;
  private final VirtualScheduler scheduler = new VirtualScheduler(1_700_000_000L * SECOND);
  private final List<String> ran = new ArrayList<>();

  @Test
  void nothingRunsUntilTimeAdvancesPastTheDelay() {
    long start = scheduler.nowNanos();
    scheduler.schedule(2 * SECOND, () -> ran.add("a"));
    scheduler.advance(SECOND);
    assertThat(ran).isEmpty();
    scheduler.advance(SECOND);
    assertThat(ran).containsExactly("a");
    assertThat(scheduler.nowNanos()).isEqualTo(start + 2 * SECOND);
  }

  @Test
  void tasksRunInTimeOrderAndTiesInSchedulingOrder() {
    scheduler.schedule(3 * SECOND, () -> ran.add("late"));
    scheduler.schedule(SECOND, () -> ran.add("first"));
    scheduler.schedule(SECOND, () -> ran.add("second"));
    scheduler.advance(5 * SECOND);
    assertThat(ran).containsExactly("first", "second", "late");
  }

  @Test
  void aTaskSeesTheClockAtItsOwnDueTime() {
    long start = scheduler.nowNanos();
    List<Long> seen = new ArrayList<>();
    scheduler.schedule(SECOND, () -> seen.add(scheduler.nowNanos()));
    scheduler.advance(10 * SECOND);
    assertThat(seen).containsExactly(start + SECOND);
  }

  @Test
  void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
    scheduler.schedule(SECOND, () -> scheduler.schedule(SECOND, () -> ran.add("chained")));
    scheduler.advance(2 * SECOND);
    assertThat(ran).containsExactly("chained");
  }

  @Test
  void cancelledTasksNeverRun() {
    Timer timer = scheduler.schedule(SECOND, () -> ran.add("x"));
    timer.cancel();
    scheduler.advance(2 * SECOND);
    assertThat(ran).isEmpty();
    assertThat(scheduler.nextDueNanos()).isEqualTo(-1);
  }

  @Test
  void timeNeverGoesBack() {
    assertThatThrownBy(() -> scheduler.advance(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
