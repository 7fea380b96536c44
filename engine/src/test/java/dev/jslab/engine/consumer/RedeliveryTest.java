package dev.jslab.engine.consumer;

import static dev.jslab.engine.consumer.ConsumerFixture.MS;
import static dev.jslab.engine.consumer.ConsumerFixture.SECOND;
import static dev.jslab.engine.consumer.ConsumerFixture.T0;
import static dev.jslab.engine.consumer.ConsumerFixture.ackSubject;
import static dev.jslab.engine.consumer.ConsumerFixture.noEvents;
import static dev.jslab.engine.consumer.ConsumerFixture.subjects;
import static dev.jslab.engine.consumer.ConsumerFixture.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.message.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ack wait, backoff, nak delays, max_deliver and max_ack_pending in virtual time. */
class RedeliveryTest {
  private final ConsumerFixture f = ConsumerFixture.stream("R", "r.>");

  /** Runs virtual time to {@code until} and returns when each delivery to {@code route} left. */
  private List<long[]> deliveriesUntil(String route, long until) {
    List<long[]> seen = new ArrayList<>();
    while (true) {
      long due = f.scheduler.nextDueNanos();
      if (due < 0 || due > until) {
        f.scheduler.runUntil(until);
        break;
      }
      f.scheduler.runUntil(due);
      for (OutboundMessage m : to(f.take(), route)) {
        if (m.reply() != null && m.reply().startsWith("$JS.ACK.")) {
          seen.add(new long[] {f.scheduler.nowNanos() - T0, AckSubject.parse(m.reply()).deliveryCount()});
        }
      }
    }
    return seen;
  }

  @Test
  void unackedPushDeliveryComesBackAfterTheDefaultThirtySecondAckWait() {
    f.create(ConsumerConfig.builder().durable("D").ackPolicy(AckPolicy.EXPLICIT)
        .deliverSubject("deliver.r"));
    f.publish("r.1", "x");
    assertThat(to(f.take(), "deliver.r")).hasSize(1);

    List<long[]> seen = deliveriesUntil("deliver.r", T0 + 61 * SECOND);

    assertThat(seen).extracting(d -> d[0]).containsExactly(30 * SECOND + MS, 60 * SECOND + 2 * MS);
    assertThat(seen).extracting(d -> d[1]).containsExactly(2L, 3L);
  }

  @Test
  void ackedDeliveryIsNeverRedelivered() {
    f.create(ConsumerConfig.builder().durable("D").ackPolicy(AckPolicy.EXPLICIT)
        .deliverSubject("deliver.r"));
    f.publish("r.1", "x");
    OutboundMessage m = to(f.take(), "deliver.r").get(0);
    f.consumers.get("D").processAck(m.reply(), new byte[0], null);
    assertThat(deliveriesUntil("deliver.r", T0 + 120 * SECOND)).isEmpty();
    assertThat(f.scheduler.nextDueNanos()).isEqualTo(-1);
  }

  @Test
  void backoffSpacesRedeliveriesByItsStepsAndRepeatsTheLastOne() {
    Consumer c = f.create(ConsumerConfig.builder().durable("B").ackPolicy(AckPolicy.EXPLICIT)
        .deliverSubject("deliver.b").backoffNanos(SECOND, 5 * SECOND));
    assertThat(c.config().ackWaitNanos()).isEqualTo(SECOND);
    f.publish("r.1", "x");
    f.take();

    List<long[]> seen = deliveriesUntil("deliver.b", T0 + 12 * SECOND);

    assertThat(seen).extracting(d -> d[0])
        .containsExactly(SECOND + MS, 6 * SECOND + MS, 11 * SECOND + MS);
    assertThat(seen).extracting(d -> d[1]).containsExactly(2L, 3L, 4L);
  }

  @Test
  void maxDeliverStopsRedeliveryAndPublishesTheMaxDeliveriesAdvisory() {
    Consumer m1 = f.create(ConsumerConfig.builder().durable("M1").name("M1")
        .ackPolicy(AckPolicy.EXPLICIT).ackWaitNanos(SECOND).deliverSubject("deliver.s10")
        .filterSubject("r.max").maxDeliver(2));
    f.publish("r.max", "never acked");
    assertThat(ackSubject(to(f.take(), "deliver.s10").get(0)))
        .isEqualTo("$JS.ACK.R.M1.1.1.1.<ts>.0");

    List<OutboundMessage> second = f.after(SECOND + MS);
    assertThat(ackSubject(to(second, "deliver.s10").get(0))).isEqualTo("$JS.ACK.R.M1.2.1.2.<ts>.0");
    List<OutboundMessage> third = f.after(SECOND + MS);

    assertThat(to(third, "deliver.s10")).isEmpty();
    List<OutboundMessage> adv = subjects(third, "$JS.EVENT.");
    assertThat(adv).hasSize(1);
    assertThat(adv.get(0).subject()).isEqualTo("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.R.M1");
    String raw = new String(adv.get(0).data(), StandardCharsets.UTF_8)
        .replaceAll("\"id\":\"[0-9A-Za-z]{22}\"", "\"id\":\"<nuid>\"");
    assertThat(raw).isEqualTo("{\"type\":\"io.nats.jetstream.advisory.v1.max_deliver\","
        + "\"id\":\"<nuid>\",\"timestamp\":\"2023-11-14T22:13:22.002Z\",\"stream\":\"R\","
        + "\"consumer\":\"M1\",\"stream_seq\":1,\"deliveries\":2}");
    ConsumerInfo info = m1.info();
    assertThat(info.numAckPending()).isZero();
    assertThat(info.numRedelivered()).isEqualTo(1);
    assertThat(f.after(60 * SECOND)).isEmpty();
  }

  @Test
  void maxDeliverOnAPullConsumerIsNoticedWhenTheNextRequestComes() {
    Consumer c = f.create(ConsumerConfig.builder().durable("P").ackPolicy(AckPolicy.EXPLICIT)
        .ackWaitNanos(SECOND).maxDeliver(2));
    f.publish("r.1", "x");
    f.next(c, "_INBOX.1", "{\"batch\":1}");
    f.scheduler.advance(SECOND + MS);
    f.next(c, "_INBOX.2", "{\"batch\":1}");
    assertThat(ackSubject(f.take().get(1))).isEqualTo("$JS.ACK.R.P.2.1.2.<ts>.0");
    f.scheduler.advance(5 * SECOND);
    assertThat(f.take()).isEmpty();
    assertThat(c.info().numAckPending()).isEqualTo(1);

    f.next(c, "_INBOX.3", "{\"batch\":1,\"expires\":1000000000}");

    List<OutboundMessage> out = f.take();
    assertThat(subjects(out, "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.")).hasSize(1);
    assertThat(AckProtocolTest.json(out.get(0))).containsEntry("deliveries", 2);
    assertThat(c.info().numAckPending()).isZero();
  }

  @Test
  void nakDelayIsCountedFromTheNakAtTheFirstBackoffStep() {
    Consumer c = f.create(ConsumerConfig.builder().durable("N").ackPolicy(AckPolicy.EXPLICIT)
        .deliverSubject("deliver.n").backoffNanos(SECOND, 5 * SECOND));
    f.publish("r.1", "x");
    OutboundMessage first = to(f.take(), "deliver.n").get(0);
    f.scheduler.advance(500 * MS);

    c.processAck(first.reply(), "-NAK 3s".getBytes(StandardCharsets.UTF_8), null);

    List<long[]> seen = deliveriesUntil("deliver.n", T0 + 4 * SECOND);
    assertThat(seen).extracting(d -> d[0]).containsExactly(3500 * MS);
    assertThat(f.ops).anySatisfy(op -> assertThat(op).isEqualTo(
        new ConsumerOp.Nacked(1, 1, 1, T0 + 500 * MS - SECOND + 3 * SECOND)));
  }

  @Test
  void nakPublishesTheNakedAdvisory() {
    Consumer c = f.create(ConsumerConfig.builder().durable("K1").ackPolicy(AckPolicy.EXPLICIT));
    f.publish("r.1", "k1");
    f.next(c, "_INBOX.1", "1");
    OutboundMessage m = f.take().get(0);

    c.processAck(m.reply(), "-NAK".getBytes(StandardCharsets.UTF_8), null);

    OutboundMessage adv = subjects(f.take(), "$JS.EVENT.").get(0);
    assertThat(adv.subject()).isEqualTo("$JS.EVENT.ADVISORY.CONSUMER.MSG_NAKED.R.K1");
    assertThat(AckProtocolTest.json(adv))
        .containsEntry("type", "io.nats.jetstream.advisory.v1.nak")
        .containsEntry("consumer_seq", 1).containsEntry("stream_seq", 1)
        .containsEntry("deliveries", 1);
  }

  @Test
  void maxAckPendingHoldsPullDeliveriesUntilAnAckFreesRoom() {
    Consumer c = f.create(ConsumerConfig.builder().durable("MAP").ackPolicy(AckPolicy.EXPLICIT)
        .maxAckPending(2));
    for (int i = 1; i <= 5; i++) {
      f.publish("r." + i, "m" + i);
    }
    f.next(c, "_INBOX.all", "{\"batch\":5,\"expires\":60000000000}");
    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(2);
    assertThat(c.info().numAckPending()).isEqualTo(2);
    assertThat(c.info().numPending()).isEqualTo(3);

    c.processAck(out.get(0).reply(), new byte[0], null);

    List<OutboundMessage> more = f.take();
    assertThat(more).singleElement()
        .satisfies(m -> assertThat(ackSubject(m)).isEqualTo("$JS.ACK.R.MAP.1.3.3.<ts>.2"));
    assertThat(c.info().numWaiting()).isEqualTo(1);
    c.processAck(out.get(1).reply(), new byte[0], null);
    c.processAck(more.get(0).reply(), new byte[0], null);
    assertThat(f.take()).hasSize(2);
  }

  @Test
  void maxAckPendingHoldsPushDeliveriesUntilAnAckFreesRoom() {
    Consumer c = f.create(ConsumerConfig.builder().durable("MP").ackPolicy(AckPolicy.EXPLICIT)
        .deliverSubject("deliver.mp").maxAckPending(1));
    f.publish("r.1", "a");
    f.publish("r.2", "b");
    List<OutboundMessage> out = f.take();
    assertThat(out).hasSize(1);
    c.processAck(out.get(0).reply(), new byte[0], null);
    assertThat(f.take()).singleElement()
        .satisfies(m -> assertThat(ackSubject(m)).isEqualTo("$JS.ACK.R.MP.1.2.2.<ts>.0"));
  }

  @Test
  void deliveriesAndAcksBecomeOperationsAppliedInOrder() {
    Consumer c = f.create(ConsumerConfig.builder().durable("OPS").ackPolicy(AckPolicy.EXPLICIT));
    f.publish("r.1", "a");
    long ts = f.stream.store().load(1).timestampNanos();
    f.next(c, "_INBOX.1", "1");
    OutboundMessage m = f.take().get(0);
    f.scheduler.advance(SECOND);
    c.processAck(m.reply(), "+WPI".getBytes(StandardCharsets.UTF_8), null);
    c.processAck(m.reply(), new byte[0], null);

    assertThat(f.ops).containsExactly(
        new ConsumerOp.Started(0),
        new ConsumerOp.Delivered(1, 1, 1, ts),
        new ConsumerOp.ProgressReset(1, 1, T0 + SECOND),
        new ConsumerOp.Acked(1, 1));
    assertThat(c.state().delivered()).isEqualTo(new SequencePair(1, 1));
    assertThat(c.state().ackFloor()).isEqualTo(new SequencePair(1, 1));
    assertThat(c.state().pending()).isEmpty();
  }

  @Test
  void noOutstandingDeliveriesMeansNoTimersLeft() {
    Consumer c = f.create(ConsumerConfig.builder().durable("T").ackPolicy(AckPolicy.EXPLICIT));
    f.publish("r.1", "a");
    f.next(c, "_INBOX.1", "1");
    c.processAck(noEvents(f.take()).get(0).reply(), new byte[0], null);
    f.scheduler.advance(31 * SECOND);
    assertThat(f.scheduler.nextDueNanos()).isEqualTo(-1);
  }
}
