package dev.jslab.local.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.time.VirtualScheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Virtual time following a wall clock that the test moves by hand. */
class PacingTest {
  private static final long S = 1_000_000_000L;

  private final VirtualScheduler scheduler = new VirtualScheduler(0);
  private final List<Long> ranAt = new ArrayList<>();

  private void at(long virtualNanos) {
    scheduler.schedule(virtualNanos - scheduler.nowNanos(), () -> ranAt.add(scheduler.nowNanos()));
  }

  @Test
  void atTwiceTheSpeedOneWallSecondRunsTwoVirtualSecondsOfTasks() {
    Pacing pacing = new Pacing(scheduler, 2.0, 100 * S);
    at(1 * S);
    at(2 * S);
    at(3 * S);
    assertThat(pacing.catchUp(101 * S)).isTrue();
    assertThat(ranAt).containsExactly(1 * S, 2 * S);
    assertThat(pacing.virtualNowNanos()).isEqualTo(2 * S);
    assertThat(pacing.wallNanosUntilNext(101 * S)).isEqualTo(S / 2);
  }

  @Test
  void slowMotionStretchesTheWaitForTheNextTask() {
    Pacing pacing = new Pacing(scheduler, 0.5, 0);
    at(1 * S);
    assertThat(pacing.wallNanosUntilNext(0)).isEqualTo(2 * S);
    assertThat(pacing.catchUp(S)).isFalse();
    assertThat(ranAt).isEmpty();
    pacing.catchUp(2 * S);
    assertThat(ranAt).containsExactly(1 * S);
  }

  @Test
  void aPausedSimulationStandsStillAndResumesWhereItStoodWithoutMakingUpThePause() {
    Pacing pacing = new Pacing(scheduler, 1.0, 0);
    at(5 * S);
    pacing.catchUp(2 * S);
    pacing.pause(2 * S);
    assertThat(pacing.catchUp(60 * S)).isFalse();
    assertThat(pacing.virtualNowNanos()).isEqualTo(2 * S);
    assertThat(pacing.wallNanosUntilNext(60 * S)).isEqualTo(Long.MAX_VALUE);
    pacing.resume(60 * S);
    pacing.catchUp(62 * S);
    assertThat(ranAt).isEmpty();
    pacing.catchUp(63 * S);
    assertThat(ranAt).containsExactly(5 * S);
  }

  @Test
  void stepRunsOnlyTheNextInstantAndOnlyWhilePaused() {
    Pacing pacing = new Pacing(scheduler, 1.0, 0);
    at(1 * S);
    at(1 * S);
    at(4 * S);
    assertThatThrownBy(pacing::step).hasMessage("pause the simulation before stepping it");
    pacing.pause(0);
    assertThat(pacing.step()).isEqualTo(1 * S);
    assertThat(ranAt).containsExactly(1 * S, 1 * S);
    assertThat(pacing.step()).isEqualTo(4 * S);
    assertThat(pacing.step()).isEqualTo(-1);
    assertThat(ranAt).containsExactly(1 * S, 1 * S, 4 * S);
  }

  @Test
  void changingTheSpeedKeepsVirtualTimeContinuous() {
    Pacing pacing = new Pacing(scheduler, 1.0, 0);
    pacing.setSpeed(10.0, 3 * S);
    assertThat(pacing.virtualNowNanos()).isEqualTo(3 * S);
    at(13 * S);
    pacing.catchUp(4 * S);
    assertThat(ranAt).containsExactly(13 * S);
    assertThatThrownBy(() -> pacing.setSpeed(0, 5 * S)).hasMessage("speed must be a positive number (was 0.0)");
  }
}
