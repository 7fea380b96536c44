package dev.jslab.engine.consumer;

import static dev.jslab.engine.consumer.ConsumerFixture.MS;
import static dev.jslab.engine.consumer.ConsumerFixture.SECOND;
import static dev.jslab.engine.consumer.ConsumerFixture.ackSubject;
import static dev.jslab.engine.consumer.ConsumerFixture.body;
import static dev.jslab.engine.consumer.ConsumerFixture.headers;
import static dev.jslab.engine.consumer.ConsumerFixture.noEvents;
import static dev.jslab.engine.consumer.ConsumerFixture.subjects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.api.Json;
import dev.jslab.engine.message.OutboundMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every ack form and its effect, following 08-acks.txt (with 2.10's +TERM reason). */
class AckProtocolTest {
  private ConsumerFixture f;
  private Consumer a1;

  @BeforeEach
  void setUp() {
    f = ConsumerFixture.stream("S08_ACK", "s08.>");
    a1 = f.create(ConsumerConfig.builder().durable("A1").name("A1").ackPolicy(AckPolicy.EXPLICIT)
        .ackWaitNanos(10 * SECOND));
    for (int i = 1; i <= 6; i++) {
      f.publish("s08." + i, "msg " + i);
    }
    f.take();
  }

  private OutboundMessage fetch() {
    f.next(a1, "_INBOX.fetch", "{\"batch\":1,\"no_wait\":true}");
    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private List<OutboundMessage> ack(OutboundMessage delivery, String body, String reply) {
    f.ack(a1, delivery, body, reply);
    return f.take();
  }

  private static void assertEmptyReply(List<OutboundMessage> out, String inbox) {
    assertThat(noEvents(out)).singleElement().satisfies(m -> {
      assertThat(m.subject()).isEqualTo(inbox);
      assertThat(m.headers()).isEmpty();
      assertThat(m.data()).isEmpty();
    });
  }

  @Test
  void ackWithoutReplyIsSilentAndWithReplyIsAnsweredEvenWhenRepeated() {
    OutboundMessage m1 = fetch();
    assertThat(ackSubject(m1)).isEqualTo("$JS.ACK.S08_ACK.A1.1.1.1.<ts>.5");

    assertThat(ack(m1, "+ACK", null)).isEmpty();
    assertEmptyReply(ack(m1, "+ACK", "_INBOX.10"), "_INBOX.10");

    OutboundMessage m2 = fetch();
    assertThat(ackSubject(m2)).isEqualTo("$JS.ACK.S08_ACK.A1.1.2.2.<ts>.4");
    assertEmptyReply(ack(m2, "+ACK", "_INBOX.12"), "_INBOX.12");
    assertEmptyReply(ack(m2, "+ACK", "_INBOX.13"), "_INBOX.13");
    assertEmptyReply(ack(m2, "", "_INBOX.14"), "_INBOX.14");
    assertEmptyReply(ack(m2, "+OK", "_INBOX.15"), "_INBOX.15");
    assertThat(a1.info().ackFloor()).isEqualTo(new SequenceInfo(2, 2, f.scheduler.nowNanos()));
  }

  @Test
  void nakRedeliversAtOnceWithDeliveredCountTwoAndANewConsumerSequence() {
    fetch();
    fetch();
    OutboundMessage m3 = fetch();
    assertThat(ackSubject(m3)).isEqualTo("$JS.ACK.S08_ACK.A1.1.3.3.<ts>.3");

    assertEmptyReply(ack(m3, "-NAK", "_INBOX.16"), "_INBOX.16");

    OutboundMessage again = fetch();
    assertThat(ackSubject(again)).isEqualTo("$JS.ACK.S08_ACK.A1.2.3.4.<ts>.3");
    assertThat(body(again)).isEqualTo("msg 3");
    assertThat(a1.info().numRedelivered()).isEqualTo(1);
    assertEmptyReply(ack(again, "+ACK", "_INBOX.18"), "_INBOX.18");
    assertThat(a1.info().numRedelivered()).isZero();
  }

  @Test
  void nakWithJsonDelayHoldsTheMessageBackForTheDelay() {
    for (int i = 0; i < 3; i++) {
      ack(fetch(), "+ACK", null);
    }
    OutboundMessage m4 = fetch();
    assertThat(ackSubject(m4)).isEqualTo("$JS.ACK.S08_ACK.A1.1.4.4.<ts>.2");

    assertEmptyReply(ack(m4, "-NAK {\"delay\": 500000000}", "_INBOX.20"), "_INBOX.20");

    OutboundMessage m5 = fetch();
    assertThat(ackSubject(m5)).isEqualTo("$JS.ACK.S08_ACK.A1.1.5.5.<ts>.1");
    f.scheduler.advance(499 * MS);
    assertThat(body(fetch())).isEqualTo("msg 6");
    f.next(a1, "_INBOX.early", "{\"batch\":1,\"no_wait\":true}");
    assertThat(headers(f.take().get(0))).isEqualTo("NATS/1.0 404 No Messages\r\n\r\n");
    f.scheduler.advance(MS);
    OutboundMessage again = fetch();
    assertThat(ackSubject(again)).isEqualTo("$JS.ACK.S08_ACK.A1.2.4.7.<ts>.0");
  }

  @Test
  void nakWithGoDurationDelayHoldsTheMessageBackForTheDelay() {
    OutboundMessage m1 = fetch();
    ack(m1, "-NAK 2s", null);
    f.scheduler.advance(2 * SECOND - MS);
    assertThat(body(fetch())).isEqualTo("msg 2");
    f.scheduler.advance(MS);
    assertThat(ackSubject(fetch())).isEqualTo("$JS.ACK.S08_ACK.A1.2.1.3.<ts>.4");
  }

  @Test
  void nakWithAnUnreadableDelayIsAPlainNak() {
    OutboundMessage m1 = fetch();
    ack(m1, "-NAK soon", null);
    assertThat(ackSubject(fetch())).isEqualTo("$JS.ACK.S08_ACK.A1.2.1.2.<ts>.5");
  }

  @Test
  void progressRestartsTheAckTimer() {
    OutboundMessage m1 = fetch();
    f.scheduler.advance(9 * SECOND);
    assertEmptyReply(ack(m1, "+WPI", "_INBOX.24"), "_INBOX.24");
    f.scheduler.advance(9 * SECOND);
    assertThat(body(fetch())).isEqualTo("msg 2");
    f.scheduler.advance(SECOND + MS);
    assertThat(ackSubject(fetch())).isEqualTo("$JS.ACK.S08_ACK.A1.2.1.3.<ts>.4");
  }

  @Test
  void termWithReasonStopsRedeliveryAndPublishesTheReason() {
    for (int i = 0; i < 5; i++) {
      ack(fetch(), "+ACK", null);
    }
    OutboundMessage m6 = fetch();
    assertThat(ackSubject(m6)).isEqualTo("$JS.ACK.S08_ACK.A1.1.6.6.<ts>.0");

    List<OutboundMessage> out = ack(m6, "+TERM not wanted", "_INBOX.25");

    assertEmptyReply(out, "_INBOX.25");
    OutboundMessage adv = subjects(out, "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.").get(0);
    assertThat(adv.subject()).isEqualTo("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.S08_ACK.A1");
    Map<String, Object> json = json(adv);
    assertThat(json).containsEntry("type", "io.nats.jetstream.advisory.v1.terminated")
        .containsEntry("stream", "S08_ACK").containsEntry("consumer", "A1")
        .containsEntry("consumer_seq", 6).containsEntry("stream_seq", 6)
        .containsEntry("deliveries", 1).containsEntry("reason", "not wanted");
    ConsumerInfo info = a1.info();
    assertThat(info.numAckPending()).isZero();
    assertThat(info.ackFloor().consumerSeq()).isEqualTo(6);
    assertThat(info.ackFloor().streamSeq()).isEqualTo(6);
    f.scheduler.advance(60 * SECOND);
    f.next(a1, "_INBOX.x", "{\"batch\":1,\"no_wait\":true}");
    assertThat(headers(f.take().get(0))).isEqualTo("NATS/1.0 404 No Messages\r\n\r\n");
  }

  @Test
  void termWithoutReasonLeavesTheReasonOut() {
    OutboundMessage m1 = fetch();
    List<OutboundMessage> out = ack(m1, "+TERM", "_INBOX.27");
    assertEmptyReply(out, "_INBOX.27");
    assertThat(json(subjects(out, "$JS.EVENT.").get(0))).doesNotContainKey("reason");
  }

  @Test
  void nextAcksAndAnswersWithTheNextMessageInsteadOfAnEmptyReply() {
    for (int i = 0; i < 6; i++) {
      ack(fetch(), "+ACK", null);
    }
    f.publish("s08.7", "msg 7");
    f.publish("s08.8", "msg 8");
    f.publish("s08.9", "msg 9");
    OutboundMessage m7 = fetch();
    assertThat(ackSubject(m7)).isEqualTo("$JS.ACK.S08_ACK.A1.1.7.7.<ts>.2");

    List<OutboundMessage> out = ack(m7, "+NXT", "_INBOX.33");
    assertThat(out).singleElement().satisfies(m -> {
      assertThat(m.route()).isEqualTo("_INBOX.33");
      assertThat(ackSubject(m)).isEqualTo("$JS.ACK.S08_ACK.A1.1.8.8.<ts>.1");
    });

    List<OutboundMessage> out2 = ack(out.get(0), "+NXT {\"batch\":2,\"no_wait\":true}", "_INBOX.34");
    assertThat(out2).hasSize(2);
    assertThat(ackSubject(out2.get(0))).isEqualTo("$JS.ACK.S08_ACK.A1.1.9.9.<ts>.0");
    assertThat(headers(out2.get(1))).isEqualTo(
        "NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 1\r\nNats-Pending-Bytes: 0\r\n\r\n");

    assertEmptyReply(ack(m7, "+WHAT", "_INBOX.35"), "_INBOX.35");
    ConsumerInfo info = a1.info();
    assertThat(info.ackFloor().consumerSeq()).isEqualTo(8);
    assertThat(info.ackFloor().streamSeq()).isEqualTo(8);
    assertThat(info.delivered().consumerSeq()).isEqualTo(9);
    assertThat(info.delivered().streamSeq()).isEqualTo(9);
    assertThat(info.numAckPending()).isEqualTo(1);
    assertThat(info.numPending()).isZero();
  }

  @Test
  void theCaptureSequenceEndsWithNats210sNumbers() {
    ack(fetch(), "+ACK", null);
    OutboundMessage m2 = fetch();
    ack(m2, "+ACK", "_INBOX.12");
    OutboundMessage m3 = fetch();
    ack(m3, "-NAK", "_INBOX.16");
    ack(fetch(), "+ACK", "_INBOX.18");
    OutboundMessage m4 = fetch();
    ack(m4, "-NAK {\"delay\": 500000000}", "_INBOX.20");
    OutboundMessage m5 = fetch();
    f.scheduler.advance(700 * MS);
    OutboundMessage m4again = fetch();
    assertThat(ackSubject(m4again)).isEqualTo("$JS.ACK.S08_ACK.A1.2.4.7.<ts>.1");
    ack(m4again, "+ACK", null);
    ack(m5, "+ACK", null);
    OutboundMessage m6 = fetch();
    assertThat(ackSubject(m6)).isEqualTo("$JS.ACK.S08_ACK.A1.1.6.8.<ts>.0");
    ack(m6, "+WPI", "_INBOX.24");
    ack(m6, "+TERM not wanted", "_INBOX.25");
    ConsumerInfo afterTerm = a1.info();
    assertThat(afterTerm.ackFloor().consumerSeq()).isEqualTo(8);
    assertThat(afterTerm.ackFloor().streamSeq()).isEqualTo(6);
    assertThat(afterTerm.delivered().consumerSeq()).isEqualTo(8);
    assertThat(afterTerm.delivered().streamSeq()).isEqualTo(6);
    assertThat(afterTerm.numAckPending()).isZero();
    f.publish("s08.7", "msg 7");
    f.publish("s08.8", "msg 8");
    f.publish("s08.9", "msg 9");
    OutboundMessage m7 = fetch();
    assertThat(ackSubject(m7)).isEqualTo("$JS.ACK.S08_ACK.A1.1.7.9.<ts>.2");
    OutboundMessage m8 = ack(m7, "+NXT", "_INBOX.33").get(0);
    assertThat(ackSubject(m8)).isEqualTo("$JS.ACK.S08_ACK.A1.1.8.10.<ts>.1");
    List<OutboundMessage> last = ack(m8, "+NXT {\"batch\":2,\"no_wait\":true}", "_INBOX.34");
    assertThat(ackSubject(last.get(0))).isEqualTo("$JS.ACK.S08_ACK.A1.1.9.11.<ts>.0");

    ConsumerInfo info = a1.info();
    assertThat(info.ackFloor().consumerSeq()).isEqualTo(10);
    assertThat(info.ackFloor().streamSeq()).isEqualTo(8);
    assertThat(info.delivered().consumerSeq()).isEqualTo(11);
    assertThat(info.delivered().streamSeq()).isEqualTo(9);
    assertThat(info.numAckPending()).isEqualTo(1);
    assertThat(info.numRedelivered()).isZero();
  }

  @Test
  void ackOfASequenceNotYetDeliveredIsIgnoredWithoutReply() {
    fetch();
    f.take();
    a1.processAck("$JS.ACK.S08_ACK.A1.1.5.5.0.0", "+ACK".getBytes(), "_INBOX.future");
    assertThat(f.take()).isEmpty();
    assertThat(a1.info().numAckPending()).isEqualTo(1);
  }

  @Test
  void ackPolicyAllAcknowledgesEverythingUpToTheAckedMessage() {
    Consumer all = f.create(ConsumerConfig.builder().durable("ALL").ackPolicy(AckPolicy.ALL));
    f.take();
    f.next(all, "_INBOX.all", "{\"batch\":4}");
    List<OutboundMessage> out = f.take();
    assertThat(all.info().numAckPending()).isEqualTo(4);

    f.ack(all, out.get(2), "+ACK", "_INBOX.r");

    assertEmptyReply(f.take(), "_INBOX.r");
    ConsumerInfo info = all.info();
    assertThat(info.numAckPending()).isEqualTo(1);
    assertThat(info.ackFloor().consumerSeq()).isEqualTo(3);
    assertThat(info.ackFloor().streamSeq()).isEqualTo(3);
    f.ack(all, out.get(1), "+ACK", "_INBOX.old");
    assertEmptyReply(f.take(), "_INBOX.old");
    assertThat(all.info().numAckPending()).isEqualTo(1);
  }

  @Test
  void ackWithAnUnreadableSubjectStillGetsItsReply() {
    a1.processAck("$JS.ACK.S08_ACK.A1.x", "+ACK".getBytes(), "_INBOX.bad");
    assertEmptyReply(f.take(), "_INBOX.bad");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(OutboundMessage m) {
    try {
      return Json.MAPPER.readValue(m.data(), Map.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void ackNoneConsumersDoNotListenForAcks() {
    Consumer none = f.create(ConsumerConfig.builder().durable("NONE"));
    f.take();
    f.next(none, "_INBOX.n", "1");
    OutboundMessage m = f.take().get(0);
    none.processAck(m.reply(), "-NAK".getBytes(), "_INBOX.r");
    assertThat(f.take()).isEmpty();
    assertThat(none.info().ackFloor().streamSeq()).isEqualTo(1);
  }
}
