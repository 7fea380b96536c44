package dev.jslab.engine.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.consumer.AckPolicy;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.consumer.ConsumerJson;
import dev.jslab.engine.consumer.DeliverPolicy;
import dev.jslab.engine.consumer.ReplayPolicy;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerConfigJsonTest {
  private static ConsumerConfig read(String json) {
    return ConsumerConfigJson.read(json.getBytes(UTF_8));
  }

  @Test
  void everyFieldSurvivesARoundTripThroughTheWriter() {
    ConsumerConfig cfg =
        ConsumerConfig.builder()
            .durable("D")
            .name("D")
            .description("desc")
            .deliverPolicy(DeliverPolicy.BY_START_TIME)
            .optStartTime(Instant.parse("2024-05-01T10:00:00.5Z"))
            .ackPolicy(AckPolicy.EXPLICIT)
            .ackWaitNanos(30_000_000_000L)
            .maxDeliver(5)
            .backoffNanos(1_000_000_000L, 5_000_000_000L)
            .filterSubjects("a.*", "b.>")
            .replayPolicy(ReplayPolicy.ORIGINAL)
            .rateLimitBps(1000)
            .sampleFrequency("100%")
            .maxAckPending(10)
            .idleHeartbeatNanos(5_000_000_000L)
            .flowControl(true)
            .headersOnly(true)
            .deliverSubject("deliver.d")
            .deliverGroup("g")
            .inactiveThresholdNanos(7)
            .replicas(1)
            .memoryStorage(true)
            .metadata(Map.of("k", "v"))
            .build();
    assertThat(ConsumerConfigJson.read(ConsumerJson.config(cfg))).isEqualTo(cfg);
  }

  @Test
  void unknownPoliciesAreInvalidJsonAsNatsServerAnswers() {
    assertThatThrownBy(() -> read("{\"ack_policy\":\"sometimes\"}")).hasMessage("invalid JSON (400/10025)");
    assertThatThrownBy(() -> read("{\"deliver_policy\":\"later\"}")).hasMessageContaining("10025");
    assertThatThrownBy(() -> read("{\"replay_policy\":\"fast\"}")).hasMessageContaining("10025");
    assertThatThrownBy(() -> read("{\"backoff\":[\"1s\"]}")).hasMessageContaining("10025");
  }

  @Test
  void undefinedDeliverPolicyMeansAll() {
    assertThat(read("{\"deliver_policy\":\"undefined\"}").deliverPolicy()).isEqualTo(DeliverPolicy.ALL);
  }
}
