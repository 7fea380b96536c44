package dev.jslab.engine.consumer;

import static dev.jslab.engine.consumer.ConsumerFixture.MS;
import static dev.jslab.engine.consumer.ConsumerFixture.SECOND;
import static dev.jslab.engine.consumer.ConsumerFixture.T0;
import static dev.jslab.engine.consumer.ConsumerFixture.ackSubject;
import static dev.jslab.engine.consumer.ConsumerFixture.headers;
import static dev.jslab.engine.consumer.ConsumerFixture.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jslab.engine.message.Headers;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.stream.StreamConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Push delivery: heartbeats, flow control (09-push-flow-control.txt), pacing, interest. */
class PushConsumerTest {
  private static final String BIG = "x".repeat(65536);

  @Test
  void idleConsumerSendsAHeartbeatEveryIntervalWithItsLastSequences() {
    ConsumerFixture f = ConsumerFixture.stream("S09_PUSH", "s09.>");
    f.create(ConsumerConfig.builder().durable("F0").name("F0").deliverSubject("deliver.s09.idle")
        .filterSubject("s09.idle").flowControl(true).idleHeartbeatNanos(500 * MS));
    assertThat(f.take()).isEmpty();

    assertThat(f.after(499 * MS)).isEmpty();
    List<OutboundMessage> hb = f.after(MS);

    assertThat(hb).singleElement().satisfies(m -> {
      assertThat(m.subject()).isEqualTo("deliver.s09.idle");
      assertThat(m.reply()).isNull();
      assertThat(headers(m)).isEqualTo(
          "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 0\r\nNats-Last-Stream: 0\r\n\r\n");
      assertThat(m.headers()).hasSize(75);
    });
    assertThat(f.after(500 * MS)).hasSize(1);
  }

  @Test
  void flowControlIsRequestedPastHalfTheWindowAndHeartbeatsReportTheStall() {
    ConsumerFixture f = ConsumerFixture.stream("S09_PUSH", "s09.>");
    for (int i = 0; i < 20; i++) {
      f.publish("s09.data", BIG);
    }
    Consumer f1 = f.create(ConsumerConfig.builder().durable("F1").name("F1")
        .deliverSubject("deliver.s09").flowControl(true).idleHeartbeatNanos(500 * MS));

    ConsumerInfo created = f1.initialInfo();
    assertThat(created.delivered()).isEqualTo(new SequenceInfo(0, 0, 0));
    assertThat(created.numPending()).isEqualTo(20);
    assertThat(created.pushBound()).isTrue();
    List<OutboundMessage> out = to(f.take(), "deliver.s09");
    assertThat(out).hasSize(21);
    assertThat(ackSubject(out.get(0))).isEqualTo("$JS.ACK.S09_PUSH.F1.1.1.1.<ts>.19");
    OutboundMessage fc = out.get(16);
    assertThat(fc.reply()).matches("\\$JS\\.FC\\.S09_PUSH\\.F1\\.[0-9A-Za-z]{4}");
    assertThat(headers(fc)).isEqualTo("NATS/1.0 100 FlowControl Request\r\n\r\n");
    assertThat(fc.data()).isEmpty();
    assertThat(out.subList(17, 21)).allSatisfy(m -> assertThat(m.data()).hasSize(65536));

    List<OutboundMessage> stalled = f.after(500 * MS);
    assertThat(stalled).singleElement().satisfies(m -> assertThat(headers(m)).isEqualTo(
        "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 20\r\nNats-Last-Stream: 20\r\n"
            + "Nats-Consumer-Stalled: " + fc.reply() + "\r\n\r\n"));

    f1.processFlowControlReply(fc.reply());

    List<OutboundMessage> after = f.after(500 * MS);
    assertThat(after).singleElement().satisfies(m -> {
      assertThat(headers(m)).isEqualTo(
          "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 20\r\nNats-Last-Stream: 20\r\n\r\n");
      assertThat(m.headers()).hasSize(77);
    });
    ConsumerInfo info = f1.info();
    assertThat(info.ackFloor().consumerSeq()).isEqualTo(20);
    assertThat(info.ackFloor().streamSeq()).isEqualTo(20);
    assertThat(info.delivered().consumerSeq()).isEqualTo(20);
    assertThat(info.numPending()).isZero();
    assertThat(info.numAckPending()).isZero();
    assertThat(info.pushBound()).isTrue();
  }

  @Test
  void deliveryPausesWhenTheFlowControlWindowIsFullUntilTheRequestIsAnswered() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    for (int i = 0; i < 40; i++) {
      f.publish("s.data", BIG);
    }
    Consumer c = f.create(ConsumerConfig.builder().durable("FC").deliverSubject("d")
        .flowControl(true).idleHeartbeatNanos(SECOND));
    List<OutboundMessage> out = f.take();
    List<OutboundMessage> data = out.stream().filter(m -> m.data().length > 0).toList();
    assertThat(data).hasSize(32);
    String fc = out.stream().filter(m -> m.reply() != null && m.reply().startsWith("$JS.FC."))
        .findFirst().orElseThrow().reply();

    c.processFlowControlReply("$JS.FC.S.FC.nope");
    assertThat(f.take()).isEmpty();
    c.processFlowControlReply(fc);

    assertThat(f.take()).hasSize(8);
  }

  @Test
  void pushWithAckNoneStillCarriesAnAckSubjectAndMovesTheAckFloor() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("N").deliverSubject("d"));
    f.publish("s.1", "a");
    OutboundMessage m = f.take().get(0);
    assertThat(ackSubject(m)).isEqualTo("$JS.ACK.S.N.1.1.1.<ts>.0");
    assertThat(c.info().ackFloor().streamSeq()).isEqualTo(1);
    assertThat(c.info().numAckPending()).isZero();
  }

  @Test
  void noDeliveryWithoutInterestAndEverythingOnceInterestArrives() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    f.publish("s.1", "a");
    f.publish("s.2", "b");
    Consumer c = f.create(ConsumerConfig.builder().durable("I").deliverSubject("d")
        .deliverGroup("workers").ackPolicy(AckPolicy.EXPLICIT), false);
    assertThat(f.take()).isEmpty();
    assertThat(c.info().pushBound()).isFalse();

    c.setDeliveryInterest(true);

    List<OutboundMessage> out = f.take();
    assertThat(out).extracting(OutboundMessage::route).containsExactly("d", "d");
    assertThat(out).extracting(OutboundMessage::subject).containsExactly("s.1", "s.2");
    assertThat(c.config().deliverGroup()).isEqualTo("workers");
    assertThat(c.info().pushBound()).isTrue();
    c.setDeliveryInterest(false);
    f.publish("s.3", "c");
    assertThat(f.take()).isEmpty();
  }

  @Test
  void pushConsumerWithoutInterestForItsInactiveThresholdAsksToBeDeleted() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("G").deliverSubject("d")
        .inactiveThresholdNanos(2 * SECOND), false);
    f.scheduler.advance(2 * SECOND - 1);
    assertThat(f.inactive).isEmpty();
    f.scheduler.advance(1);
    assertThat(f.inactive).containsExactly("G");
    assertThat(c.isInactive()).isTrue();
  }

  @Test
  void interestReturningInTimeCancelsTheInactivityDeadline() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("G").deliverSubject("d")
        .inactiveThresholdNanos(2 * SECOND), false);
    f.scheduler.advance(SECOND);
    c.setDeliveryInterest(true);
    f.scheduler.advance(10 * SECOND);
    assertThat(f.inactive).isEmpty();
    c.setDeliveryInterest(false);
    f.scheduler.advance(2 * SECOND);
    assertThat(f.inactive).containsExactly("G");
  }

  @Test
  void ephemeralGetsTheDefaultFiveSecondThresholdWithUpToOneSecondOfJitter() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().deliverSubject("d"), false);
    assertThat(c.config().inactiveThresholdNanos()).isEqualTo(5 * SECOND);
    assertThat(c.name()).matches("[0-9A-Za-z]{8}");
    assertThat(c.config().name()).isEqualTo(c.name());
    f.scheduler.advance(5100 * MS - 1);
    assertThat(f.inactive).isEmpty();
    f.scheduler.advance(900 * MS);
    assertThat(f.inactive).containsExactly(c.name());
  }

  @Test
  void headersOnlyDeliversTheHeadersWithTheMessageSize() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    f.create(ConsumerConfig.builder().durable("H").deliverSubject("d").headersOnly(true));
    f.publish("s.1", Headers.of(null, "X", "y"), "hello");
    f.publish("s.2", "world!");
    List<OutboundMessage> out = f.take();
    assertThat(headers(out.get(0))).isEqualTo("NATS/1.0\r\nX: y\r\nNats-Msg-Size: 5\r\n\r\n");
    assertThat(out.get(0).data()).isEmpty();
    assertThat(headers(out.get(1))).isEqualTo("NATS/1.0\r\nNats-Msg-Size: 6\r\n\r\n");
  }

  @Test
  void replayOriginalSpacesDeliveriesAsTheMessagesWereStored() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    f.publish("s.1", "a");
    f.scheduler.advance(2 * SECOND);
    f.publish("s.2", "b");
    f.scheduler.advance(3 * SECOND);
    f.publish("s.3", "c");
    f.create(ConsumerConfig.builder().durable("RP").deliverSubject("d")
        .replayPolicy(ReplayPolicy.ORIGINAL));
    List<Long> times = new ArrayList<>();
    times.add(f.take().size() == 1 ? f.scheduler.nowNanos() - T0 : -1);
    for (int i = 0; i < 2; i++) {
      f.scheduler.runUntil(f.scheduler.nextDueNanos());
      if (!f.take().isEmpty()) {
        times.add(f.scheduler.nowNanos() - T0);
      }
    }
    assertThat(times).containsExactly(5 * SECOND, 7 * SECOND, 10 * SECOND);

    f.publish("s.4", "live");
    assertThat(f.take()).hasSize(1);
  }

  @Test
  void rateLimitHoldsDeliveriesToTheConfiguredBitsPerSecond() {
    ConsumerFixture f = new ConsumerFixture(StreamConfig.builder("S").subjects("s.>").maxMsgSize(1000));
    String body = "y".repeat(550);
    for (int i = 0; i < 3; i++) {
      f.publish("s.1", body);
    }
    f.create(ConsumerConfig.builder().durable("RL").deliverSubject("d").rateLimitBps(8000));
    List<OutboundMessage> first = f.take();
    assertThat(first).hasSize(1);
    OutboundMessage m = first.get(0);
    long size = m.subject().length() + m.reply().length() + m.data().length;

    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      f.scheduler.runUntil(f.scheduler.nextDueNanos());
      assertThat(f.take()).hasSize(1);
      times.add(f.scheduler.nowNanos() - T0);
    }

    long second = (2 * size - 1000) * MS;
    assertThat(times.get(0)).isCloseTo(second, within(1000L));
    assertThat(times.get(1)).isCloseTo(second + size * MS, within(1000L));
  }

  @Test
  void changingTheDeliverSubjectRedeliversWhatIsPendingThere() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("DS").deliverSubject("d.old")
        .ackPolicy(AckPolicy.EXPLICIT));
    f.publish("s.1", "a");
    f.take();

    f.create(ConsumerConfig.builder().durable("DS").deliverSubject("d.new")
        .ackPolicy(AckPolicy.EXPLICIT));

    List<OutboundMessage> out = f.take();
    assertThat(out).singleElement().satisfies(m -> {
      assertThat(m.route()).isEqualTo("d.new");
      assertThat(ackSubject(m)).isEqualTo("$JS.ACK.S.DS.2.1.2.<ts>.0");
    });
    assertThat(c.config().deliverSubject()).isEqualTo("d.new");
  }

  @Test
  void eachDeliveryPostponesTheNextIdleHeartbeatByAFullInterval() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    f.create(ConsumerConfig.builder().durable("HB").deliverSubject("d").idleHeartbeatNanos(SECOND));
    f.scheduler.advance(700 * MS);
    f.publish("s.1", "a");
    assertThat(f.take()).hasSize(1);
    assertThat(f.after(999 * MS)).isEmpty();
    assertThat(f.after(MS)).singleElement().satisfies(m -> assertThat(headers(m)).isEqualTo(
        "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 1\r\nNats-Last-Stream: 1\r\n\r\n"));
    assertThat(f.after(SECOND)).hasSize(1);
  }
}
