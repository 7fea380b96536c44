package dev.jslab.engine.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.message.Headers;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.store.memory.MemoryMessageStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 1_700_000_000L * SECOND;

  private final List<OutboundMessage> sent = new ArrayList<>();
  private long now = T0;

  private Stream stream(StreamConfig.Builder builder) {
    StreamConfig cfg = StreamConfigCheck.check(builder.build(), n -> Optional.empty());
    return new Stream(
        cfg, new MemoryMessageStore(Math.max(1, cfg.firstSeq())), new StreamContext(() -> now, sent::add, ""), now);
  }

  private Stream pubStream() {
    return stream(StreamConfig.builder("S04_PUB").subjects("s04.*"));
  }

  private String publish(Stream s, String subject, byte[] headers, String body) {
    sent.clear();
    now += 1000;
    s.publish(subject, "_INBOX.r", headers, body.getBytes(UTF_8), now);
    return sent.isEmpty() ? null : new String(sent.get(sent.size() - 1).data(), UTF_8);
  }

  private String publish(Stream s, String subject, String body) {
    return publish(s, subject, null, body);
  }

  @Test
  void pubAckNamesStreamAndSequenceByteForByteAsNatsServer() {
    Stream s = pubStream();
    assertThat(publish(s, "s04.a", "hello")).isEqualTo("{\"stream\":\"S04_PUB\", \"seq\":1}");
    assertThat(sent.get(0).subject()).isEqualTo("_INBOX.r");
  }

  @Test
  void repeatedMsgIdIsADuplicateOfTheFirstWithinTheWindow() {
    Stream s = pubStream();
    publish(s, "s04.a", "first");
    byte[] id = Headers.of(null, "Nats-Msg-Id", "m-1");
    assertThat(publish(s, "s04.a", id, "x")).isEqualTo("{\"stream\":\"S04_PUB\", \"seq\":2}");
    assertThat(publish(s, "s04.a", id, "x"))
        .isEqualTo("{\"stream\":\"S04_PUB\", \"seq\":2,\"duplicate\": true}");
    assertThat(s.state().messages()).isEqualTo(2);
  }

  @Test
  void msgIdIsForgottenOnceTheDuplicateWindowHasPassed() {
    Stream s = stream(StreamConfig.builder("D").subjects("d").duplicateWindowNanos(SECOND));
    byte[] id = Headers.of(null, "Nats-Msg-Id", "m-1");
    publish(s, "d", id, "x");
    now += 2 * SECOND;
    assertThat(publish(s, "d", id, "x")).isEqualTo("{\"stream\":\"D\", \"seq\":2}");
  }

  @Test
  void expectedLastSequenceMismatchAnswersTheActualLastSequence() {
    Stream s = pubStream();
    publish(s, "s04.a", "1");
    publish(s, "s04.b", "2");
    assertThat(publish(s, "s04.a", Headers.of(null, "Nats-Expected-Last-Sequence", "99"), "x"))
        .isEqualTo(
            "{\"error\":{\"code\":400,\"err_code\":10071,\"description\":\"wrong last sequence: 2\"},"
                + "\"stream\":\"S04_PUB\",\"seq\":0}");
    assertThat(publish(s, "s04.b", Headers.of(null, "Nats-Expected-Last-Sequence", "2"), "third"))
        .isEqualTo("{\"stream\":\"S04_PUB\", \"seq\":3}");
  }

  @Test
  void expectedStreamMustNameThisStream() {
    Stream s = pubStream();
    assertThat(publish(s, "s04.a", Headers.of(null, "Nats-Expected-Stream", "OTHER"), "x"))
        .contains("\"err_code\":10060", "expected stream does not match");
    assertThat(publish(s, "s04.a", Headers.of(null, "Nats-Expected-Stream", "S04_PUB"), "x"))
        .isEqualTo("{\"stream\":\"S04_PUB\", \"seq\":1}");
  }

  @Test
  void expectedLastMsgIdComparesWithTheLastStoredId() {
    Stream s = pubStream();
    publish(s, "s04.b", Headers.of(null, "Nats-Msg-Id", "msg-2"), "fifth");
    assertThat(publish(s, "s04.a", Headers.of(null, "Nats-Expected-Last-Msg-Id", "nope"), "x"))
        .contains("\"err_code\":10070", "wrong last msg ID: msg-2");
    assertThat(
            publish(
                s,
                "s04.a",
                Headers.of(null, "Nats-Expected-Last-Msg-Id", "msg-2", "Nats-Msg-Id", "msg-3"),
                "sixth"))
        .isEqualTo("{\"stream\":\"S04_PUB\", \"seq\":2}");
  }

  @Test
  void expectedLastSubjectSequenceIsPerSubjectAndZeroMeansNone() {
    Stream s = pubStream();
    publish(s, "s04.a", "1");
    publish(s, "s04.b", "2");
    byte[] wrong = Headers.of(null, "Nats-Expected-Last-Subject-Sequence", "2");
    assertThat(publish(s, "s04.a", wrong, "x")).contains("wrong last sequence: 1");
    byte[] none = Headers.of(null, "Nats-Expected-Last-Subject-Sequence", "0");
    assertThat(publish(s, "s04.new", none, "y")).isEqualTo("{\"stream\":\"S04_PUB\", \"seq\":3}");
    assertThat(publish(s, "s04.new", none, "z")).contains("wrong last sequence: 3");
  }

  @Test
  void rollupWithoutPermissionIsRefusedWith10111() {
    Stream s = pubStream();
    assertThat(publish(s, "s04.a", Headers.of(null, "Nats-Rollup", "sub"), "x"))
        .isEqualTo(
            "{\"error\":{\"code\":500,\"err_code\":10111,\"description\":\"rollup not permitted\"},"
                + "\"stream\":\"S04_PUB\",\"seq\":0}");
  }

  @Test
  void rollupBySubjectKeepsOnlyTheNewMessageOfThatSubject() {
    Stream s = stream(StreamConfig.builder("R").subjects("r.*").allowRollup(true));
    publish(s, "r.a", "1");
    publish(s, "r.b", "2");
    publish(s, "r.a", "3");
    publish(s, "r.a", Headers.of(null, "Nats-Rollup", "sub"), "4");
    assertThat(s.store().subjectsState(">").get("r.a").messages()).isEqualTo(1);
    assertThat(s.state().messages()).isEqualTo(2);
    publish(s, "r.b", Headers.of(null, "Nats-Rollup", "all"), "5");
    assertThat(s.state().messages()).isEqualTo(1);
    assertThat(s.state().firstSeq()).isEqualTo(5);
  }

  @Test
  void invalidRollupValueIsDroppedWithoutAnswer() {
    Stream s = stream(StreamConfig.builder("R").subjects("r").allowRollup(true));
    assertThat(publish(s, "r", Headers.of(null, "Nats-Rollup", "everything"), "x")).isNull();
    assertThat(s.state().messages()).isZero();
  }

  @Test
  void messageOverMaxMsgSizeIsRefusedWith10054() {
    Stream s = stream(StreamConfig.builder("S04_SMALL").subjects("s04small.*").maxMsgSize(16));
    assertThat(publish(s, "s04small.a", "0123456789abcdef0123456789abcdef"))
        .isEqualTo(
            "{\"error\":{\"code\":400,\"err_code\":10054,\"description\":\"message size exceeds maximum allowed\"},"
                + "\"stream\":\"S04_SMALL\",\"seq\":0}");
  }

  @Test
  void discardNewRefusesTheMessageOverMaxMsgsWith10077() {
    Stream s = stream(StreamConfig.builder("S04_FULL").subjects("s04full.*").maxMsgs(2).discard(DiscardPolicy.NEW));
    publish(s, "s04full.a", "1");
    publish(s, "s04full.a", "2");
    assertThat(publish(s, "s04full.a", "3"))
        .isEqualTo(
            "{\"error\":{\"code\":503,\"err_code\":10077,\"description\":\"maximum messages exceeded\"},"
                + "\"stream\":\"S04_FULL\",\"seq\":0}");
    assertThat(s.state().messages()).isEqualTo(2);
  }

  @Test
  void discardNewRefusesWhenBytesWouldReachMaxBytes() {
    Stream s = stream(StreamConfig.builder("B").subjects("b").maxBytes(100).discard(DiscardPolicy.NEW));
    publish(s, "b", "x".repeat(40)); // 1 + 40 + 16 = 57 bytes
    assertThat(publish(s, "b", "x".repeat(26))).contains("maximum bytes exceeded"); // 57 + 43 = 100
    assertThat(publish(s, "b", "x".repeat(25))).isEqualTo("{\"stream\":\"B\", \"seq\":2}");
  }

  @Test
  void discardNewPerSubjectRefusesOnlyTheFullSubject() {
    Stream s =
        stream(
            StreamConfig.builder("K")
                .subjects("k.*")
                .maxMsgsPerSubject(1)
                .discard(DiscardPolicy.NEW)
                .discardNewPerSubject(true));
    publish(s, "k.a", "1");
    assertThat(publish(s, "k.a", "2")).contains("maximum messages per subject exceeded");
    assertThat(publish(s, "k.b", "3")).isEqualTo("{\"stream\":\"K\", \"seq\":2}");
  }

  @Test
  void discardOldEvictsTheOldestToStayWithinMaxMsgsAndMaxBytes() {
    Stream s = stream(StreamConfig.builder("O").subjects("o").maxMsgs(3));
    for (int i = 1; i <= 5; i++) {
      publish(s, "o", "m" + i);
    }
    assertThat(s.state().messages()).isEqualTo(3);
    assertThat(s.state().firstSeq()).isEqualTo(3);
    Stream b = stream(StreamConfig.builder("OB").subjects("ob").maxBytes(60));
    publish(b, "ob", "x".repeat(20)); // 2 + 20 + 16 = 38
    publish(b, "ob", "x".repeat(20));
    assertThat(b.state().messages()).isEqualTo(1);
    assertThat(b.state().firstSeq()).isEqualTo(2);
  }

  @Test
  void maxMsgsPerSubjectKeepsTheNewestOfEachSubject() {
    Stream s = stream(StreamConfig.builder("P").subjects("p.*").maxMsgsPerSubject(2));
    for (int i = 1; i <= 4; i++) {
      publish(s, "p.a", "a" + i);
    }
    publish(s, "p.b", "b");
    assertThat(s.store().subjectsState(">").get("p.a").firstSeq()).isEqualTo(3);
    assertThat(s.state().messages()).isEqualTo(3);
  }

  @Test
  void maxAgeExpiresMessagesByTheirTimestamps() {
    Stream s = stream(StreamConfig.builder("A").subjects("a").maxAgeNanos(10 * SECOND));
    publish(s, "a", "old");
    long firstTs = now;
    now += 5 * SECOND;
    publish(s, "a", "new");
    assertThat(s.nextExpiryNanos()).isEqualTo(firstTs + 10 * SECOND);
    assertThat(s.expire(now - 10 * SECOND)).isZero();
    assertThat(s.expire(firstTs + 10 * SECOND - 10 * SECOND)).isEqualTo(1);
    assertThat(s.state().firstSeq()).isEqualTo(2);
  }

  @Test
  void sealedStreamRefusesPublishesDeletesAndPurges() {
    Stream s = pubStream();
    publish(s, "s04.a", "1");
    s.updateConfig(StreamConfigCheck.checkUpdate(s.config(), s.config().toBuilder().sealed(true).build(), n -> Optional.empty()));
    assertThat(publish(s, "s04.a", "2")).contains("\"err_code\":10109");
    assertThatThrownBy(() -> s.removeMessage(1)).isInstanceOf(ApiException.class).hasMessageContaining("10109");
    assertThatThrownBy(() -> s.purge("", 0, 0)).hasMessageContaining("10109");
  }

  @Test
  void deleteLeavesAGapAndAnAbsentSequenceIs10043() {
    Stream s = pubStream();
    publish(s, "s04.a", "1");
    publish(s, "s04.a", "2");
    publish(s, "s04.a", "3");
    s.removeMessage(2);
    assertThat(s.state().numDeleted()).isEqualTo(1);
    assertThatThrownBy(() -> s.removeMessage(2))
        .isInstanceOf(ApiException.class)
        .hasMessage("sequence 2 not found (400/10043)");
  }

  @Test
  void denyDeleteAndDenyPurgeRefuseWithTheirCodes() {
    Stream s = stream(StreamConfig.builder("N").subjects("n").denyDelete(true).denyPurge(true));
    publish(s, "n", "1");
    assertThatThrownBy(() -> s.removeMessage(1)).hasMessage("message delete not permitted (500/10057)");
    assertThatThrownBy(() -> s.purge("", 0, 0)).hasMessage("stream purge not permitted (500/10110)");
  }

  @Test
  void noAckStreamStoresWithoutAnswering() {
    Stream s = stream(StreamConfig.builder("Q").subjects("q").noAck(true));
    assertThat(publish(s, "q", "x")).isNull();
    assertThat(s.state().messages()).isEqualTo(1);
  }

  @Test
  void firstSeqStartsTheSequenceThere() {
    Stream s = stream(StreamConfig.builder("F").subjects("f").firstSeq(1000));
    assertThat(publish(s, "f", "x")).isEqualTo("{\"stream\":\"F\", \"seq\":1000}");
  }

  @Test
  void subjectTransformRewritesBeforeStoring() {
    Stream s = stream(StreamConfig.builder("T").subjects("in.*.*").subjectTransform(new SubjectTransform("in.*.*", "out.$2.{{wildcard(1)}}")));
    publish(s, "in.a.b", "x");
    assertThat(s.store().load(1).subject()).isEqualTo("out.b.a");
  }

  @Test
  void dedupWindowIsRebuiltFromStoredMessagesAfterARestart() {
    Stream s = pubStream();
    publish(s, "s04.a", Headers.of(null, "Nats-Msg-Id", "keep-me"), "x");
    Stream reopened = new Stream(s.config(), s.store(), new StreamContext(() -> now, sent::add, ""), T0);
    assertThat(publish(reopened, "s04.a", Headers.of(null, "Nats-Msg-Id", "keep-me"), "x")).contains("\"duplicate\": true");
    assertThat(publish(reopened, "s04.a", Headers.of(null, "Nats-Expected-Last-Msg-Id", "keep-me"), "y")).isEqualTo("{\"stream\":\"S04_PUB\", \"seq\":2}");
  }

  @Test
  void interestStreamStoresNothingWithoutInterestedConsumersButUsesTheSequence() {
    Stream s = stream(StreamConfig.builder("I").subjects("i.*").retention(RetentionPolicy.INTEREST));
    assertThat(publish(s, "i.a", "nobody")).isEqualTo("{\"stream\":\"I\", \"seq\":1}");
    assertThat(s.state().messages()).isZero();
    FakeConsumer c = new FakeConsumer("c", "i.b");
    s.addConsumer(c);
    publish(s, "i.a", "still nobody");
    publish(s, "i.b", "someone");
    assertThat(s.state().messages()).isEqualTo(1);
    assertThat(s.state().firstSeq()).isEqualTo(3);
    assertThat(c.stored).containsExactly(3L);
  }

  @Test
  void interestStreamDropsAMessageOnceEveryInterestedConsumerAcked() {
    Stream s = stream(StreamConfig.builder("I").subjects("i.*").retention(RetentionPolicy.INTEREST));
    FakeConsumer a = new FakeConsumer("a", "i.*");
    FakeConsumer b = new FakeConsumer("b", "i.x");
    s.addConsumer(a);
    s.addConsumer(b);
    publish(s, "i.x", "both");
    publish(s, "i.y", "only a");
    a.acked.add(1L);
    s.acknowledged("a", 1);
    assertThat(s.state().messages()).isEqualTo(2);
    b.acked.add(1L);
    s.acknowledged("b", 1);
    assertThat(s.store().load(1)).isNull();
    a.acked.add(2L);
    s.acknowledged("a", 2);
    assertThat(s.state().messages()).isZero();
  }

  @Test
  void workQueueDropsAMessageOnTheFirstAck() {
    Stream s = stream(StreamConfig.builder("W").subjects("w").retention(RetentionPolicy.WORK_QUEUE));
    s.addConsumer(new FakeConsumer("w1", "w"));
    publish(s, "w", "job");
    s.acknowledged("w1", 1);
    assertThat(s.state().messages()).isZero();
  }

  @Test
  void purgeTellsConsumersTheNewFirstSequence() {
    Stream s = pubStream();
    FakeConsumer c = new FakeConsumer("c", ">");
    s.addConsumer(c);
    publish(s, "s04.a", "1");
    publish(s, "s04.b", "2");
    publish(s, "s04.a", "3");
    assertThat(s.purge("s04.a", 0, 0)).isEqualTo(2);
    assertThat(c.purgedTo).isEqualTo(4);
    assertThat(s.purge("", 0, 0)).isEqualTo(1);
    assertThat(c.purgedTo).isEqualTo(4);
    assertThat(s.state().firstSeq()).isEqualTo(4);
  }

  @Test
  void messagesAreFoundBySequenceLastAndNextBySubject() {
    Stream s = pubStream();
    publish(s, "s04.a", "1");
    publish(s, "s04.b", "2");
    publish(s, "s04.a", "3");
    assertThat(new String(s.get(MessageGetRequest.bySequence(2)).data(), UTF_8)).isEqualTo("2");
    assertThat(s.get(MessageGetRequest.lastFor("s04.a")).seq()).isEqualTo(3);
    assertThat(s.get(MessageGetRequest.nextFor("s04.a", 2)).seq()).isEqualTo(3);
    assertThat(s.get(MessageGetRequest.nextFor("s04.*", 2)).seq()).isEqualTo(2);
    assertThatThrownBy(() -> s.get(MessageGetRequest.bySequence(9))).hasMessage("no message found (404/10037)");
    assertThatThrownBy(() -> s.get(MessageGetRequest.lastFor("s04.zzz"))).hasMessageContaining("10037");
  }

  @Test
  void aGetMustChooseExactlyOneWay() {
    Stream s = pubStream();
    assertThatThrownBy(() -> s.get(new MessageGetRequest(0, "", ""))).hasMessage("bad request (400/10003)");
    assertThatThrownBy(() -> s.get(new MessageGetRequest(1, "a", ""))).hasMessageContaining("10003");
    assertThatThrownBy(() -> s.get(new MessageGetRequest(0, "a", "b"))).hasMessageContaining("10003");
  }

  @Test
  void republishSendsStoredMessagesOnWithTheirStreamCoordinates() {
    Stream s = stream(StreamConfig.builder("RP").subjects("rp.*").republish(new Republish("rp.*", "out.$1", false)));
    publish(s, "rp.a", "first");
    OutboundMessage first = sent.get(0);
    assertThat(first.subject()).isEqualTo("out.a");
    assertThat(new String(first.headers(), UTF_8))
        .isEqualTo("NATS/1.0\r\nNats-Stream: RP\r\nNats-Subject: rp.a\r\nNats-Sequence: 1\r\n"
            + "Nats-Time-Stamp: 2023-11-14T22:13:20.000001Z\r\nNats-Last-Sequence: 0\r\n\r\n");
    assertThat(new String(first.data(), UTF_8)).isEqualTo("first");
    assertThat(sent.get(1).subject()).isEqualTo("_INBOX.r"); // the PubAck follows the republish
    publish(s, "rp.a", Headers.of(null, "X", "1"), "second");
    assertThat(new String(sent.get(0).headers(), UTF_8)).startsWith("NATS/1.0\r\nX: 1\r\nNats-Stream: RP\r\n").contains("Nats-Last-Sequence: 1\r\n");
  }

  @Test
  void republishHeadersOnlySendsTheSizeInsteadOfThePayload() {
    Stream s = stream(StreamConfig.builder("RP").subjects("rp.*").republish(new Republish(null, "meta.>", true)));
    publish(s, "rp.a", "12345");
    assertThat(sent.get(0).subject()).isEqualTo("meta.rp.a");
    assertThat(sent.get(0).data()).isEmpty();
    assertThat(new String(sent.get(0).headers(), UTF_8)).contains("Nats-Msg-Size: 5\r\n");
  }

  @Test
  void operationsApplyInOrderLikeTheDirectCalls() {
    Stream s = pubStream();
    assertThat(s.apply(new StreamOp.Publish("s04.a", null, null, "1".getBytes(UTF_8), now))).isEqualTo(new PublishOutcome.Stored(1));
    s.apply(new StreamOp.Publish("s04.b", null, null, "2".getBytes(UTF_8), now + 1));
    s.apply(new StreamOp.DeleteMessage(1));
    assertThat(s.apply(new StreamOp.Purge("s04.b", 0, 0))).isEqualTo(1L);
    assertThat(s.state().messages()).isZero();
    assertThat(s.state().lastSeq()).isEqualTo(2);
  }

  @Test
  void purgeTakesASequenceOrAKeepCountNeverBoth() {
    Stream s = pubStream();
    publish(s, "s04.a", "1");
    assertThatThrownBy(() -> s.purge("", 4, 1)).hasMessage("bad request (400/10003)");
    assertThat(s.state().messages()).isEqualTo(1);
  }

  @Test
  void expectedSequencesAreReadAsPlainDigitsOnly() {
    Stream s = pubStream();
    publish(s, "s04.a", "1");
    assertThat(publish(s, "s04.a", Headers.of(null, "Nats-Expected-Last-Sequence", "+1"), "x")).contains("10071");
    assertThat(publish(s, "s04.a", Headers.of(null, "Nats-Expected-Last-Sequence", "1"), "y")).isEqualTo("{\"stream\":\"S04_PUB\", \"seq\":2}");
  }

  @Test
  void theLastMsgIdAfterARestartIsOnlyTheLastMessagesId() {
    Stream s = pubStream();
    publish(s, "s04.a", Headers.of(null, "Nats-Msg-Id", "a"), "1");
    publish(s, "s04.a", "no id");
    Stream reopened = new Stream(s.config(), s.store(), new StreamContext(() -> now, sent::add, ""), T0);
    assertThat(publish(reopened, "s04.a", Headers.of(null, "Nats-Expected-Last-Msg-Id", "a"), "x")).contains("10070");
  }

  @Test
  void refusalsNeverNameTheDomain() {
    StreamConfig cfg = StreamConfigCheck.check(StreamConfig.builder("D").subjects("d").maxMsgSize(1).build(), n -> Optional.empty());
    Stream s = new Stream(cfg, new MemoryMessageStore(), new StreamContext(() -> now, sent::add, "hub"), now);
    assertThat(publish(s, "d", "big")).doesNotContain("domain");
    assertThat(publish(s, "d", "")).isEqualTo("{\"stream\":\"D\", \"domain\":\"hub\", \"seq\":1}");
  }

  private static final class FakeConsumer implements StreamConsumer {
    final String name;
    final String filter;
    final Set<Long> acked = new HashSet<>();
    final List<Long> stored = new ArrayList<>();
    long purgedTo;

    FakeConsumer(String name, String filter) {
      this.name = name;
      this.filter = filter;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean isInterestedIn(String subject) {
      return dev.jslab.engine.subject.Subjects.matches(filter, subject);
    }

    @Override
    public boolean hasAcknowledged(long seq) {
      return acked.contains(seq);
    }

    @Override
    public void onStored(StoredMessage message) {
      stored.add(message.seq());
    }

    @Override
    public void onPurged(long firstSeq, String filter) {
      purgedTo = firstSeq;
    }
  }
}
