package dev.jslab.engine.sourcing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.consumer.StatusMessages;
import org.junit.jupiter.api.Test;

/** Reading deliveries, heartbeats and flow-control requests as a mirror or source does. */
class DeliveryTest {
  @Test
  void ackReplyCarriesSequencesTimestampAndPending() {
    assertThat(Delivery.parse("$JS.ACK.O.c1.1.42.7.1700000000000000000.12"))
        .isEqualTo(new Delivery("c1", 1, 42, 7, 1_700_000_000_000_000_000L, 12));
    assertThat(Delivery.parse("$JS.ACK.O.c1.1.42.7.1700000000000000000")).isEqualTo(
        new Delivery("", 0, 0, 0, 0, 0));
  }

  @Test
  void onlyTheCurrentConsumersDeliveriesCount() {
    assertThat(Delivery.isFrom("c1", "$JS.ACK.O.c1.1.42.7.1.0")).isTrue();
    assertThat(Delivery.isFrom("c1", "$JS.ACK.O.c2.1.42.7.1.0")).isFalse();
    assertThat(Delivery.isFrom("", "$JS.ACK.O.c1.1.42.7.1.0")).isFalse();
  }

  @Test
  void heartbeatsAndFlowControlRequestsAreControlMessages() {
    InternalBus.Message hb = new InternalBus.Message(
        "$JS.M.x", null, StatusMessages.idleHeartbeat(7, 42, "$JS.FC.O.c1.abcd"), null);
    assertThat(Delivery.isControl(hb)).isTrue();
    assertThat(Delivery.lastConsumerSeq(hb)).isEqualTo(7);
    assertThat(Delivery.stalledReply(hb)).isEqualTo("$JS.FC.O.c1.abcd");
    InternalBus.Message fc = new InternalBus.Message(
        "$JS.M.x", "$JS.FC.O.c1.abcd", StatusMessages.flowControlRequest(), null);
    assertThat(Delivery.isControl(fc)).isTrue();
    InternalBus.Message data = new InternalBus.Message(
        "o.a", "$JS.ACK.O.c1.1.1.1.1.0", "NATS/1.0 100 x\r\n\r\n".getBytes(UTF_8), "d".getBytes(UTF_8));
    assertThat(Delivery.isControl(data)).isFalse();
  }
}
