package dev.jslab.engine.consumer;

import static dev.jslab.engine.consumer.ConsumerFixture.MS;
import static dev.jslab.engine.consumer.ConsumerFixture.SECOND;
import static dev.jslab.engine.consumer.ConsumerFixture.ackSubject;
import static dev.jslab.engine.consumer.ConsumerFixture.body;
import static dev.jslab.engine.consumer.ConsumerFixture.headers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.message.Headers;
import dev.jslab.engine.message.OutboundMessage;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pull requests and their status replies, following 07-pull.txt of nats-server. */
class PullConsumerTest {
  private static final String TIMEOUT_1_0 =
      "NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 1\r\nNats-Pending-Bytes: 0\r\n\r\n";

  private ConsumerFixture f;
  private Consumer p1;

  @BeforeEach
  void setUp() {
    f = ConsumerFixture.stream("S07_PULL", "s07.>");
    p1 = f.create(ConsumerConfig.builder().durable("P1").name("P1").ackPolicy(AckPolicy.EXPLICIT)
        .ackWaitNanos(30 * SECOND).maxRequestBatch(2).maxWaiting(1));
    f.publish("s07.a", Headers.of(null, "X-Id", "1"), "m1");
    f.publish("s07.b", "m2");
    f.publish("s07.a", "m3");
    f.take();
  }

  @Test
  void batchOfTwoDeliversTwoMessagesWithAckSubjectsCountingDownPending() {
    f.next(p1, "_INBOX.6", "{\"batch\":2}");

    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).subject()).isEqualTo("s07.a");
    assertThat(out.get(0).route()).isEqualTo("_INBOX.6");
    assertThat(ackSubject(out.get(0))).isEqualTo("$JS.ACK.S07_PULL.P1.1.1.1.<ts>.2");
    assertThat(headers(out.get(0))).isEqualTo("NATS/1.0\r\nX-Id: 1\r\n\r\n");
    assertThat(body(out.get(0))).isEqualTo("m1");
    assertThat(out.get(1).subject()).isEqualTo("s07.b");
    assertThat(ackSubject(out.get(1))).isEqualTo("$JS.ACK.S07_PULL.P1.1.2.2.<ts>.1");
    assertThat(out.get(1).headers()).isEmpty();
  }

  @Test
  void ackSubjectCarriesTheStoredTimestampInNanoseconds() {
    long stored = f.stream.store().load(1).timestampNanos();
    f.next(p1, "_INBOX.6", "{\"batch\":1}");
    assertThat(f.take().get(0).reply()).isEqualTo("$JS.ACK.S07_PULL.P1.1.1.1." + stored + ".2");
  }

  @Test
  void noWaitWithNothingLeftAnswers404NoMessages() {
    f.next(p1, "_INBOX.6", "{\"batch\":2}");
    f.next(p1, "_INBOX.7", "{\"batch\":1,\"no_wait\":true}");
    assertThat(ackSubject(f.take().get(2))).isEqualTo("$JS.ACK.S07_PULL.P1.1.3.3.<ts>.0");

    f.next(p1, "_INBOX.8", "{\"batch\":1,\"no_wait\":true}");

    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).subject()).isEqualTo("_INBOX.8");
    assertThat(out.get(0).reply()).isNull();
    assertThat(headers(out.get(0))).isEqualTo("NATS/1.0 404 No Messages\r\n\r\n");
    assertThat(out.get(0).data()).isEmpty();
  }

  @Test
  void noWaitShortOfItsBatchEndsWith408CarryingTheRemainingBatch() {
    drainThree();
    f.publish("s07.b", "m4");

    f.next(p1, "_INBOX.10", "{\"batch\":2,\"no_wait\":true}");

    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(2);
    assertThat(ackSubject(out.get(0))).isEqualTo("$JS.ACK.S07_PULL.P1.1.4.4.<ts>.0");
    assertThat(out.get(1).subject()).isEqualTo("_INBOX.10");
    assertThat(headers(out.get(1))).isEqualTo(TIMEOUT_1_0);
  }

  @Test
  void expiringRequestWithNothingToDeliverTimesOutExactlyAtItsExpiry() {
    drainThree();

    f.next(p1, "_INBOX.11", "{\"batch\":1,\"expires\":500000000}");

    assertThat(f.after(499 * MS)).isEmpty();
    List<OutboundMessage> out = f.after(MS);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).subject()).isEqualTo("_INBOX.11");
    assertThat(headers(out.get(0))).isEqualTo(TIMEOUT_1_0);
  }

  @Test
  void requestBeyondMaxWaitingIsRefusedWhileTheFirstWaits() {
    drainThree();

    f.next(p1, "_INBOX.12", "{\"batch\":1,\"expires\":1000000000}");
    f.next(p1, "_INBOX.13", "{\"batch\":1,\"expires\":1000000000}");

    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).subject()).isEqualTo("_INBOX.13");
    assertThat(headers(out.get(0))).isEqualTo("NATS/1.0 409 Exceeded MaxWaiting\r\n\r\n");
    assertThat(p1.info().numWaiting()).isEqualTo(1);
    List<OutboundMessage> later = f.after(SECOND);
    assertThat(later).hasSize(1);
    assertThat(later.get(0).subject()).isEqualTo("_INBOX.12");
    assertThat(headers(later.get(0))).isEqualTo(TIMEOUT_1_0);
    assertThat(p1.info().numWaiting()).isZero();
  }

  @Test
  void batchOverMaxBatchIsRefusedWithTheLimit() {
    f.next(p1, "_INBOX.14", "{\"batch\":3}");
    assertThat(headers(f.take().get(0)))
        .isEqualTo("NATS/1.0 409 Exceeded MaxRequestBatch of 2\r\n\r\n");
  }

  @Test
  void messageLargerThanMaxBytesEndsTheRequestWithItsBudget() {
    drainThree();
    f.publish("s07.b", "m4");
    f.next(p1, "_INBOX.x", "{\"batch\":1,\"no_wait\":true}");
    f.publish("s07.c", "a message longer than four bytes");
    f.take();

    f.next(p1, "_INBOX.16", "{\"batch\":1,\"max_bytes\":4}");

    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(1);
    assertThat(headers(out.get(0))).isEqualTo(
        "NATS/1.0 409 Message Size Exceeds MaxBytes\r\nNats-Pending-Messages: 1\r\n"
            + "Nats-Pending-Bytes: 4\r\n\r\n");
    f.next(p1, "_INBOX.17", "{\"batch\":1,\"no_wait\":true}");
    assertThat(ackSubject(f.take().get(0))).isEqualTo("$JS.ACK.S07_PULL.P1.1.5.5.<ts>.0");
  }

  @Test
  void idleHeartbeatsGoToTheRequestUntilItExpires() {
    drainThree();

    f.next(p1, "_INBOX.18", "{\"batch\":1,\"expires\":1200000000,\"idle_heartbeat\":500000000}");

    assertThat(f.after(499 * MS)).isEmpty();
    List<OutboundMessage> first = f.after(MS);
    assertThat(first).hasSize(1);
    assertThat(headers(first.get(0))).isEqualTo(
        "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 3\r\nNats-Last-Stream: 3\r\n\r\n");
    assertThat(f.after(500 * MS)).hasSize(1);
    List<OutboundMessage> end = f.after(200 * MS);
    assertThat(end).hasSize(1);
    assertThat(headers(end.get(0))).isEqualTo(TIMEOUT_1_0);
  }

  @Test
  void heartbeatOverHalfTheExpiryIsABadRequest() {
    f.next(p1, "_INBOX.19", "{\"batch\":1,\"expires\":1000000000,\"idle_heartbeat\":2000000000}");
    assertThat(headers(f.take().get(0)))
        .isEqualTo("NATS/1.0 400 Bad Request - heartbeat value too large\r\n\r\n");
  }

  @Test
  void invalidJsonIsABadRequestWithGosParserMessage() {
    f.next(p1, "_INBOX.20", "{nope");
    assertThat(headers(f.take().get(0))).isEqualTo(
        "NATS/1.0 400 Bad Request - invalid character 'n' looking for beginning of object key "
            + "string\r\n\r\n");
  }

  @Test
  void wrongTypeIsABadRequestNamingTheGoStructField() {
    f.next(p1, "_INBOX.20", "{\"batch\":\"two\"}");
    assertThat(headers(f.take().get(0))).isEqualTo(
        "NATS/1.0 400 Bad Request - json: cannot unmarshal string into Go struct field "
            + "JSApiConsumerGetNextRequest.batch of type int\r\n\r\n");
  }

  @Test
  void emptyNumericAndNonJsonBodiesAskForOneMessage() {
    drainThree();
    f.publish("s07.d", "m6");
    f.next(p1, "_INBOX.22", "");
    assertThat(ackSubject(f.take().get(0))).isEqualTo("$JS.ACK.S07_PULL.P1.1.4.4.<ts>.0");
    f.publish("s07.d", "m7");
    f.next(p1, "_INBOX.24", "1");
    assertThat(ackSubject(f.take().get(0))).isEqualTo("$JS.ACK.S07_PULL.P1.1.5.5.<ts>.0");
    f.publish("s07.d", "m8");
    f.publish("s07.d", "m9");
    f.next(p1, "_INBOX.26", "garbage");
    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(1);
    assertThat(body(out.get(0))).isEqualTo("m8");
  }

  @Test
  void pullRequestToAPushConsumerIsRefused() {
    Consumer push = f.create(ConsumerConfig.builder().durable("PUSH").name("PUSH")
        .ackPolicy(AckPolicy.EXPLICIT).deliverSubject("deliver.s07"), false);
    f.take();
    f.next(push, "_INBOX.29", "{\"batch\":1,\"no_wait\":true}");
    assertThat(headers(f.take().get(0))).isEqualTo("NATS/1.0 409 Consumer is push based\r\n\r\n");
  }

  @Test
  void infoAfterEightDeliveriesShowsThemAllPendingAndNoneAcked() {
    drainThree();
    for (int i = 4; i <= 8; i++) {
      f.publish("s07.d", "m" + i);
      f.next(p1, "_INBOX." + i, "");
    }

    ConsumerInfo info = p1.info();
    assertThat(info.delivered().consumerSeq()).isEqualTo(8);
    assertThat(info.delivered().streamSeq()).isEqualTo(8);
    assertThat(info.delivered().lastActiveNanos()).isEqualTo(f.scheduler.nowNanos());
    assertThat(info.ackFloor()).isEqualTo(new SequenceInfo(0, 0, 0));
    assertThat(info.numAckPending()).isEqualTo(8);
    assertThat(info.numPending()).isZero();
    assertThat(info.numRedelivered()).isZero();
    assertThat(info.numWaiting()).isZero();
    assertThat(info.pushBound()).isFalse();
  }

  @Test
  void waitingRequestIsServedWhenAMessageArrives() {
    drainThree();
    f.next(p1, "_INBOX.w", "{\"batch\":1,\"expires\":5000000000}");
    assertThat(f.take()).isEmpty();

    f.publish("s07.z", "late");

    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).route()).isEqualTo("_INBOX.w");
    assertThat(body(out.get(0))).isEqualTo("late");
    assertThat(f.after(10 * SECOND)).isEmpty();
  }

  @Test
  void batchWithBytesLeftEndsWith409BatchCompleted() {
    f.next(p1, "_INBOX.b", "{\"batch\":2,\"max_bytes\":1000}");
    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(3);
    long first = out.get(0).subject().length() + out.get(0).reply().length()
        + out.get(0).headers().length + out.get(0).data().length;
    long second = out.get(1).subject().length() + out.get(1).reply().length()
        + out.get(1).data().length;
    assertThat(headers(out.get(2))).isEqualTo("NATS/1.0 409 Batch Completed\r\n"
        + "Nats-Pending-Messages: 0\r\nNats-Pending-Bytes: " + (1000 - first - second) + "\r\n\r\n");
  }

  @Test
  void deletingAPullConsumerReleasesWaitingRequestsWith409ConsumerDeleted() {
    drainThree();
    f.next(p1, "_INBOX.d", "{\"batch\":2,\"expires\":5000000000}");
    p1.delete();
    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(1);
    assertThat(headers(out.get(0))).isEqualTo("NATS/1.0 409 Consumer Deleted\r\n\r\n");
    assertThat(f.stream.consumerCount()).isZero();
    assertThat(f.after(10 * SECOND)).isEmpty();
  }

  @Test
  void requestsWhoseReplyLostItsSubscriberAreDroppedSilently() {
    drainThree();
    f.next(p1, "_INBOX.gone", "{\"batch\":1,\"expires\":5000000000}");
    f.replyInterest = r -> false;
    assertThat(p1.info().numWaiting()).isZero();
    f.publish("s07.x", "nobody");
    assertThat(f.take()).isEmpty();
  }

  @Test
  void exceedingMaxExpiresAndMaxBytesIsRefusedWithTheLimits() {
    Consumer c = f.create(ConsumerConfig.builder().durable("L").ackPolicy(AckPolicy.EXPLICIT)
        .maxRequestExpiresNanos(1500 * MS).maxRequestMaxBytes(100));
    f.take();
    f.next(c, "_INBOX.e", "{\"expires\":2000000000}");
    f.next(c, "_INBOX.m", "{\"max_bytes\":101}");
    List<OutboundMessage> out = f.take();
    assertThat(headers(out.get(0)))
        .isEqualTo("NATS/1.0 409 Exceeded MaxRequestExpires of 1.5s\r\n\r\n");
    assertThat(headers(out.get(1)))
        .isEqualTo("NATS/1.0 409 Exceeded MaxRequestMaxBytes of 100\r\n\r\n");
  }

  private void drainThree() {
    f.next(p1, "_INBOX.6", "{\"batch\":2}");
    f.next(p1, "_INBOX.7", "{\"batch\":1,\"no_wait\":true}");
    f.take();
  }
}
