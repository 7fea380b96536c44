package dev.jslab.local.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.time.VirtualScheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The live runner's thread, at speeds that keep the test fast; futures, not sleeps, wait. */
class PacedRunnerTest {
  private static final long S = 1_000_000_000L;

  @Test
  void aTaskDueInVirtualTimeRunsOnTheSimulationThreadAsTheWallClockCatchesUp() throws Exception {
    VirtualScheduler scheduler = new VirtualScheduler(0);
    try (PacedRunner runner = new PacedRunner("t", scheduler, 1_000.0)) {
      CompletableFuture<String> ranOn = new CompletableFuture<>();
      runner.submit(p -> scheduler.schedule(2 * S, () -> ranOn.complete(Thread.currentThread().getName())));
      // two virtual seconds at a thousand times the wall clock: about 2 ms
      assertThat(ranOn.get(5, TimeUnit.SECONDS)).isEqualTo("sim-t");
      assertThat(runner.submit(Pacing::virtualNowNanos).get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(2 * S);
    }
  }

  @Test
  void whilePausedNothingRunsUntilStepped() throws Exception {
    VirtualScheduler scheduler = new VirtualScheduler(0);
    try (PacedRunner runner = new PacedRunner("p", scheduler, 1_000.0)) {
      long pausedAt = runner.pause().get(5, TimeUnit.SECONDS);
      CompletableFuture<Long> ran = new CompletableFuture<>();
      runner.submit(p -> scheduler.schedule(S, () -> ran.complete(scheduler.nowNanos())));
      // a second of virtual time at this speed is 1 ms of wall time; checked again after far more
      runner.submit(p -> p.virtualNowNanos()).get(5, TimeUnit.SECONDS);
      assertThat(runner.submit(p -> p.virtualNowNanos()).get(5, TimeUnit.SECONDS)).isEqualTo(pausedAt);
      assertThat(ran).isNotDone();
      assertThat(runner.step().get(5, TimeUnit.SECONDS)).isEqualTo(pausedAt + S);
      assertThat(ran.get(5, TimeUnit.SECONDS)).isEqualTo(pausedAt + S);
    }
  }

  @Test
  void workSubmittedAfterCloseIsRefused() throws Exception {
    PacedRunner runner = new PacedRunner("c", new VirtualScheduler(0), 1.0);
    runner.close();
    assertThat(runner.submit(p -> 1)).isCompletedExceptionally();
  }
}
