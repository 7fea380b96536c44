package dev.jslab.engine.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RaftTimingsTest {
  @Test
  void theDefaultsAreNatsServers() {
    // raft.go: minElectionTimeoutDefault 4s, maxElectionTimeoutDefault 9s, hbIntervalDefault 1s,
    // lostQuorumIntervalDefault 10s, campaign after minCampaignTimeout/2 = 50ms.
    RaftTimings t = RaftTimings.NATS_DEFAULTS;
    assertThat(Duration.ofNanos(t.electionMinNanos())).isEqualTo(Duration.ofSeconds(4));
    assertThat(Duration.ofNanos(t.electionMaxNanos())).isEqualTo(Duration.ofSeconds(9));
    assertThat(Duration.ofNanos(t.heartbeatNanos())).isEqualTo(Duration.ofSeconds(1));
    assertThat(Duration.ofNanos(t.lostQuorumNanos())).isEqualTo(Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(t.campaignDelayNanos())).isEqualTo(Duration.ofMillis(50));
    assertThat(Duration.ofNanos(t.healthyWithinNanos())).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void bothPresetsAreSelectableByName() {
    assertThat(RaftTimings.named("nats")).isSameAs(RaftTimings.NATS_DEFAULTS);
    assertThat(RaftTimings.named("Classroom")).isSameAs(RaftTimings.CLASSROOM);
    assertThat(RaftTimings.CLASSROOM.electionMinNanos()).isEqualTo(Duration.ofMillis(300).toNanos());
    assertThatThrownBy(() -> RaftTimings.named("fast")).hasMessageContaining("classroom");
  }

  @Test
  void aHeartbeatNotBelowTheElectionTimeoutIsRefused() {
    assertThatThrownBy(() -> new RaftTimings(100, 200, 100, 1000, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
