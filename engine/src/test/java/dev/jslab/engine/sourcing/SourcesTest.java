package dev.jslab.engine.sourcing;

import static dev.jslab.engine.sourcing.SourcingFixture.MS;
import static dev.jslab.engine.sourcing.SourcingFixture.SECOND;
import static dev.jslab.engine.sourcing.SourcingFixture.T0;
import static dev.jslab.engine.sourcing.SourcingFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.api.JsError;
import dev.jslab.engine.message.Headers;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.stream.StreamSource;
import dev.jslab.engine.stream.SubjectTransform;
import dev.jslab.engine.wire.StreamSourceInfoJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sources: aggregation with Nats-Stream-Source headers, filters and transforms, restarts, updates, retries. */
class SourcesTest {
  private final SourcingFixture f = new SourcingFixture();

  private static StreamConfig stream(String name, String... subjects) {
    return StreamConfig.builder(name).subjects(subjects).build();
  }

  private static StreamConfig sourcing(String name, List<String> subjects, StreamSource... sources) {
    return StreamConfig.builder(name).subjects(subjects).sources(sources).build();
  }

  private static StreamSource transformed(String name, String src, String dest) {
    return new StreamSource(name, 0, null, null, List.of(new SubjectTransform(src, dest)), null);
  }

  private static StreamSource filtered(String name, String filter) {
    return new StreamSource(name, 0, null, filter, List.of(), null);
  }

  private static String headers(StoredMessage m) {
    return text(m.headers());
  }

  private List<String> infos(String stream) {
    return f.js.sourcesInfo(stream).stream().map(i -> text(StreamSourceInfoJson.toJson(i))).toList();
  }

  @Test
  void sourcesAggregateTwoOriginsAndTheStreamsOwnSubjectsWithNewSequences() {
    f.create(stream("A", "a.>"));
    f.create(stream("B", "b.>"));
    f.publish("a.1", "a1");
    f.publish("a.2", "a2");
    f.publish("b.1", "b1");
    f.create(sourcing("S", List.of("s.>"), StreamSource.of("A"), StreamSource.of("B")));
    f.advance(SECOND);
    f.publish("s.1", "s1");
    f.publish("b.2", "b2");
    f.settle();

    List<StoredMessage> all = f.messages("S");
    assertThat(all).extracting(m -> text(m.data())).containsExactly("a1", "a2", "b1", "s1", "b2");
    assertThat(all).extracting(StoredMessage::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(all).extracting(SourcesTest::headers).containsExactly(
        "NATS/1.0\r\nNats-Stream-Source: A 1 > >\r\n\r\n",
        "NATS/1.0\r\nNats-Stream-Source: A 2 > >\r\n\r\n",
        "NATS/1.0\r\nNats-Stream-Source: B 1 > >\r\n\r\n",
        "",
        "NATS/1.0\r\nNats-Stream-Source: B 2 > >\r\n\r\n");
    assertThat(all.get(4).timestampNanos()).isEqualTo(T0 + SECOND);
    assertThat(f.link.requests).extracting(Link.Request::subject)
        .containsExactly("$JS.API.CONSUMER.CREATE.A", "$JS.API.CONSUMER.CREATE.B");
    assertThat(f.link.requests.get(0).body()).contains("\"deliver_policy\":\"all\",")
        .containsPattern("\"deliver_subject\":\"\\$JS\\.S\\.[0-9A-Za-z]{8}\"");
  }

  @Test
  void sourcedMessagesKeepTheirHeadersButNotExpectationsOrAnEarlierSourceHeader() {
    f.create(stream("A", "a.>"));
    f.create(sourcing("S1", List.of(), StreamSource.of("A")));
    f.create(sourcing("S2", List.of(), StreamSource.of("S1")));
    f.publish("a.1", Headers.of(null, "Nats-Expected-Stream", "A", "Trace", "t1", "Nats-Expected-Last-Sequence", "0"), "x");
    f.advance(SECOND);

    assertThat(headers(f.messages("S1").get(0)))
        .isEqualTo("NATS/1.0\r\nTrace: t1\r\nNats-Stream-Source: A 1 > >\r\n\r\n");
    assertThat(headers(f.messages("S2").get(0)))
        .isEqualTo("NATS/1.0\r\nTrace: t1\r\nNats-Stream-Source: S1 1 > >\r\n\r\n");
  }

  @Test
  void sourceWithASubjectTransformRewritesSubjectsAndNamesTheTransformInItsHeader() {
    f.create(stream("B", "b.>"));
    f.publish("b.1", "1");
    f.publish("b.x.y", "not matched");
    f.create(sourcing("S", List.of(), transformed("B", "b.*", "x.$1")));
    f.advance(SECOND);

    Link.Request r = f.link.requests.get(0);
    assertThat(r.subject()).matches("\\$JS\\.API\\.CONSUMER\\.CREATE\\.B\\.src-[0-9A-Za-z]{8}\\.b\\.\\*");
    assertThat(r.body()).contains("\"filter_subject\":\"b.*\"").doesNotContain("filter_subjects");
    assertThat(f.messages("S")).singleElement().satisfies(m -> {
      assertThat(m.subject()).isEqualTo("x.1");
      assertThat(headers(m)).isEqualTo("NATS/1.0\r\nNats-Stream-Source: B 1 b.* x.$1\r\n\r\n");
    });
    assertThat(infos("S")).singleElement().asString().startsWith("{\"name\":\"B\",\"lag\":0,\"active\":")
        .endsWith(",\"subject_transforms\":[{\"src\":\"b.*\",\"dest\":\"x.$1\"}]}");
  }

  @Test
  void filteredSourceCopiesOnlyMatchingMessagesAndReportsItsFilter() {
    f.create(stream("A", "a.>"));
    f.publish("a.skip", "1");
    f.publish("a.keep", "2");
    f.create(sourcing("S", List.of(), filtered("A", "a.keep")));
    f.advance(SECOND);

    assertThat(f.messages("S")).singleElement().satisfies(m ->
        assertThat(headers(m)).isEqualTo("NATS/1.0\r\nNats-Stream-Source: A 2 a.keep >\r\n\r\n"));
    assertThat(f.js.sourcesInfo("S").get(0).filterSubject()).isEqualTo("a.keep");
  }

  @Test
  void restartResumesEachSourceAfterTheLastOriginSequenceItStored() {
    f.create(stream("A", "a.>"));
    f.create(stream("B", "b.>"));
    f.publish("a.1", "a1");
    f.publish("b.1", "b1");
    f.publish("b.2", "b2");
    f.create(sourcing("S", List.of("s.>"), StreamSource.of("A"), transformed("B", "b.*", "x.$1")));
    f.advance(SECOND);
    f.publish("s.1", "s1");
    f.settle();

    f.restart();
    f.publish("a.2", "a2");
    f.publish("b.3", "b3");
    f.advance(SECOND);

    assertThat(f.link.requests).hasSize(4);
    assertThat(f.link.requests.get(2).body()).contains("\"opt_start_seq\":2,");
    assertThat(f.link.requests.get(3).body()).contains("\"opt_start_seq\":3,");
    assertThat(f.messages("S")).extracting(m -> text(m.data()))
        .containsExactly("a1", "b1", "b2", "s1", "a2", "b3");
  }

  @Test
  void aDuplicateMessageIdFromAnotherOriginIsDroppedAndItsSourceRestartsPastIt() {
    f.create(stream("A", "a.>"));
    f.create(stream("B", "b.>"));
    f.create(sourcing("S", List.of(), StreamSource.of("A"), StreamSource.of("B")));
    f.advance(SECOND);
    f.publish("a.1", Headers.of(null, "Nats-Msg-Id", "same"), "from A");
    f.publish("b.1", Headers.of(null, "Nats-Msg-Id", "same"), "from B");
    f.publish("b.2", "after");
    f.advance(3 * SECOND);

    assertThat(f.messages("S")).extracting(m -> text(m.data())).containsExactly("from A", "after");
    assertThat(f.link.requests).hasSize(3);
    assertThat(f.link.requests.get(2).body()).contains("\"opt_start_seq\":2,");
  }

  @Test
  void updateStartsAddedSourcesFromTheirBeginningAndStopsRemovedOnes() {
    f.create(stream("A", "a.>"));
    f.create(stream("B", "b.>"));
    f.publish("b.1", "b1");
    f.create(sourcing("S", List.of(), StreamSource.of("A")));
    f.advance(SECOND);

    f.js.updateStream(sourcing("S", List.of(), StreamSource.of("B")));
    f.advance(SECOND);
    f.publish("a.1", "a1");
    f.publish("b.2", "b2");
    f.advance(SECOND);

    assertThat(f.messages("S")).extracting(m -> text(m.data())).containsExactly("b1", "b2");
    assertThat(infos("S")).singleElement().asString().startsWith("{\"name\":\"B\",");
    assertThat(f.js.require("A").consumers()).as("the internal consumer is there until unused").hasSize(1);
    assertThat(f.js.require("A").consumerCount()).as("internal consumers are not counted").isZero();
    f.advance(10 * SECOND);
    assertThat(f.js.require("A").consumers()).as("the dropped consumer went when unused").isEmpty();
  }

  @Test
  void missingOriginIsReportedAndRetriedWithBackoffUntilItExists() {
    f.create(sourcing("S", List.of(), StreamSource.of("A")));
    assertThat(infos("S")).containsExactly("{\"name\":\"A\",\"lag\":0,\"active\":-1}");
    f.advance(13 * SECOND);

    List<Long> t = f.link.requests.stream().map(r -> r.atNanos() - T0).toList();
    assertThat(t).hasSize(2);
    assertThat(t.get(1) - t.get(0)).isBetween(12 * SECOND + 100 * MS, 12 * SECOND + 200 * MS);
    assertThat(f.js.sourcesInfo("S").get(0).error()).isEqualTo(JsError.STREAM_NOT_FOUND.error());

    f.create(stream("A", "a.>"));
    f.publish("a.1", "a1");
    f.advance(30 * SECOND);
    assertThat(f.messages("S")).extracting(m -> text(m.data())).containsExactly("a1");
    assertThat(f.js.sourcesInfo("S").get(0).error()).isNull();
  }

  @Test
  void quietSourcesAreRestartedByTheTenSecondHealthCheck() {
    f.create(stream("A", "a.>"));
    f.create(sourcing("S", List.of(), StreamSource.of("A")));
    f.advance(SECOND);
    long first = f.link.requests.get(0).atNanos() - T0;
    f.link.inboundCut = true;
    f.advance(19 * SECOND);
    f.link.inboundCut = false;
    f.advance(SECOND);

    // checks at +10 s (exactly 10 s quiet: fine) and +20 s: a new request 100-200 ms later
    assertThat(f.link.requests).hasSize(2);
    long second = f.link.requests.get(1).atNanos() - T0;
    assertThat(second - first).isBetween(20 * SECOND + 100 * MS, 20 * SECOND + 200 * MS);
    f.publish("a.1", "a1");
    f.settle();
    assertThat(f.messages("S")).extracting(m -> text(m.data())).containsExactly("a1");
  }
}
