package dev.jslab.engine.sourcing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.advisory.Nuid;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.stream.ExternalStream;
import dev.jslab.engine.stream.StreamSource;
import dev.jslab.engine.stream.SubjectTransform;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The create requests of mirrors and sources, for the cases the end-to-end tests do not reach. */
class CreateRequestTest {
  private static final long T = 1_700_000_000_000_000_000L;
  private static final StoreState EMPTY = new StoreState(0, 0, 1, 0, 0, 0, 0, 0);

  private final SplittableRandom random = new SplittableRandom(1);
  private final Nuid nuid = new Nuid(random);

  private static String body(CreateRequest r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void externalOriginsGetTheirApiPrefixAndDeliverUnderTheirDeliverPrefix() {
    StreamSource m = new StreamSource("O", 0, null, null, List.of(),
        new ExternalStream("$JS.hub.API", "hub.deliver"));
    CreateRequest r = CreateRequest.mirror(m, EMPTY, random, nuid);
    assertThat(r.subject()).isEqualTo("$JS.hub.API.CONSUMER.CREATE.O");
    assertThat(r.deliverSubject()).matches("hub\\.deliver\\.M\\.[0-9A-Za-z]{8}");
    assertThat(CreateRequest.source(m, 1, EMPTY, random, nuid).deliverSubject())
        .matches("hub\\.deliver\\.S\\.[0-9A-Za-z]{8}");
  }

  @Test
  void aMirrorThatHoldsMessagesResumesAfterItsLastSequenceWhateverItsStartOptions() {
    StreamSource m = new StreamSource("O", 3, null, null, List.of(), null);
    StoreState holding = new StoreState(2, 100, 3, T, 9, T, 1, 5);
    assertThat(body(CreateRequest.mirror(m, holding, random, nuid)))
        .contains("\"deliver_policy\":\"by_start_sequence\",\"opt_start_seq\":10,");
  }

  @Test
  void aSourceStartTimeIsNeverBeforeTheStreamsLastMessage() {
    Instant early = Instant.ofEpochSecond(0, T - 5_000_000_000L);
    StreamSource s = new StreamSource("A", 0, early, null, List.of(), null);
    StoreState holding = new StoreState(1, 10, 1, T, 1, T, 1, 0);
    assertThat(body(CreateRequest.source(s, 1, holding, random, nuid)))
        .contains("\"deliver_policy\":\"by_start_time\",\"opt_start_time\":\"2023-11-14T22:13:20Z\",");
    assertThat(body(CreateRequest.source(s, 1, EMPTY, random, nuid)))
        .contains("\"opt_start_time\":\"2023-11-14T22:13:15Z\",");
  }

  @Test
  void aSourceWithSeveralTransformsFiltersOnAllOfThemUnnamed() {
    StreamSource s = new StreamSource("A", 0, null, null,
        List.of(new SubjectTransform("a.*", "x.$1"), new SubjectTransform("b.*", "y.$1")), null);
    CreateRequest r = CreateRequest.source(s, 8, EMPTY, random, nuid);
    assertThat(r.subject()).isEqualTo("$JS.API.CONSUMER.CREATE.A");
    assertThat(body(r)).contains("\"opt_start_seq\":8,")
        .contains("\"filter_subjects\":[\"a.*\",\"b.*\"]").doesNotContain("\"name\"");
  }
}
