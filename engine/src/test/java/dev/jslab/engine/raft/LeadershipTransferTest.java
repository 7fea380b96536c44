package dev.jslab.engine.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftEvent.LeadershipTransfer;
import dev.jslab.engine.raft.RaftEvent.TransferPhase;
import dev.jslab.engine.raft.RaftMessage.TimeoutNow;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Thesis §3.10 leadership transfer, with nats-server's choice of target (StepDown). */
class LeadershipTransferTest {
  private static final RaftTimings T = RaftTimings.CLASSROOM;

  private static TestCluster running() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.elapse(T.heartbeatNanos());
    c.deliverAll();
    return c;
  }

  @Test
  void aStepdownToAHealthyPreferredPeerMakesItLeaderDespiteStickiness() {
    TestCluster c = running();
    c.handle("a", c.node("a").transferLeadership(Optional.of("c")));

    assertThat(c.node("a").role()).isEqualTo(Role.FOLLOWER);
    assertThat(c.queue).anyMatch(e -> e.to().equals("c") && e.message() instanceof TimeoutNow);
    c.deliverAll();
    c.elapse(T.campaignDelayNanos());
    c.deliverAll();
    assertThat(c.node("c").role()).isEqualTo(Role.LEADER);
    assertThat(c.node("c").term()).isEqualTo(2);
    assertThat(c.events(RaftEvent.ElectionStarted.class))
        .filteredOn(e -> e.node().equals("c"))
        .singleElement()
        .satisfies(e -> assertThat(e.transfer()).isTrue());
  }

  @Test
  void anUnhealthyPreferredPeerIsPassedOverForTheMostUpToDateHealthyOne() {
    TestCluster c = running();
    c.crash("b");
    for (int i = 0; i < 4; i++) { // b is silent for more than three heartbeats
      c.elapse(T.heartbeatNanos());
      c.deliverAll();
    }
    c.handle("a", c.node("a").transferLeadership(Optional.of("b")));

    assertThat(c.events(LeadershipTransfer.class))
        .extracting(LeadershipTransfer::phase, LeadershipTransfer::target)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TransferPhase.STARTED, Optional.of("c")),
            org.assertj.core.groups.Tuple.tuple(TransferPhase.TIMEOUT_NOW_SENT, Optional.of("c")));
  }

  @Test
  void aLaggingTargetIsBroughtUpToDateBeforeItIsToldToCampaign() {
    TestCluster c = running();
    c.drop = e -> e.to().equals("c");
    c.propose("a", "x");
    c.deliverAll();
    c.drop = e -> false;
    c.handle("a", c.node("a").transferLeadership(Optional.of("c")));

    assertThat(c.node("a").role()).isEqualTo(Role.LEADER);
    assertThat(c.queue).noneMatch(e -> e.message() instanceof TimeoutNow);
    assertThat(c.propose("a", "refused").proposal()).hasValueSatisfying(p -> assertThat(p.accepted()).isFalse());
    c.deliverAll();
    c.elapse(T.heartbeatNanos()); // the next heartbeat finds c stalled and resends x
    c.elapse(T.campaignDelayNanos());
    c.deliverAll();
    assertThat(c.node("c").role()).isEqualTo(Role.LEADER);
    assertThat(c.appliedCommands("c")).containsExactly("x");
  }

  @Test
  void aTransferWithNoHealthyPeerIsRefusedAndTheLeaderStays() {
    TestCluster c = running();
    c.crash("b");
    c.crash("c");
    for (int i = 0; i < 4; i++) {
      c.elapse(T.heartbeatNanos());
    }
    c.handle("a", c.node("a").transferLeadership(Optional.empty()));

    assertThat(c.node("a").role()).isEqualTo(Role.LEADER);
    assertThat(c.events(LeadershipTransfer.class))
        .singleElement()
        .satisfies(e -> assertThat(e.phase()).isEqualTo(TransferPhase.REFUSED));
  }

  @Test
  void aTransferWhoseTargetNeverCatchesUpIsAbortedAfterAnElectionTimeout() {
    TestCluster c = running();
    c.drop = e -> e.to().equals("c") && !(e.message() instanceof RaftMessage.AppendEntries ae && ae.entries().isEmpty());
    c.propose("a", "x");
    c.deliverAll();
    c.handle("a", c.node("a").transferLeadership(Optional.of("c")));
    c.elapse(T.electionMinNanos());
    c.deliverAll();

    assertThat(c.node("a").role()).isEqualTo(Role.LEADER);
    assertThat(c.events(LeadershipTransfer.class))
        .extracting(LeadershipTransfer::phase)
        .containsExactly(TransferPhase.STARTED, TransferPhase.ABORTED);
    assertThat(c.propose("a", "y").proposal()).hasValueSatisfying(p -> assertThat(p.accepted()).isTrue());
  }

  @Test
  void aLateHeartbeatFromTheOldLeaderDoesNotCancelTheTakeover() {
    TestCluster c = running();
    c.handle("a", c.node("a").transferLeadership(Optional.of("c")));
    Envelope timeoutNow = c.queue.stream().filter(e -> e.message() instanceof TimeoutNow).findFirst().orElseThrow();
    c.queue.remove(timeoutNow);
    RaftMessage.AppendEntries late = new RaftMessage.AppendEntries(1, "a", 1, 1, java.util.List.of(), 1);
    c.deliver(timeoutNow);
    c.deliver(new Envelope("a", "c", late));
    c.elapse(T.campaignDelayNanos());
    c.deliverAll();

    assertThat(c.node("c").role()).isEqualTo(Role.LEADER);
    assertThat(c.node("c").term()).isEqualTo(2);
  }
}
