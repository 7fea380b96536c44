package dev.jslab.engine.consumer;

import static dev.jslab.engine.consumer.ConsumerFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.consumer.DeliveryPacing.Prepared;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.StreamConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Original-pace replay and the rate limit holding deliveries back. */
class DeliveryPacingTest {
  private final ConsumerFixture f =
      new ConsumerFixture(StreamConfig.builder("PACE").subjects("pace.>").maxMsgSize(100));
  private final List<Prepared> resumed = new ArrayList<>();

  private DeliveryPacing pacing(ConsumerConfig.Builder cfg) {
    ConsumerCore core = new ConsumerCore(null, f.stream, "P", cfg.build(), f.context());
    return new DeliveryPacing(core);
  }

  private static Prepared message(long seq, long timestampNanos, long size) {
    StoredMessage m = new StoredMessage(seq, "pace.x", null, new byte[0], timestampNanos);
    return new Prepared(m, 1, "deliver", "ack", new byte[0], new byte[0], size, 0, 0);
  }

  private boolean resume(Prepared p) {
    resumed.add(p);
    return true;
  }

  @Test
  void originalReplayHoldsAMessageForTheGapSinceThePreviousOne() {
    DeliveryPacing pacing = pacing(ConsumerConfig.builder().replayPolicy(ReplayPolicy.ORIGINAL));
    pacing.startReplay();
    pacing.replayUpToNow();

    assertThat(pacing.admit(message(1, 1_000 * MS, 10), this::resume)).isTrue();
    assertThat(pacing.admit(message(2, 1_300 * MS, 10), this::resume)).isFalse();
    assertThat(pacing.holding()).isTrue();

    f.scheduler.advance(299 * MS);
    assertThat(resumed).isEmpty();
    f.scheduler.advance(MS);

    assertThat(resumed).singleElement().satisfies(p -> assertThat(p.msg().seq()).isEqualTo(2));
    assertThat(pacing.holding()).isFalse();
    assertThat(pacing.admit(resumed.get(0), this::resume)).isTrue();
  }

  @Test
  void replayEndsOncePastTheStreamsEndAndInstantNeverWaits() {
    DeliveryPacing original = pacing(ConsumerConfig.builder().replayPolicy(ReplayPolicy.ORIGINAL));
    original.startReplay();
    original.replayUpToNow();
    original.admit(message(1, 1_000 * MS, 10), this::resume);
    original.caughtUp(1);

    assertThat(original.admit(message(2, 9_000 * MS, 10), this::resume)).isTrue();

    DeliveryPacing instant = pacing(ConsumerConfig.builder());
    instant.startReplay();
    instant.replayUpToNow();
    instant.admit(message(1, 1_000 * MS, 10), this::resume);
    assertThat(instant.admit(message(2, 9_000 * MS, 10), this::resume)).isTrue();
  }

  @Test
  void theRateLimitHoldsAMessageUntilTheBucketHasRoom() {
    DeliveryPacing pacing = pacing(ConsumerConfig.builder());
    pacing.setRateLimit(8_000); // 1000 bytes per second, a burst of max_msg_size (100 bytes)

    assertThat(pacing.admit(message(1, 0, 60), this::resume)).isTrue();
    assertThat(pacing.admit(message(2, 0, 60), this::resume)).isFalse();

    f.scheduler.advance(20 * MS);

    assertThat(resumed).singleElement().satisfies(p -> assertThat(p.msg().seq()).isEqualTo(2));
    assertThat(pacing.admit(resumed.get(0), this::resume)).isTrue();
  }

  @Test
  void aMessageLargerThanTheBurstIsHeldForGoodUntilStopped() {
    DeliveryPacing pacing = pacing(ConsumerConfig.builder());
    pacing.setRateLimit(8_000);

    assertThat(pacing.admit(message(1, 0, 101), this::resume)).isFalse();
    f.scheduler.advance(60_000 * MS);

    assertThat(resumed).isEmpty();
    assertThat(pacing.holding()).isTrue();
    pacing.stop();
    assertThat(pacing.holding()).isFalse();
  }
}
