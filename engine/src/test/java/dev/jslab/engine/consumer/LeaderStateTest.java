package dev.jslab.engine.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leader's working state: loading, writing back, delivery counts and purges. */
class LeaderStateTest {
  private static LeaderState loaded() {
    ConsumerState state = new ConsumerState(
        new SequencePair(5, 10), new SequencePair(2, 4),
        Map.of(6L, new Pending(3, 100), 8L, new Pending(4, 200), 10L, new Pending(5, 300)),
        Map.of(6L, 2L, 3L, 1L, 12L, 1L));
    LeaderState work = new LeaderState();
    work.load(state, false);
    return work;
  }

  @Test
  void loadTakesTheNextSequencesAckFloorPendingAndRedeliveryCounts() {
    LeaderState work = loaded();

    assertThat(work.sseq).isEqualTo(11);
    assertThat(work.dseq).isEqualTo(6);
    assertThat(work.adflr).isEqualTo(2);
    assertThat(work.asflr).isEqualTo(4);
    assertThat(work.pending).containsOnlyKeys(6L, 8L, 10L);
    assertThat(work.pending.get(8L).dseq).isEqualTo(4);
    assertThat(work.pending.get(8L).ts).isEqualTo(200);
    assertThat(work.rdc).containsOnlyKeys(6L, 3L, 12L);
  }

  @Test
  void aLeaderAlreadyPastTheDeliveredSequenceKeepsItsNextSequence() {
    LeaderState work = loaded();
    work.sseq = 20;

    work.load(new ConsumerState(
        new SequencePair(5, 10), new SequencePair(2, 4), Map.of(), Map.of()), true);

    assertThat(work.sseq).isEqualTo(20);
  }

  @Test
  void snapshotWritesTheWorkingStateBack() {
    LeaderState work = loaded();
    work.pending.get(6L).ts = 999;

    ConsumerState s = work.snapshot();

    assertThat(s.delivered()).isEqualTo(new SequencePair(5, 10));
    assertThat(s.ackFloor()).isEqualTo(new SequencePair(2, 4));
    assertThat(s.pending()).containsEntry(6L, new Pending(3, 999)).hasSize(3);
    assertThat(s.redelivered()).isEqualTo(Map.of(3L, 1L, 6L, 2L, 12L, 1L));
  }

  @Test
  void staleRedeliveryCountsAtOrBelowTheFloorOrPastTheStreamAreForgotten() {
    LeaderState work = loaded();

    assertThat(work.forgetStaleRedeliveries(10)).isTrue();
    assertThat(work.rdc).containsOnlyKeys(6L);
    assertThat(work.forgetStaleRedeliveries(10)).isFalse();
  }

  @Test
  void deliveryCountsCountDeliveriesBeyondTheFirst() {
    LeaderState work = new LeaderState();

    assertThat(work.deliveryCount(7)).isEqualTo(1);
    assertThat(work.incDeliveryCount(7)).isEqualTo(2);
    assertThat(work.incDeliveryCount(7)).isEqualTo(3);
    assertThat(work.deliveryCount(7)).isEqualTo(2);
    work.decDeliveryCount(7);
    assertThat(work.rdc).containsEntry(7L, 1L);
  }

  @Test
  void removeAckedForgetsPendingCountAndQueue() {
    LeaderState work = loaded();
    work.rdq.add(6);

    assertThat(work.removeAcked(6)).isEqualTo(6);

    assertThat(work.pending).doesNotContainKey(6L);
    assertThat(work.rdc).doesNotContainKey(6L);
    assertThat(work.rdq.contains(6)).isFalse();
  }

  @Test
  void maxAckPendingCountsPendingDeliveriesAndZeroMeansNoLimit() {
    LeaderState work = loaded();
    work.limits(ConsumerConfig.builder().maxAckPending(3).maxDeliver(-1).build());
    assertThat(work.atMaxAckPending()).isTrue();
    assertThat(work.maxdc).isZero();

    work.limits(ConsumerConfig.builder().maxAckPending(0).maxDeliver(5).build());
    assertThat(work.atMaxAckPending()).isFalse();
    assertThat(work.maxdc).isEqualTo(5);
  }

  @Test
  void purgeDropsWhatWasPendingBelowAndQueuedRedeliveriesBelowTheNextSequence() {
    LeaderState work = loaded();
    work.rdq.add(6);
    work.rdq.add(10);

    work.purge(9, 12, false, seq -> false);

    assertThat(work.asflr).isEqualTo(8);
    assertThat(work.adflr).isEqualTo(4);
    assertThat(work.sseq).isEqualTo(11);
    assertThat(work.pending).containsOnlyKeys(10L);
    assertThat(work.rdc).doesNotContainKeys(6L);
    assertThat(work.rdq.toArray()).isEmpty(); // nats-server keeps only those >= its sseq
  }

  @Test
  void aFullPurgeEmptiesPendingAndMovesTheFloorToTheEnd() {
    LeaderState work = loaded();

    work.purge(0, 15, false, seq -> false);

    assertThat(work.sseq).isEqualTo(16);
    assertThat(work.pending).isEmpty();
    assertThat(work.rdc).isEmpty();
    assertThat(work.adflr).isEqualTo(work.dseq - 1);
    assertThat(work.asflr).isEqualTo(15);
  }

  @Test
  void aWiderPurgeAlsoDropsPendingMessagesGoneFromTheStream() {
    LeaderState work = loaded();

    work.purge(5, 12, true, seq -> seq == 8);

    assertThat(work.pending).containsOnlyKeys(6L, 10L);
    assertThat(work.adflr).isEqualTo(4);
  }
}
