package dev.jslab.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExactlyOnceTest {
  @Test
  void everyAcknowledgedIdStoredOnceHolds() {
    ExactlyOnce verdict = ExactlyOnce.judge(List.of("m-1", "m-2", "m-3"), List.of("m-1", "m-2", "m-3"));
    assertThat(verdict.holds()).isTrue();
    assertThat(verdict.summary())
        .isEqualTo("3 acknowledged, 3 stored (0 never acknowledged), 0 lost, 0 duplicated");
  }

  @Test
  void anIdAcknowledgedTwiceAfterARetryCountsOnce() {
    ExactlyOnce verdict = ExactlyOnce.judge(List.of("m-1", "m-2", "m-2"), List.of("m-1", "m-2"));
    assertThat(verdict.holds()).isTrue();
    assertThat(verdict.acknowledged()).isEqualTo(2);
  }

  @Test
  void aStoredButUnacknowledgedPublishIsAllowedOnce() {
    ExactlyOnce verdict = ExactlyOnce.judge(List.of("m-1"), List.of("m-1", "m-2"));
    assertThat(verdict.holds()).isTrue();
    assertThat(verdict.unacknowledged()).isEqualTo(1);
  }

  @Test
  void aLostAcknowledgedIdBreaksIt() {
    ExactlyOnce verdict = ExactlyOnce.judge(List.of("m-1", "m-2", "m-3"), List.of("m-1", "m-3"));
    assertThat(verdict.holds()).isFalse();
    assertThat(verdict.lost()).containsExactly("m-2");
    assertThat(verdict.summary()).endsWith("1 lost, 0 duplicated; lost e.g. [m-2]");
  }

  @Test
  void anIdStoredTwiceBreaksItAcknowledgedOrNot() {
    ExactlyOnce acked = ExactlyOnce.judge(List.of("m-1", "m-2"), List.of("m-1", "m-2", "m-2"));
    assertThat(acked.holds()).isFalse();
    assertThat(acked.duplicated()).containsExactly("m-2");
    assertThat(acked.stored()).isEqualTo(3);
    ExactlyOnce unacked = ExactlyOnce.judge(List.of("m-1"), List.of("m-1", "m-2", "m-2", "m-2"));
    assertThat(unacked.holds()).isFalse();
    assertThat(unacked.duplicated()).containsExactly("m-2");
  }
}
