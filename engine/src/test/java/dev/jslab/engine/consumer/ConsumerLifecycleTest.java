package dev.jslab.engine.consumer;

import static dev.jslab.engine.consumer.ConsumerFixture.MS;
import static dev.jslab.engine.consumer.ConsumerFixture.SECOND;
import static dev.jslab.engine.consumer.ConsumerFixture.ackSubject;
import static dev.jslab.engine.consumer.ConsumerFixture.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.message.OutboundMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Restart from the state store, leadership, inactive pull consumers, deletion. */
class ConsumerLifecycleTest {
  @Test
  void restartedConsumerResumesFromItsStoredStateAndRedeliversWhatWasPending() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    MemoryConsumerStateStore store = new MemoryConsumerStateStore();
    ConsumerConfig cfg = ConsumerConfig.builder().durable("D").ackPolicy(AckPolicy.EXPLICIT).build();
    Consumer first = f.create(cfg, f.context().withStateStore(store), true);
    f.publish("s.1", "a");
    f.publish("s.2", "b");
    f.publish("s.3", "c");
    f.next(first, "_INBOX.1", "{\"batch\":2}");
    List<OutboundMessage> got = f.take();
    first.processAck(got.get(1).reply(), new byte[0], null);
    f.scheduler.advance(40 * SECOND);
    f.take();
    ConsumerState saved = store.load().orElseThrow();
    first.stop();
    f.stream.removeConsumer("D");
    f.consumers.clear();

    Consumer again = f.create(cfg, f.context().withStateStore(new MemoryConsumerStateStore(saved)), true);

    ConsumerInfo info = again.info();
    assertThat(info.delivered().consumerSeq()).isEqualTo(2);
    assertThat(info.delivered().streamSeq()).isEqualTo(2);
    assertThat(info.numAckPending()).isEqualTo(1);
    assertThat(info.numPending()).isEqualTo(1);
    f.next(again, "_INBOX.2", "{\"batch\":2}");
    List<OutboundMessage> out = f.take();
    assertThat(ackSubject(out.get(0))).isEqualTo("$JS.ACK.S.D.2.1.3.<ts>.1");
    assertThat(ackSubject(out.get(1))).isEqualTo("$JS.ACK.S.D.1.3.4.<ts>.0");
  }

  @Test
  void aFollowerAppliesTheLeadersOperationsAndCanTakeOver() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer leader = f.create(ConsumerConfig.builder().durable("L").ackPolicy(AckPolicy.EXPLICIT));
    f.publish("s.1", "a");
    f.publish("s.2", "b");
    f.next(leader, "_INBOX.1", "{\"batch\":2}");
    OutboundMessage m1 = f.take().get(0);
    leader.processAck(m1.reply(), new byte[0], null);

    ConsumerState replica = new ConsumerState();
    f.ops.forEach(op -> replica.apply(op, AckPolicy.EXPLICIT, -1));

    assertThat(replica).isEqualTo(leader.state());
    assertThat(replica.delivered()).isEqualTo(new SequencePair(2, 2));
    assertThat(replica.ackFloor()).isEqualTo(new SequencePair(1, 1));
    assertThat(replica.pending()).containsOnlyKeys(2L);
  }

  @Test
  void steppingDownStopsDeliveriesAndLeadingAgainResumesThem() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("P").deliverSubject("d")
        .ackPolicy(AckPolicy.EXPLICIT));
    c.setLeader(false, true);
    f.publish("s.1", "a");
    assertThat(f.take()).isEmpty();
    assertThat(c.isLeader()).isFalse();
    c.setLeader(true, true);
    assertThat(f.take()).singleElement()
        .satisfies(m -> assertThat(ackSubject(m)).isEqualTo("$JS.ACK.S.P.1.1.1.<ts>.0"));
  }

  @Test
  void pullConsumerWithoutRequestsForItsThresholdAsksToBeDeleted() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    f.create(ConsumerConfig.builder().durable("I").ackPolicy(AckPolicy.EXPLICIT)
        .inactiveThresholdNanos(SECOND));
    f.scheduler.advance(1100 * MS - 1);
    assertThat(f.inactive).isEmpty();
    f.scheduler.advance(900 * MS);
    assertThat(f.inactive).containsExactly("I");
  }

  @Test
  void regularPullRequestsKeepAPullConsumerAlive() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("I").ackPolicy(AckPolicy.EXPLICIT)
        .inactiveThresholdNanos(SECOND));
    for (int i = 0; i < 20; i++) {
      f.next(c, "_INBOX.i", "{\"no_wait\":true}");
      f.scheduler.advance(500 * MS);
    }
    assertThat(f.inactive).isEmpty();
    f.scheduler.advance(3 * SECOND);
    assertThat(f.inactive).containsExactly("I");
  }

  @Test
  void aWaitingRequestKeepsAPullConsumerAlive() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().ackPolicy(AckPolicy.EXPLICIT)
        .inactiveThresholdNanos(SECOND));
    f.next(c, "_INBOX.long", "{\"expires\":30000000000}");
    f.scheduler.advance(29 * SECOND);
    assertThat(f.inactive).isEmpty();
    f.scheduler.advance(5 * SECOND);
    assertThat(f.inactive).containsExactly(c.name());
  }

  @Test
  void deletedConsumerIsGoneFromItsStreamAndSilent() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("X").deliverSubject("d")
        .ackPolicy(AckPolicy.EXPLICIT).idleHeartbeatNanos(SECOND));
    f.publish("s.1", "a");
    f.take();
    c.delete();
    assertThat(f.stream.consumerCount()).isZero();
    assertThat(f.after(60 * SECOND)).isEmpty();
    assertThatThrownBy(() -> c.updateConfig(c.config()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().errCode()).isEqualTo(10149));
    c.processNextRequest("_INBOX.x", new byte[0]);
    assertThat(f.take()).isEmpty();
  }

  @Test
  void infoOfAPullConsumerCountsItsWaitingRequests() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("W").ackPolicy(AckPolicy.EXPLICIT));
    f.next(c, "_INBOX.1", "{\"expires\":5000000000}");
    f.next(c, "_INBOX.2", "{\"expires\":1000000000}");
    assertThat(c.info().numWaiting()).isEqualTo(2);
    List<OutboundMessage> expired = f.after(SECOND);
    assertThat(expired).singleElement().satisfies(m -> {
      assertThat(m.subject()).isEqualTo("_INBOX.2");
      assertThat(headers(m)).startsWith("NATS/1.0 408 Request Timeout\r\n");
    });
    assertThat(c.info().numWaiting()).isEqualTo(1);
  }
}
