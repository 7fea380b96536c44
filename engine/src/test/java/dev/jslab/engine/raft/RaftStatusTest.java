package dev.jslab.engine.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftStatus.LogPosition;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a live view draws: the status picture and the events, consistent with each other. */
class RaftStatusTest {
  private static final RaftTimings T = RaftTimings.CLASSROOM;

  @Test
  void theLeadersStatusShowsItsLogTailAndEachFollowersProgress() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.crash("c");
    Ready r = c.propose("a", "x");
    c.deliverAll();

    assertThat(r.proposal()).contains(new Proposal(true, 2, 1, Optional.of("a"), ""));
    RaftStatus s = c.node("a").status();
    assertThat(s.role()).isEqualTo(Role.LEADER);
    assertThat(s.votedFor()).contains("a");
    assertThat(s.leader()).contains("a");
    assertThat(s.members()).containsExactly("a", "b", "c");
    assertThat(s.logTail()).containsExactly(new LogPosition(1, 1), new LogPosition(2, 1));
    assertThat(s.commitIndex()).isEqualTo(2);
    assertThat(s.appliedIndex()).isEqualTo(2);
    assertThat(s.followers().get("b").matchIndex()).isEqualTo(2);
    assertThat(s.followers().get("b").nextIndex()).isEqualTo(3);
    assertThat(s.followers().get("b").lastContactNanos()).isEqualTo(c.now);
    assertThat(s.followers().get("c").matchIndex()).isEqualTo(1); // it had the no-op before it crashed
    assertThat(s.followers().get("c").inflight()).isEqualTo(1);
    assertThat(s.nextDeadlineNanos()).isEqualTo(c.node("a").nextDeadlineNanos());
    assertThat(c.node("b").status().followers()).isEmpty();
  }

  @Test
  void eventsTellTheWholeElectionVoteByVote() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");

    assertThat(c.events)
        .filteredOn(e -> e instanceof RaftEvent.VoteCast)
        .extracting(e -> ((RaftEvent.VoteCast) e).node() + ":" + ((RaftEvent.VoteCast) e).preVote())
        .containsExactly("b:true", "c:true", "b:false", "c:false");
    assertThat(c.events(RaftEvent.VoteCast.class)).allMatch(RaftEvent.VoteCast::granted);
    assertThat(c.events(RaftEvent.RoleChanged.class))
        .filteredOn(e -> e.node().equals("b"))
        .last()
        .satisfies(e -> {
          assertThat(e.term()).isEqualTo(1);
          assertThat(e.leader()).contains("a");
        });
    assertThat(c.events(RaftEvent.CommitAdvanced.class))
        .extracting(RaftEvent.CommitAdvanced::node)
        .contains("a");
  }

  @Test
  void aDuplicatedVoteIsCountedOnce() {
    // §5.2: a majority of distinct voters; a duplicated grant must not make a leader.
    TestCluster c = new TestCluster("a", "b", "c", "d", "e");
    RaftNode a = c.node("a");
    a.advance(a.nextDeadlineNanos());
    a.step(new RaftMessage.VoteResponse(1, "b", true, true, VoteReason.GRANTED));
    a.step(new RaftMessage.VoteResponse(1, "c", true, true, VoteReason.GRANTED));
    assertThat(a.role()).isEqualTo(Role.CANDIDATE);
    a.step(new RaftMessage.VoteResponse(1, "b", false, true, VoteReason.GRANTED));
    a.step(new RaftMessage.VoteResponse(1, "b", false, true, VoteReason.GRANTED));

    assertThat(a.role()).isEqualTo(Role.CANDIDATE);
    a.step(new RaftMessage.VoteResponse(1, "c", false, true, VoteReason.GRANTED));
    assertThat(a.role()).isEqualTo(Role.LEADER);
  }
}
