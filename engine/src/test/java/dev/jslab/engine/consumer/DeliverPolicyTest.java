package dev.jslab.engine.consumer;

import static dev.jslab.engine.consumer.ConsumerFixture.SECOND;
import static dev.jslab.engine.consumer.ConsumerFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.message.OutboundMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where each deliver policy starts, as nats-server computes it. */
class DeliverPolicyTest {
  private ConsumerFixture f;

  @BeforeEach
  void fiveMessagesOneSecondApart() {
    f = ConsumerFixture.stream("S", "s.>");
    String[] subjects = {"s.a", "s.b", "s.a", "s.c", "s.b"};
    for (String s : subjects) {
      f.publish(s, s);
      f.scheduler.advance(SECOND);
    }
  }

  private List<Long> delivered(ConsumerConfig.Builder b) {
    Consumer c = f.create(b.ackPolicy(AckPolicy.EXPLICIT));
    f.take();
    f.next(c, "_INBOX.x", "{\"batch\":10,\"no_wait\":true}");
    return f.take().stream().filter(m -> m.reply() != null)
        .map(OutboundMessage::reply).map(r -> AckSubject.parse(r).streamSeq()).toList();
  }

  @Test
  void allStartsAtTheFirstMessage() {
    assertThat(delivered(ConsumerConfig.builder().durable("A"))).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void allStartsAtTheFirstMessageLeftAfterRemovals() {
    f.stream.removeMessage(1);
    f.stream.removeMessage(2);
    assertThat(delivered(ConsumerConfig.builder().durable("A"))).containsExactly(3L, 4L, 5L);
  }

  @Test
  void lastStartsAtTheLastMessage() {
    assertThat(delivered(ConsumerConfig.builder().durable("L")
        .deliverPolicy(DeliverPolicy.LAST))).containsExactly(5L);
  }

  @Test
  void lastWithAFilterStartsAtTheLastMatchingMessage() {
    assertThat(delivered(ConsumerConfig.builder().durable("L").filterSubject("s.a")
        .deliverPolicy(DeliverPolicy.LAST))).containsExactly(3L);
  }

  @Test
  void newDeliversOnlyWhatComesAfterCreation() {
    Consumer c = f.create(ConsumerConfig.builder().durable("N").deliverPolicy(DeliverPolicy.NEW)
        .ackPolicy(AckPolicy.EXPLICIT));
    ConsumerInfo info = c.info();
    assertThat(info.numPending()).isZero();
    assertThat(info.delivered().streamSeq()).isEqualTo(5);
    assertThat(info.ackFloor().streamSeq()).isZero();
    f.publish("s.d", "fresh");
    f.next(c, "_INBOX.n", "1");
    assertThat(AckSubject.parse(f.take().get(0).reply()).streamSeq()).isEqualTo(6);
  }

  @Test
  void byStartSequenceStartsThere() {
    assertThat(delivered(ConsumerConfig.builder().durable("Q")
        .deliverPolicy(DeliverPolicy.BY_START_SEQUENCE).optStartSeq(4))).containsExactly(4L, 5L);
  }

  @Test
  void byStartSequenceBeyondTheEndWaitsForTheNextMessage() {
    Consumer c = f.create(ConsumerConfig.builder().durable("Q").ackPolicy(AckPolicy.EXPLICIT)
        .deliverPolicy(DeliverPolicy.BY_START_SEQUENCE).optStartSeq(100));
    assertThat(c.info().delivered().streamSeq()).isEqualTo(5);
    assertThat(c.info().numPending()).isZero();
  }

  @Test
  void byStartTimeStartsAtTheFirstMessageStoredAtOrAfterIt() {
    assertThat(delivered(ConsumerConfig.builder().durable("T")
        .deliverPolicy(DeliverPolicy.BY_START_TIME)
        .optStartTime(Instant.ofEpochSecond(T0 / SECOND + 2)))).containsExactly(3L, 4L, 5L);
  }

  @Test
  void lastPerSubjectDeliversTheLastOfEachSubjectThenEverythingNew() {
    Consumer c = f.create(ConsumerConfig.builder().durable("P").filterSubject("s.*")
        .deliverPolicy(DeliverPolicy.LAST_PER_SUBJECT).ackPolicy(AckPolicy.EXPLICIT));
    assertThat(c.info().numPending()).isEqualTo(3);
    f.next(c, "_INBOX.p", "{\"batch\":10,\"no_wait\":true}");
    assertThat(f.take().stream().filter(m -> m.reply() != null)
        .map(m -> AckSubject.parse(m.reply()).streamSeq()).toList()).containsExactly(3L, 4L, 5L);
    f.publish("s.a", "new");
    f.next(c, "_INBOX.p", "1");
    assertThat(AckSubject.parse(f.take().get(0).reply()).streamSeq()).isEqualTo(6);
  }

  @Test
  void numPendingCountsMatchingMessagesAfterTheStart() {
    Consumer c = f.create(ConsumerConfig.builder().durable("F").filterSubjects("s.a", "s.c")
        .ackPolicy(AckPolicy.EXPLICIT));
    assertThat(c.info().numPending()).isEqualTo(3);
    f.next(c, "_INBOX.f", "{\"batch\":10,\"no_wait\":true}");
    assertThat(f.take().stream().filter(m -> m.reply() != null)
        .map(m -> AckSubject.parse(m.reply()).streamSeq()).toList()).containsExactly(1L, 3L, 4L);
    f.publish("s.b", "not mine");
    f.publish("s.c", "mine");
    assertThat(c.info().numPending()).isEqualTo(1);
  }
}
