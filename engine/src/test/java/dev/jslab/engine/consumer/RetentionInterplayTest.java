package dev.jslab.engine.consumer;

import static dev.jslab.engine.consumer.ConsumerFixture.SECOND;
import static dev.jslab.engine.consumer.ConsumerFixture.noEvents;
import static dev.jslab.engine.consumer.ConsumerFixture.subjects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.stream.RetentionPolicy;
import dev.jslab.engine.stream.StreamConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Consumers and the real Stream: work-queue and interest retention, removals and purges. */
class RetentionInterplayTest {
  private static ConsumerFixture stream(RetentionPolicy retention) {
    return new ConsumerFixture(StreamConfig.builder("S").subjects("s.>").retention(retention));
  }

  private static List<OutboundMessage> pull(ConsumerFixture f, Consumer c, int batch) {
    f.next(c, "_INBOX.p", "{\"batch\":" + batch + ",\"no_wait\":true}");
    return noEvents(f.take()).stream().filter(m -> m.reply() != null).toList();
  }

  @Test
  void workQueueStreamDropsEachMessageOnceItIsAcked() {
    ConsumerFixture f = stream(RetentionPolicy.WORK_QUEUE);
    Consumer w = f.create(ConsumerConfig.builder().durable("W").ackPolicy(AckPolicy.EXPLICIT));
    f.publish("s.1", "a");
    f.publish("s.2", "b");
    f.publish("s.3", "c");
    List<OutboundMessage> got = pull(f, w, 2);

    w.processAck(got.get(1).reply(), new byte[0], "_INBOX.r");

    assertThat(f.stream.state().messages()).isEqualTo(2);
    assertThat(f.stream.store().load(2)).isNull();
    assertThat(noEvents(f.take())).singleElement()
        .satisfies(m -> assertThat(m.subject()).isEqualTo("_INBOX.r"));
    w.processAck(got.get(0).reply(), "+TERM".getBytes(), null);
    assertThat(f.stream.state().messages()).isEqualTo(1);
    assertThat(w.info().ackFloor().streamSeq()).isEqualTo(2);
  }

  @Test
  void interestStreamKeepsAMessageUntilEveryInterestedConsumerAckedIt() {
    ConsumerFixture f = stream(RetentionPolicy.INTEREST);
    Consumer a = f.create(ConsumerConfig.builder().durable("A").ackPolicy(AckPolicy.EXPLICIT));
    Consumer b = f.create(ConsumerConfig.builder().durable("B").ackPolicy(AckPolicy.EXPLICIT)
        .filterSubject("s.b"));
    f.publish("s.a", "only A wants it");
    f.publish("s.b", "both want it");
    List<OutboundMessage> forA = pull(f, a, 2);
    List<OutboundMessage> forB = pull(f, b, 1);

    a.processAck(forA.get(0).reply(), new byte[0], null);
    assertThat(f.stream.store().load(1)).isNull();
    a.processAck(forA.get(1).reply(), new byte[0], null);
    assertThat(f.stream.store().load(2)).isNotNull();

    b.processAck(forB.get(0).reply(), new byte[0], null);

    assertThat(f.stream.state().messages()).isZero();
  }

  @Test
  void interestStreamDropsWhatAnAckNoneConsumerWasGiven() {
    ConsumerFixture f = stream(RetentionPolicy.INTEREST);
    f.create(ConsumerConfig.builder().durable("N").deliverSubject("d"));
    f.publish("s.1", "gone once delivered");
    assertThat(f.take()).hasSize(1);
    assertThat(f.stream.state().messages()).isZero();
  }

  @Test
  void deletingTheLastInterestedConsumerReleasesItsMessages() {
    ConsumerFixture f = stream(RetentionPolicy.INTEREST);
    Consumer a = f.create(ConsumerConfig.builder().durable("A").ackPolicy(AckPolicy.EXPLICIT));
    f.publish("s.1", "x");
    f.publish("s.2", "y");
    assertThat(f.stream.state().messages()).isEqualTo(2);
    a.delete();
    assertThat(f.stream.state().messages()).isZero();
    assertThat(a.isClosed()).isTrue();
  }

  @Test
  void deletedPendingMessageIsTerminatedWithTheStreamsReason() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("C").ackPolicy(AckPolicy.EXPLICIT));
    f.publish("s.1", "a");
    f.publish("s.2", "b");
    pull(f, c, 1);
    assertThat(c.info().numAckPending()).isEqualTo(1);

    f.stream.removeMessage(1);
    f.scheduler.runDue();

    List<OutboundMessage> adv = subjects(f.take(), "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.");
    assertThat(adv).hasSize(1);
    assertThat(AckProtocolTest.json(adv.get(0)))
        .containsEntry("reason", "Unacknowledged message was deleted")
        .containsEntry("stream_seq", 1).containsEntry("consumer_seq", 1);
    assertThat(c.info().numAckPending()).isZero();
    assertThat(c.info().ackFloor().streamSeq()).isEqualTo(1);
  }

  @Test
  void removingAnUndeliveredMessageLowersNumPending() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("C").ackPolicy(AckPolicy.EXPLICIT)
        .filterSubject("s.a"));
    f.publish("s.a", "1");
    f.publish("s.b", "2");
    f.publish("s.a", "3");
    assertThat(c.info().numPending()).isEqualTo(2);
    f.stream.removeMessage(3);
    f.stream.removeMessage(2);
    assertThat(c.info().numPending()).isEqualTo(1);
  }

  @Test
  void agedOutPendingMessageIsTerminatedToo() {
    ConsumerFixture f = new ConsumerFixture(StreamConfig.builder("S").subjects("s.>")
        .maxAgeNanos(10 * SECOND));
    Consumer c = f.create(ConsumerConfig.builder().durable("C").ackPolicy(AckPolicy.EXPLICIT));
    f.publish("s.1", "a");
    pull(f, c, 1);
    f.scheduler.advance(11 * SECOND);
    f.stream.expire(f.scheduler.nowNanos() - 10 * SECOND);
    f.scheduler.runDue();
    assertThat(subjects(f.take(), "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.")).hasSize(1);
    assertThat(c.info().numAckPending()).isZero();
  }

  @Test
  void purgeClearsWhatWasPendingAndMovesTheFloors() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("C").ackPolicy(AckPolicy.EXPLICIT));
    for (int i = 1; i <= 4; i++) {
      f.publish("s." + i, "m" + i);
    }
    pull(f, c, 2);

    f.stream.purge("", 0, 0);

    ConsumerInfo info = c.info();
    assertThat(info.numAckPending()).isZero();
    assertThat(info.numPending()).isZero();
    assertThat(info.ackFloor().streamSeq()).isEqualTo(4);
    assertThat(info.delivered().streamSeq()).isEqualTo(4);
    f.publish("s.5", "after");
    List<OutboundMessage> next = pull(f, c, 1);
    assertThat(next).singleElement()
        .satisfies(m -> assertThat(ConsumerFixture.ackSubject(m)).isEqualTo("$JS.ACK.S.C.1.5.3.<ts>.0"));
  }

  @Test
  void purgeOfAnotherSubjectLeavesAFilteredConsumerAlone() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("C").ackPolicy(AckPolicy.EXPLICIT)
        .filterSubject("s.a"));
    f.publish("s.a", "1");
    f.publish("s.b", "2");
    pull(f, c, 1);
    f.stream.purge("s.b", 0, 0);
    assertThat(c.info().numAckPending()).isEqualTo(1);
  }

  @Test
  void interestStreamStoresNothingForSubjectsNoConsumerWants() {
    ConsumerFixture f = stream(RetentionPolicy.INTEREST);
    f.create(ConsumerConfig.builder().durable("A").ackPolicy(AckPolicy.EXPLICIT)
        .filterSubject("s.a"));
    f.publish("s.b", "nobody");
    assertThat(f.stream.state().messages()).isZero();
    assertThat(f.stream.hasInterest("s.a")).isTrue();
  }

  @Test
  void messagesDroppedByStreamLimitsLeaveNumPendingAndPendingAcks() {
    ConsumerFixture f = new ConsumerFixture(StreamConfig.builder("S").subjects("s.>").maxMsgs(2));
    Consumer c = f.create(ConsumerConfig.builder().durable("C").ackPolicy(AckPolicy.EXPLICIT));
    f.publish("s.1", "a");
    pull(f, c, 1);
    f.publish("s.2", "b");
    f.publish("s.3", "c");
    f.publish("s.4", "d");
    f.scheduler.runDue();

    ConsumerInfo info = c.info();
    assertThat(info.numAckPending()).isZero();
    assertThat(info.numPending()).isEqualTo(2);
    assertThat(subjects(f.take(), "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.")).hasSize(1);
    assertThat(pull(f, c, 5)).extracting(m -> AckSubject.parse(m.reply()).streamSeq())
        .containsExactly(3L, 4L);
  }
}
