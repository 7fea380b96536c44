package dev.jslab.engine.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.stream.ExternalStream;
import dev.jslab.engine.stream.RetentionPolicy;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.stream.StreamConfigCheck;
import dev.jslab.engine.stream.StreamSource;
import dev.jslab.engine.stream.SubjectTransform;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamConfigJsonTest {
  private static StreamConfig read(String json) {
    return StreamConfigJson.read(json.getBytes(UTF_8));
  }

  @Test
  void checkedConfigIsWrittenInNatsServerFieldOrder() {
    StreamConfig cfg =
        StreamConfigCheck.check(
            read(
                "{\"name\":\"S03_EVENTS\",\"subjects\":[\"events.user.*\"],\"max_msgs\":1000,"
                    + "\"max_bytes\":1048576,\"max_age\":3600000000000,\"storage\":\"file\",\"discard\":\"old\"}"),
            n -> Optional.empty());
    assertThat(new String(StreamConfigJson.toJson(cfg), UTF_8))
        .isEqualTo(
            "{\"name\":\"S03_EVENTS\",\"subjects\":[\"events.user.*\"],\"retention\":\"limits\",\"max_consumers\":-1,"
                + "\"max_msgs\":1000,\"max_bytes\":1048576,\"max_age\":3600000000000,\"max_msgs_per_subject\":-1,"
                + "\"max_msg_size\":-1,\"discard\":\"old\",\"storage\":\"file\",\"num_replicas\":1,"
                + "\"duplicate_window\":120000000000,\"compression\":\"none\",\"allow_direct\":false,"
                + "\"mirror_direct\":false,\"sealed\":false,\"deny_delete\":false,\"deny_purge\":false,"
                + "\"allow_rollup_hdrs\":false,\"consumer_limits\":{}}");
  }

  @Test
  void everyFieldSurvivesARoundTrip() {
    StreamConfig cfg =
        StreamConfig.builder("ALL")
            .description("d")
            .subjects("a.*", "b")
            .retention(RetentionPolicy.INTEREST)
            .maxConsumers(5)
            .maxMsgs(10)
            .maxBytes(20)
            .maxAgeNanos(30)
            .maxMsgsPerSubject(2)
            .maxMsgSize(100)
            .storage(StorageType.MEMORY)
            .replicas(3)
            .noAck(true)
            .duplicateWindowNanos(7)
            .sources(
                new StreamSource("O", 5, Instant.parse("2024-05-01T12:00:00.12Z"), "x.>", List.of(), new ExternalStream("$JS.dr.API", "")),
                new StreamSource("P", 0, null, null, List.of(new SubjectTransform("p.*", "q.$1")), null))
            .firstSeq(9)
            .subjectTransform(new SubjectTransform("a.*", "c.$1"))
            .allowDirect(true)
            .denyDelete(true)
            .metadata(Map.of("owner", "team"))
            .build();
    assertThat(StreamConfigJson.read(StreamConfigJson.toJson(cfg))).isEqualTo(cfg);
  }

  @Test
  void unknownStorageIsInvalidJson10025() {
    assertThatThrownBy(() -> read("{\"name\":\"X\",\"storage\":\"tape\"}"))
        .isInstanceOf(ApiException.class)
        .hasMessage("invalid JSON (400/10025)");
  }

  @Test
  void valuesOfTheWrongTypeAreInvalidJson() {
    assertThatThrownBy(() -> read("{\"name\":\"X\",\"max_msgs\":\"many\"}")).hasMessageContaining("10025");
    assertThatThrownBy(() -> read("{\"name\":\"X\",\"max_msgs\":1.5}")).hasMessageContaining("10025");
    assertThatThrownBy(() -> read("{\"name\":\"X\",\"subjects\":\"a\"}")).hasMessageContaining("10025");
    assertThatThrownBy(() -> read("{\"name\":\"X\",\"first_seq\":-1}")).hasMessageContaining("10025");
    assertThatThrownBy(() -> read("{\"name\":")).hasMessageContaining("10025");
    assertThatThrownBy(() -> read("[]")).hasMessageContaining("10025");
  }

  @Test
  void unknownFieldsAndNullsAreIgnoredAsGoDoes() {
    StreamConfig cfg = read("{\"name\":\"X\",\"future_field\":{\"a\":1},\"max_msgs\":null,\"discard\":\"NEW\"}");
    assertThat(cfg.maxMsgs()).isZero();
    assertThat(cfg.discard().wireName()).isEqualTo("new");
  }

  @Test
  void timesAreWrittenAsGoWritesRfc3339Nano() {
    assertThat(Rfc3339.format(0)).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(Rfc3339.format(1_700_000_000_120_000_000L)).isEqualTo("2023-11-14T22:13:20.12Z");
    assertThat(Rfc3339.format(1_700_000_000_000_000_000L)).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(Rfc3339.format(1_700_000_000_000_000_001L)).isEqualTo("2023-11-14T22:13:20.000000001Z");
  }
}
