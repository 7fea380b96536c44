package dev.jslab.engine.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftMessage.VoteRequest;
import dev.jslab.engine.raft.RaftMessage.VoteResponse;
import org.junit.jupiter.api.Test;

class PreVoteAndCheckQuorumTest {
  private static final RaftTimings T = RaftTimings.CLASSROOM;

  @Test
  void aPartitionedFollowerDoesNotRaiseItsTermAndDoesNotDisruptOnReturn() {
    // Thesis §9.6: pre-vote. An isolated member keeps asking for pre-votes but never raises its term.
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.drop = e -> e.from().equals("c") || e.to().equals("c");
    for (int i = 0; i < 50; i++) {
      c.elapse(T.heartbeatNanos());
      c.deliverAll();
    }
    assertThat(c.node("c").term()).isEqualTo(1);
    assertThat(c.events(RaftEvent.ElectionStarted.class))
        .filteredOn(e -> e.node().equals("c"))
        .isNotEmpty()
        .allMatch(RaftEvent.ElectionStarted::preVote);

    c.drop = e -> false;
    for (int i = 0; i < 5; i++) {
      c.elapse(T.heartbeatNanos());
      c.deliverAll();
    }
    assertThat(c.node("a").role()).isEqualTo(Role.LEADER);
    assertThat(c.node("a").term()).isEqualTo(1);
    assertThat(c.node("c").leader()).contains("a");
  }

  @Test
  void aFollowerThatHeardFromItsLeaderRecentlyIgnoresVotes() {
    // Thesis §4.2.3 / §6.2: leader stickiness; the voter does not even adopt the higher term.
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    Ready pre = c.node("b").step(new VoteRequest(2, "c", 5, 1, true, false));
    Ready real = c.node("b").step(new VoteRequest(2, "c", 5, 1, false, false));

    assertThat(((VoteResponse) pre.messages().get(0).message()).reason())
        .isEqualTo(VoteReason.LEADER_STICKY);
    assertThat(((VoteResponse) real.messages().get(0).message()).reason())
        .isEqualTo(VoteReason.LEADER_STICKY);
    assertThat(c.node("b").term()).isEqualTo(1);
    assertThat(real.hardState()).isEmpty();
  }

  @Test
  void aLeaderThatLostItsMajorityStepsDownAfterTheLostQuorumInterval() {
    // Thesis §6.2 check-quorum; nats-server's lostQuorumInterval.
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.drop = e -> e.from().equals("a") || e.to().equals("a");
    long start = c.now;
    while (c.node("a").role() == Role.LEADER) {
      c.now = c.node("a").nextDeadlineNanos();
      c.handle("a", c.node("a").advance(c.now));
      c.queue.clear();
    }
    assertThat(c.now - start).isBetween(T.lostQuorumNanos() - T.heartbeatNanos(), T.lostQuorumNanos());
    assertThat(c.events(RaftEvent.QuorumLost.class))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.node()).isEqualTo("a");
          assertThat(e.heardFrom()).containsExactly("a");
        });
    assertThat(c.node("a").leader()).isEmpty();
  }

  @Test
  void aLeaderThatHearsFromAMajorityStaysLeader() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.crash("c");
    for (int i = 0; i < 40; i++) {
      c.elapse(T.heartbeatNanos());
      c.deliverAll();
    }
    assertThat(c.node("a").role()).isEqualTo(Role.LEADER);
    assertThat(c.events(RaftEvent.QuorumLost.class)).isEmpty();
  }

  @Test
  void afterTheLeaderDiesAFollowerIsElectedInTheNextTerm() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.crash("a");
    for (int i = 0; i < 20 && c.leader().filter(l -> !l.equals("a")).isEmpty(); i++) {
      c.elapse(T.heartbeatNanos());
      c.deliverAll();
    }
    assertThat(c.leader()).isPresent().get().isNotEqualTo("a");
    assertThat(c.node(c.leader().get()).term()).isEqualTo(2);
  }
}
