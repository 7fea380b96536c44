package dev.jslab.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.store.StorageType;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StreamConfigCheckTest {
  private static final Function<String, Optional<StreamConfig>> NONE = n -> Optional.empty();
  private static final long SECOND = 1_000_000_000L;

  private static StreamConfig check(StreamConfig.Builder b) {
    return StreamConfigCheck.check(b.build(), NONE);
  }

  @Test
  void defaultsAreFilledAsNatsServerFillsThem() {
    StreamConfig c = check(StreamConfig.builder("S"));
    assertThat(c.subjects()).containsExactly("S");
    assertThat(c.replicas()).isEqualTo(1);
    assertThat(c.maxMsgs()).isEqualTo(-1);
    assertThat(c.maxBytes()).isEqualTo(-1);
    assertThat(c.maxMsgSize()).isEqualTo(-1);
    assertThat(c.maxConsumers()).isEqualTo(-1);
    assertThat(c.maxMsgsPerSubject()).isEqualTo(-1);
    assertThat(c.duplicateWindowNanos()).isEqualTo(120 * SECOND);
    assertThat(c.storage()).isEqualTo(StorageType.FILE);
    assertThat(check(StreamConfig.builder("S").maxAgeNanos(30 * SECOND)).duplicateWindowNanos()).isEqualTo(30 * SECOND);
  }

  @Test
  void namesWithSeparatorsWildcardsOrSpacesAreRefused() {
    for (String bad : new String[] {"", "a.b", "a*", "a>", "a b", "a\tb"}) {
      assertThatThrownBy(() -> check(StreamConfig.builder(bad)))
          .as(bad)
          .hasMessage("stream name is required and can not contain '.', '*', '>' (500/10052)");
    }
    assertThatThrownBy(() -> check(StreamConfig.builder("x".repeat(256))))
        .hasMessage("stream name is too long, maximum allowed is 255 (500/10052)");
    assertThatThrownBy(() -> check(StreamConfig.builder("é".repeat(128))))
        .as("names are measured in bytes").hasMessageContaining("too long");
  }

  @Test
  void replicasDurationsAndDiscardRulesAnswerWithNatsServerTexts() {
    assertThatThrownBy(() -> check(StreamConfig.builder("S").replicas(6))).hasMessage("maximum replicas is 5 (500/10052)");
    assertThatThrownBy(() -> check(StreamConfig.builder("S").replicas(-1))).hasMessage("replicas count cannot be negative (400/10133)");
    assertThatThrownBy(() -> check(StreamConfig.builder("S").maxAgeNanos(SECOND / 20))).hasMessage("max age needs to be >= 100ms (500/10052)");
    assertThatThrownBy(() -> check(StreamConfig.builder("S").duplicateWindowNanos(SECOND / 20))).hasMessage("duplicates window needs to be >= 100ms (500/10052)");
    assertThatThrownBy(() -> check(StreamConfig.builder("S").maxAgeNanos(SECOND).duplicateWindowNanos(2 * SECOND)))
        .hasMessage("duplicates window can not be larger then max age (500/10052)");
    assertThatThrownBy(() -> check(StreamConfig.builder("S").discardNewPerSubject(true)))
        .hasMessage("discard new per subject requires discard new policy to be set (500/10052)");
    assertThatThrownBy(() -> check(StreamConfig.builder("S").denyPurge(true).allowRollup(true)))
        .hasMessage("roll-ups require the purge permission (500/10052)");
  }

  @Test
  void subjectRulesAnswerWithNatsServerTexts() {
    assertThatThrownBy(() -> check(StreamConfig.builder("S").subjects("a..b"))).hasMessage("invalid subject (500/10052)");
    assertThatThrownBy(() -> check(StreamConfig.builder("S").subjects("a", "a"))).hasMessage("duplicate subjects detected (500/10052)");
    assertThatThrownBy(() -> check(StreamConfig.builder("S").subjects(">"))).hasMessage("capturing all subjects requires no-ack to be true (500/10052)");
    assertThatThrownBy(() -> check(StreamConfig.builder("S").subjects("$JS.API.>")))
        .hasMessage("subjects that overlap with jetstream api require no-ack to be true (500/10052)");
    assertThatThrownBy(() -> check(StreamConfig.builder("S").subjects("a.*", "a.b")))
        .hasMessageContaining("overlaps with");
    assertThat(check(StreamConfig.builder("S").subjects("$JS.EVENT.ADVISORY.>")).subjects()).containsExactly("$JS.EVENT.ADVISORY.>");
  }

  @Test
  void republishMustFormAValidTransformAndNoCycle() {
    assertThatThrownBy(() -> check(StreamConfig.builder("S").subjects("rp.*").republish(new Republish("rp.*", "x.$2", false))))
        .hasMessage("stream configuration for republish with transform from 'rp.*' to 'x.$2' not valid (500/10052)");
    assertThatThrownBy(() -> check(StreamConfig.builder("S").subjects("rp.*").republish(new Republish(null, "rp.x", false))))
        .hasMessage("stream configuration for republish destination forms a cycle (500/10052)");
  }

  @Test
  void aSourceMayNotAcceptLargerMessagesThanItsTargetTakes() {
    StreamConfig origin = StreamConfigCheck.check(StreamConfig.builder("O").maxMsgSize(100).build(), NONE);
    assertThatThrownBy(() -> StreamConfigCheck.check(
            StreamConfig.builder("T").maxMsgSize(50).sources(StreamSource.of("O")).build(),
            n -> n.equals("O") ? Optional.of(origin) : Optional.empty()))
        .hasMessage("stream source must have max message size >= target (400/10046)");
  }

  @Test
  void updatesMayNotChangeStorageRetentionToWorkQueueOrUnsetQualifiers() {
    StreamConfig old = check(StreamConfig.builder("S").denyDelete(true));
    assertThatThrownBy(() -> StreamConfigCheck.checkUpdate(old, old.toBuilder().storage(StorageType.MEMORY).build(), NONE))
        .hasMessage("stream configuration update can not change storage type (500/10052)");
    assertThatThrownBy(() -> StreamConfigCheck.checkUpdate(old, old.toBuilder().retention(RetentionPolicy.WORK_QUEUE).build(), NONE))
        .hasMessage("stream configuration update can not change retention policy to/from workqueue (500/10052)");
    assertThatThrownBy(() -> StreamConfigCheck.checkUpdate(old, old.toBuilder().denyDelete(false).build(), NONE))
        .hasMessage("stream configuration update can not cancel deny message deletes (500/10052)");
    assertThat(StreamConfigCheck.checkUpdate(old, old.toBuilder().retention(RetentionPolicy.INTEREST).build(), NONE).retention())
        .isEqualTo(RetentionPolicy.INTEREST);
  }

  @Test
  void metadataIsLimitedIn128KiBOfKeysAndValues() {
    assertThatThrownBy(() -> check(StreamConfig.builder("S").metadata(Map.of("k", "v".repeat(128 * 1024)))))
        .hasMessage("stream metadata exceeds maximum size of 131072 bytes (500/10052)");
  }
}
