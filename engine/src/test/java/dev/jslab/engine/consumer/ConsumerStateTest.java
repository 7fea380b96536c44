package dev.jslab.engine.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.consumer.ConsumerOp.Acked;
import dev.jslab.engine.consumer.ConsumerOp.Delivered;
import dev.jslab.engine.consumer.ConsumerOp.Started;
import dev.jslab.engine.consumer.ConsumerOp.StateReplaced;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replicated state applies operations as nats-server's consumer memory store does. */
class ConsumerStateTest {
  private final ConsumerState s = new ConsumerState();

  private boolean explicit(ConsumerOp op) {
    return s.apply(op, AckPolicy.EXPLICIT, -1);
  }

  @Test
  void startedRecordsTheStreamSequenceBeforeTheFirstDelivery() {
    explicit(new Started(9));
    assertThat(s.delivered()).isEqualTo(new SequencePair(0, 9));
    assertThat(s.ackFloor()).isEqualTo(SequencePair.ZERO);
  }

  @Test
  void deliveriesBecomePendingAndRedeliveriesCountWithoutANewPendingEntry() {
    explicit(new Delivered(1, 1, 1, 100));
    explicit(new Delivered(2, 2, 1, 200));
    explicit(new Delivered(3, 1, 2, 300));

    assertThat(s.delivered()).isEqualTo(new SequencePair(3, 2));
    assertThat(s.pending()).containsExactly(
        Map.entry(1L, new Pending(1, 300)), Map.entry(2L, new Pending(2, 200)));
    assertThat(s.redelivered()).containsExactly(Map.entry(1L, 1L));
  }

  @Test
  void deliveryBeyondMaxDeliverLeavesPending() {
    s.apply(new Delivered(1, 1, 1, 100), AckPolicy.EXPLICIT, 2);
    s.apply(new Delivered(2, 1, 2, 200), AckPolicy.EXPLICIT, 2);
    assertThat(s.pending()).containsKey(1L);
    s.apply(new Delivered(2, 1, 3, 300), AckPolicy.EXPLICIT, 2);
    assertThat(s.pending()).isEmpty();
    assertThat(s.redelivered()).containsEntry(1L, 2L);
  }

  @Test
  void ackNoneMovesTheAckFloorWithEveryDeliveryAndRefusesRedeliveries() {
    assertThat(s.apply(new Delivered(1, 5, 1, 100), AckPolicy.NONE, -1)).isTrue();
    assertThat(s.ackFloor()).isEqualTo(new SequencePair(1, 5));
    assertThat(s.pending()).isEmpty();
    assertThat(s.apply(new Delivered(2, 5, 2, 100), AckPolicy.NONE, -1)).isFalse();
    assertThat(s.apply(new Acked(1, 5), AckPolicy.NONE, -1)).isFalse();
  }

  @Test
  void inOrderAcksMoveTheFloorAndOutOfOrderAcksWaitForTheGap() {
    for (int i = 1; i <= 4; i++) {
      explicit(new Delivered(i, i * 10L, 1, i));
    }
    explicit(new Acked(3, 30));
    assertThat(s.ackFloor()).isEqualTo(SequencePair.ZERO);
    explicit(new Acked(1, 10));
    assertThat(s.ackFloor()).isEqualTo(new SequencePair(1, 19));
    explicit(new Acked(2, 20));
    assertThat(s.ackFloor()).isEqualTo(new SequencePair(3, 39));
    explicit(new Acked(4, 40));
    assertThat(s.ackFloor()).isEqualTo(new SequencePair(4, 40));
    assertThat(s.pending()).isEmpty();
  }

  @Test
  void ackOfSomethingNotPendingIsRefusedButForgetsItsRedeliveryCount() {
    explicit(new Delivered(1, 1, 1, 1));
    explicit(new Delivered(2, 2, 1, 1));
    explicit(new Delivered(3, 2, 2, 1));
    explicit(new Acked(3, 2));
    assertThat(explicit(new Acked(3, 2))).isFalse();
    assertThat(explicit(new Acked(0, 0))).isTrue();
    assertThat(s.redelivered()).isEmpty();
  }

  @Test
  void ackAllClearsEverythingUpToTheAckedMessage() {
    for (int i = 1; i <= 4; i++) {
      s.apply(new Delivered(i, i, 1, i), AckPolicy.ALL, -1);
    }
    s.apply(new Acked(3, 3), AckPolicy.ALL, -1);
    assertThat(s.ackFloor()).isEqualTo(new SequencePair(3, 3));
    assertThat(s.pending()).containsOnlyKeys(4L);
  }

  @Test
  void replacingTheStateRefusesAnOlderOne() {
    explicit(new Delivered(2, 2, 1, 1));
    ConsumerState older = new ConsumerState(new SequencePair(1, 1), SequencePair.ZERO, Map.of(), Map.of());
    assertThat(explicit(new StateReplaced(older))).isFalse();
    ConsumerState newer = new ConsumerState(
        new SequencePair(3, 5), new SequencePair(3, 5), Map.of(), Map.of());
    assertThat(explicit(new StateReplaced(newer))).isTrue();
    assertThat(s).isEqualTo(newer);
    ConsumerState broken = new ConsumerState(
        new SequencePair(4, 6), SequencePair.ZERO, Map.of(9L, new Pending(1, 1)), Map.of());
    assertThat(explicit(new StateReplaced(broken))).isFalse();
  }

  @Test
  void copiesAreIndependentAndViewsReadOnly() {
    explicit(new Delivered(1, 1, 1, 1));
    ConsumerState copy = s.copy();
    explicit(new Acked(1, 1));
    assertThat(copy.pending()).hasSize(1);
    assertThat(s.pending()).isEmpty();
    assertThatThrownBy(() -> copy.pending().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void memoryStoreKeepsTheLiveStateAndLosesItInACrash() {
    MemoryConsumerStateStore store = new MemoryConsumerStateStore();
    assertThat(store.load()).isEmpty();
    store.save(s);
    explicit(new Delivered(1, 1, 1, 1));
    assertThat(store.load()).contains(s);
    assertThat(store.load().get()).isNotSameAs(s);
    store.close();
    explicit(new Delivered(2, 2, 1, 1));
    assertThat(store.load().get().delivered()).isEqualTo(new SequencePair(1, 1));
    assertThatThrownBy(() -> store.save(s)).isInstanceOf(IllegalStateException.class);
    MemoryConsumerStateStore crashed = new MemoryConsumerStateStore(s);
    crashed.crash();
    assertThat(crashed.load()).isEmpty();
  }
}
