package dev.jslab.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutageTest {
  private static RetryingPublisher.Ack ack(String id, long startMs, long ackMs) {
    return new RetryingPublisher.Ack(id, 1, false, startMs * 1_000_000, ackMs * 1_000_000);
  }

  @Test
  void publishingResumesWithTheFirstAttemptBegunAfterTheFaultTookEffect() {
    // fault from 100 ms to 350 ms (a stepdown that answers after 250 ms)
    List<RetryingPublisher.Ack> acks =
        List.of(
            ack("m-1", 90, 91),
            ack("m-2", 120, 121), // the old leader still answered: does not count
            ack("m-3", 380, 390));
    assertThat(Outage.millis(acks, 100_000_000, 350_000_000)).contains(290.0);
  }

  @Test
  void anAttemptStartedExactlyAsTheFaultTookEffectCounts() {
    assertThat(Outage.millis(List.of(ack("m-1", 350, 360)), 100_000_000, 350_000_000)).contains(260.0);
  }

  @Test
  void noAckAfterTheFaultMeansNotResumed() {
    assertThat(Outage.millis(List.of(ack("m-1", 90, 400)), 100_000_000, 350_000_000)).isEmpty();
  }
}
