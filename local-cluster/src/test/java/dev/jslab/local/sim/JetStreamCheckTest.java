package dev.jslab.local.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftTimings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JetStreamCheckTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void seededFaultSchedulesOnThreeAndFiveNodesKeepEveryAcknowledgedPublishAndConvergeWithTheirMirrorAndSource() {
    JetStreamCheck three = new JetStreamCheck(3, RaftTimings.CLASSROOM, 20 * SECOND);
    for (long seed = 1; seed <= 4; seed++) {
      JetStreamCheck.Result r = three.run(seed);
      assertThat(r.violation()).as("seed %d", seed).isEmpty();
      assertThat(r.acknowledged()).as("seed %d", seed).isPositive();
      // every acknowledged publish is received; one stored whose PubAck never came is too
      assertThat(r.received()).as("seed %d", seed).isBetween(r.acknowledged(), r.published());
      assertThat(r.faults()).as("seed %d", seed).isPositive();
      assertThat(r.sourcingSettledNanos()).as("seed %d", seed).isBetween(0L, JetStreamCheck.SOURCING_SETTLE_NANOS);
    }
    JetStreamCheck five = new JetStreamCheck(5, RaftTimings.CLASSROOM, 20 * SECOND);
    for (long seed = 100; seed <= 101; seed++) {
      assertThat(five.run(seed).violation()).as("seed %d on 5 nodes", seed).isEmpty();
    }
  }

  @Test
  void aLongFaultRunWhoseOldestMessagesLeftTheDuplicateWindowStillSourcesEachOnceAfterEveryNodeRestarts() {
    // seed 9104 once stored ORDERS' oldest messages in ARCHIVE twice after the full restart: its
    // origin's consumer replicas started on stores not refilled yet, and only Nats-Msg-Id
    // deduplication hid that in shorter runs
    JetStreamCheck.Result r = new JetStreamCheck(3, RaftTimings.CLASSROOM, 90 * SECOND).run(9104);
    assertThat(r.violation()).isEmpty();
    assertThat(r.acknowledged()).isPositive();
  }

  @Test
  void theSameSeedReplaysTheSameHistory() {
    JetStreamCheck check = new JetStreamCheck(3, RaftTimings.CLASSROOM, 10 * SECOND);
    JetStreamCheck.Result first = check.run(42);
    JetStreamCheck.Result again = check.run(42);
    assertThat(again).isEqualTo(first);
    assertThat(check.run(43).historyHash()).isNotEqualTo(first.historyHash());
  }

  @Test
  void anAcknowledgedMessageMissingFromOneReplicaIsReportedAsReplicaDivergence() {
    JetStreamCheck check = new JetStreamCheck(3, RaftTimings.CLASSROOM, 10 * SECOND, JetStreamCheckTest::dropFromAFollower);
    JetStreamCheck.Result r = check.run(7);
    assertThat(r.violation()).get().asString().startsWith("replica divergence: ");
    assertThat(check.run(7)).as("the failure replays").isEqualTo(r);
  }

  @Test
  void aMessageMissingFromOneMirrorReplicaIsReportedAsAMirrorViolationWithItsFirstDifference() {
    JetStreamCheck check = new JetStreamCheck(3, RaftTimings.CLASSROOM, 10 * SECOND, JetStreamCheckTest::dropFromAMirrorReplica);
    JetStreamCheck.Result r = check.run(7);
    assertThat(r.violation()).get().asString().startsWith("mirror: ").contains("replica of " + JetStreamCheck.MIRROR);
    assertThat(check.run(7)).as("the failure replays").isEqualTo(r);
  }

  @Test
  void aMessageMissingFromTheSourceStreamIsReportedAsASourceViolation() {
    JetStreamCheck check = new JetStreamCheck(3, RaftTimings.CLASSROOM, 10 * SECOND, JetStreamCheckTest::dropFromTheSourceLeader);
    assertThat(check.run(8).violation()).get().asString().startsWith("source: ");
  }

  /** A test-only fault: the first acknowledged message vanishes from one replica of the mirror. */
  private static void dropFromAMirrorReplica(JetStreamSim sim, Map<String, Long> acked) {
    long seq = acked.values().iterator().next();
    SimNode replica = sim.runningNodes().stream()
        .filter(n -> n.jetStream().stream(JetStreamCheck.MIRROR).isPresent())
        .findFirst().orElseThrow();
    assertThat(replica.tamperRemove(JetStreamCheck.MIRROR, seq)).isTrue();
  }

  /** A test-only fault: the first message vanishes from the source stream's leader. */
  private static void dropFromTheSourceLeader(JetStreamSim sim, Map<String, Long> acked) {
    SimNode leader = sim.runningNodes().stream()
        .filter(n -> n.jetStream().stream(JetStreamCheck.SOURCED).map(s -> s.isLeader()).orElse(false))
        .findFirst().orElseThrow();
    long first = leader.jetStream().stream(JetStreamCheck.SOURCED).orElseThrow().state().firstSeq();
    assertThat(leader.tamperRemove(JetStreamCheck.SOURCED, first)).isTrue();
  }

  /** A test-only fault: the first acknowledged message vanishes from one follower's store. */
  private static void dropFromAFollower(JetStreamSim sim, Map<String, Long> acked) {
    long seq = acked.values().iterator().next();
    SimNode follower = sim.runningNodes().stream()
        .filter(n -> n.jetStream().stream(JetStreamCheck.STREAM).map(s -> !s.isLeader()).orElse(false))
        .findFirst().orElseThrow();
    assertThat(follower.tamperRemove(JetStreamCheck.STREAM, seq)).isTrue();
  }
}
