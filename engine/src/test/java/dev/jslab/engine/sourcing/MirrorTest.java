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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mirrors: copying, starting points, filters, lag, retries after failures and silence, restarts. */
class MirrorTest {
  private static final String BIG = "x".repeat(128 * 1024);

  private final SourcingFixture f = new SourcingFixture();

  private static StreamConfig origin(String name, String... subjects) {
    return StreamConfig.builder(name).subjects(subjects).build();
  }

  private static StreamConfig mirror(String name, StreamSource of) {
    return StreamConfig.builder(name).mirror(of).build();
  }

  private static StreamSource source(String name, long startSeq, Instant startTime, String filter) {
    return new StreamSource(name, startSeq, startTime, filter, List.of(), null);
  }

  private List<Long> requestTimes() {
    return f.link.requests.stream().map(r -> r.atNanos() - T0).toList();
  }

  private String info(String stream) {
    return text(StreamSourceInfoJson.toJson(f.mirror(stream)));
  }

  private static String deliverSubjectless(String body) {
    return body.replaceAll("\\$JS\\.M\\.[0-9A-Za-z]{8}", "\\$JS.M.<token>");
  }

  @Test
  void mirrorCopiesTheOriginWithItsSequencesTimestampsAndHeadersAndSkipsItsGaps() {
    f.create(origin("O", "o.>"));
    f.publish("o.a", "one");
    f.advance(SECOND);
    f.publish("o.b", Headers.of(null, "Trace", "t-2"), "two");
    f.advance(SECOND);
    f.publish("o.a", "three");
    f.js.require("O").removeMessage(2);

    f.create(mirror("M", StreamSource.of("O")));
    f.advance(SECOND);

    List<StoredMessage> copied = f.messages("M");
    assertThat(copied).extracting(StoredMessage::seq).containsExactly(1L, 3L);
    assertThat(copied).containsExactlyElementsOf(f.messages("O"));
    assertThat(f.state("M").numDeleted()).isEqualTo(1);

    f.advance(SECOND);
    f.publish("o.b", Headers.of(null, "Trace", "t-4"), "four");
    f.settle();
    assertThat(f.messages("M")).containsExactlyElementsOf(f.messages("O"));
    StoredMessage four = f.js.require("M").store().load(4);
    assertThat(four.timestampNanos()).isEqualTo(T0 + 4 * SECOND);
    assertThat(text(four.headers())).isEqualTo("NATS/1.0\r\nTrace: t-4\r\n\r\n");
  }

  @Test
  void theFirstRequestAsksForAnEphemeralDirectPushConsumerFromTheStartAfterTheJitter() {
    f.create(origin("O", "o.>"));
    f.create(mirror("M", StreamSource.of("O")));
    f.advance(SECOND);

    assertThat(f.link.requests).singleElement().satisfies(r -> {
      assertThat(r.atNanos() - T0).isBetween(100 * MS, 200 * MS);
      assertThat(r.subject()).isEqualTo("$JS.API.CONSUMER.CREATE.O");
      assertThat(deliverSubjectless(r.body())).isEqualTo(
          "{\"stream_name\":\"O\",\"config\":{\"deliver_policy\":\"all\",\"ack_policy\":\"none\","
              + "\"ack_wait\":79200000000000,\"max_deliver\":1,\"replay_policy\":\"instant\","
              + "\"idle_heartbeat\":1000000000,\"flow_control\":true,"
              + "\"deliver_subject\":\"$JS.M.<token>\",\"inactive_threshold\":10000000000,"
              + "\"num_replicas\":0,\"direct\":true},\"action\":\"\"}");
    });
    assertThat(f.js.consumerNames("O")).as("direct consumers are internal").isEmpty();
  }

  @Test
  void mirrorWithOptStartSeqBeginsThereAndItsFirstSequenceFollows() {
    f.create(origin("O", "o.>"));
    for (int i = 1; i <= 5; i++) {
      f.publish("o.a", "m" + i);
    }
    f.create(mirror("M", source("O", 3, null, null)));
    f.advance(SECOND);

    assertThat(f.link.requests.get(0).body())
        .contains("\"deliver_policy\":\"by_start_sequence\",\"opt_start_seq\":3,");
    assertThat(f.messages("M")).extracting(StoredMessage::seq).containsExactly(3L, 4L, 5L);
    assertThat(f.state("M").firstSeq()).isEqualTo(3);
  }

  @Test
  void mirrorWithOptStartTimeBeginsAtTheFirstMessageStoredThen() {
    f.create(origin("O", "o.>"));
    for (int i = 1; i <= 3; i++) {
      f.publish("o.a", "m" + i);
      f.advance(SECOND);
    }
    Instant start = Instant.ofEpochSecond(0, T0 + SECOND);
    f.create(mirror("M", source("O", 0, start, null)));
    f.advance(SECOND);

    assertThat(f.link.requests.get(0).body()).contains(
        "\"deliver_policy\":\"by_start_time\",\"opt_start_time\":\"2023-11-14T22:13:21Z\",");
    assertThat(f.messages("M")).extracting(StoredMessage::seq).containsExactly(2L, 3L);
  }

  @Test
  void filteredMirrorNamesItsConsumerAndKeepsTheOriginSequencesOfWhatItCopies() {
    f.create(origin("O", "o.>"));
    f.publish("o.a", "1");
    f.publish("o.b", "2");
    f.publish("o.a", "3");
    f.publish("o.b", "4");
    f.create(mirror("M", source("O", 0, null, "o.a")));
    f.advance(SECOND);

    Link.Request r = f.link.requests.get(0);
    assertThat(r.subject()).matches("\\$JS\\.API\\.CONSUMER\\.CREATE\\.O\\.mirror-[0-9A-Za-z]{8}\\.o\\.a");
    assertThat(r.body()).contains("\"name\":\"" + r.subject().split("\\.")[5] + "\"")
        .contains("\"filter_subject\":\"o.a\"");
    assertThat(f.messages("M")).extracting(StoredMessage::seq).containsExactly(1L, 3L);
    assertThat(f.state("M").lastSeq()).isEqualTo(3);
    assertThat(f.mirror("M").filterSubject()).isEqualTo("o.a");
  }

  @Test
  void mirrorTransformsRewriteTheSubjectsOfWhatTheirFiltersCopy() {
    f.create(origin("O", "o.>"));
    f.publish("o.a.1", "1");
    f.publish("o.b.2", "2");
    f.publish("o.c.3", "3");
    List<SubjectTransform> transforms =
        List.of(new SubjectTransform("o.a.*", "m.a.$1"), new SubjectTransform("o.b.*", "m.b.$1"));
    f.create(mirror("M", new StreamSource("O", 0, null, null, transforms, null)));
    f.advance(SECOND);

    assertThat(f.link.requests.get(0).body()).contains("\"filter_subjects\":[\"o.a.*\",\"o.b.*\"]");
    assertThat(f.messages("M")).extracting(StoredMessage::subject).containsExactly("m.a.1", "m.b.2");
    assertThat(info("M")).endsWith(
        ",\"subject_transforms\":[{\"src\":\"o.a.*\",\"dest\":\"m.a.$1\"},"
            + "{\"src\":\"o.b.*\",\"dest\":\"m.b.$1\"}]}");
  }

  @Test
  void mirrorOfAMirrorKeepsTheOriginsSequencesToo() {
    f.create(origin("O", "o.>"));
    f.publish("o.a", "1");
    f.publish("o.a", "2");
    f.js.require("O").removeMessage(1);
    f.create(mirror("M1", StreamSource.of("O")));
    f.create(mirror("M2", StreamSource.of("M1")));
    f.advance(SECOND);
    f.publish("o.a", "3");
    f.settle();

    assertThat(f.messages("M2")).containsExactlyElementsOf(f.messages("O"));
    assertThat(f.messages("M2")).extracting(StoredMessage::seq).containsExactly(2L, 3L);
  }

  @Test
  void lagGrowsWhileFlowControlHoldsTheConsumerBackAndFallsToZeroWhenItCatchesUp() {
    f.create(origin("O", "o.>"));
    f.create(mirror("M", StreamSource.of("O")));
    f.advance(SECOND);
    f.link.latencyNanos = 50 * MS;

    for (int i = 0; i < 60; i++) {
      f.publish("o.a", BIG); // 16 go out, then the 2 MiB window is full until flow control answers
    }
    f.advance(50 * MS);
    assertThat(f.state("M").lastSeq()).isEqualTo(16);
    assertThat(f.mirror("M").lag()).isZero();

    f.advance(100 * MS); // the answer doubled the window: 24 more, with 20 still to come
    assertThat(f.state("M").lastSeq()).isEqualTo(40);
    assertThat(f.mirror("M").lag()).isEqualTo(19);

    f.advance(100 * MS);
    assertThat(f.state("M").lastSeq()).isEqualTo(60);
    assertThat(f.mirror("M").lag()).isZero();
    assertThat(f.link.requests).hasSize(1);
  }

  @Test
  void silenceForMoreThanTenSecondsRestartsTheConsumerAndFailuresBackOff() {
    f.create(origin("O", "o.>"));
    f.create(mirror("M", StreamSource.of("O")));
    f.advance(SECOND);
    long established = f.link.requests.get(0).atNanos() - T0;
    f.link.cut();
    f.publish("o.a", "lost");

    f.advance(30 * SECOND); // checks at +10 s (exactly 10 s quiet: fine) and +20 s (stalled)
    assertThat(requestTimes()).containsExactly(established, established + 20 * SECOND);
    assertThat(f.mirror("M").activeNanos()).isEqualTo(31 * SECOND - established);

    f.advance(24 * SECOND); // the unanswered request is given up after 30 s: 1 failure, 10 s more
    assertThat(requestTimes()).hasSize(2);
    f.link.heal();
    f.advance(20 * SECOND);
    assertThat(requestTimes()).hasSize(3);
    long third = requestTimes().get(2) - (established + 50 * SECOND);
    assertThat(third).isBetween(10 * SECOND + 100 * MS, 10 * SECOND + 200 * MS);
    assertThat(f.messages("M")).containsExactlyElementsOf(f.messages("O"));
    assertThat(f.link.requests.get(2).body()).as("still nothing stored: from the start")
        .contains("\"deliver_policy\":\"all\",");
  }

  @Test
  void deliveriesLostOnTheWayAreNoticedAtTheNextHeartbeatAndFetchedAgain() {
    f.create(origin("O", "o.>"));
    f.publish("o.a", "1");
    f.create(mirror("M", StreamSource.of("O")));
    f.advance(5 * SECOND);
    f.link.inboundCut = true;
    f.publish("o.a", "2");
    f.publish("o.a", "3");
    f.settle();
    f.link.inboundCut = false;

    f.advance(SECOND); // the heartbeat says 3 deliveries, the mirror saw 1
    assertThat(f.link.requests).hasSize(2);
    assertThat(f.link.requests.get(1).body()).contains("\"opt_start_seq\":2,");
    assertThat(f.messages("M")).containsExactlyElementsOf(f.messages("O"));
  }

  @Test
  void missingOriginIsRetriedTenSecondsLongerPerFailureAndMirroredOnceItExists() {
    f.create(mirror("M", StreamSource.of("O")));
    assertThat(info("M")).isEqualTo("{\"name\":\"O\",\"lag\":0,\"active\":-1}");
    f.advance(40 * SECOND);

    List<Long> t = requestTimes();
    assertThat(t).hasSize(3);
    assertThat(t.get(0)).isBetween(100 * MS, 200 * MS);
    // 2 s between requests, then 5 s × 2 × failures, then 100-200 ms of jitter
    assertThat(t.get(1) - t.get(0)).isBetween(12 * SECOND + 100 * MS, 12 * SECOND + 200 * MS);
    assertThat(t.get(2) - t.get(1)).isBetween(22 * SECOND + 100 * MS, 22 * SECOND + 200 * MS);
    assertThat(f.mirror("M").error()).isEqualTo(JsError.STREAM_NOT_FOUND.error());
    assertThat(info("M")).isEqualTo(
        "{\"name\":\"O\",\"lag\":0,\"active\":-1,"
            + "\"error\":{\"code\":404,\"err_code\":10059,\"description\":\"stream not found\"}}");

    f.create(origin("O", "o.>"));
    f.publish("o.a", "1");
    f.publish("o.a", "2");
    long fourth = t.get(2) + 32 * SECOND;
    f.advance(fourth + 100 * MS - (f.scheduler.nowNanos() - T0));
    assertThat(f.state("M").messages()).isZero();
    f.advance(100 * MS);
    assertThat(requestTimes()).hasSize(4);
    assertThat(f.messages("M")).containsExactlyElementsOf(f.messages("O"));
    assertThat(f.mirror("M").error()).isNull();
    assertThat(f.mirror("M").activeNanos()).isBetween(0L, 100 * MS);
  }

  @Test
  void recreatedOriginIsMirroredFromPastTheMirrorsLastSequence() {
    f.create(origin("O", "o.>"));
    for (int i = 1; i <= 3; i++) {
      f.publish("o.a", "old" + i);
    }
    f.create(mirror("M", StreamSource.of("O")));
    f.advance(SECOND);
    f.js.deleteStream("O");
    f.advance(30 * SECOND);
    assertThat(f.mirror("M").error()).isEqualTo(JsError.STREAM_NOT_FOUND.error());

    f.create(origin("O", "o.>"));
    for (int i = 1; i <= 5; i++) {
      f.publish("o.a", "new" + i);
    }
    f.advance(60 * SECOND);

    assertThat(f.messages("M")).extracting(m -> text(m.data()))
        .containsExactly("old1", "old2", "old3", "new4", "new5");
    assertThat(f.link.requests.get(f.link.requests.size() - 1).body()).contains("\"opt_start_seq\":4,");
    assertThat(f.mirror("M").error()).isNull();
  }

  @Test
  void deletedMirrorStopsAndTheOriginDropsItsConsumerAfterTenSecondsWithoutInterest() {
    f.create(origin("O", "o.>"));
    f.create(mirror("M", StreamSource.of("O")));
    f.advance(SECOND);
    String consumer = f.network.stream()
        .filter(m -> m.subject().startsWith("$JS.EVENT.ADVISORY.CONSUMER.CREATED.O."))
        .map(m -> m.subject().substring(m.subject().lastIndexOf('.') + 1))
        .findFirst().orElseThrow();
    assertThat(f.js.consumer("O", consumer)).isPresent();

    f.js.deleteStream("M");
    f.advance(10 * SECOND);
    assertThat(f.js.consumer("O", consumer)).isEmpty();
    f.advance(60 * SECOND);
    assertThat(f.link.requests).hasSize(1);
  }

  @Test
  void restartResumesAfterTheLastSequenceWithoutDuplicates() {
    f.create(origin("O", "o.>"));
    f.publish("o.a", "1");
    f.publish("o.a", "2");
    f.create(mirror("M", StreamSource.of("O")));
    f.advance(SECOND);

    f.restart();
    f.publish("o.a", "3");
    f.advance(SECOND);

    assertThat(f.link.requests).hasSize(2);
    assertThat(f.link.requests.get(1).body())
        .contains("\"deliver_policy\":\"by_start_sequence\",\"opt_start_seq\":3,");
    assertThat(f.messages("M")).containsExactlyElementsOf(f.messages("O"));
    assertThat(f.messages("M")).extracting(m -> text(m.data())).containsExactly("1", "2", "3");
  }

  @Test
  void closedNodeSendsNothingMore() {
    f.create(origin("O", "o.>"));
    f.create(mirror("M", StreamSource.of("O")));
    f.advance(SECOND);
    f.js.close();
    f.network.clear();
    f.advance(120 * SECOND);
    assertThat(f.link.requests).hasSize(1);
    assertThat(f.network).isEmpty();
  }
}
