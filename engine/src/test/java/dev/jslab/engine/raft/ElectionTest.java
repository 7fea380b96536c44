package dev.jslab.engine.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftMessage.VoteRequest;
import dev.jslab.engine.raft.RaftMessage.VoteResponse;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElectionTest {
  private static final RaftTimings T = RaftTimings.CLASSROOM;

  @Test
  void aFollowerThatHearsNothingCampaignsAndWinsAMajority() {
    // §5.2: a follower whose election timeout elapses becomes a candidate; a majority makes it leader.
    TestCluster c = new TestCluster("a", "b", "c").elect("a");

    assertThat(c.node("a").role()).isEqualTo(Role.LEADER);
    assertThat(c.node("a").term()).isEqualTo(1);
    assertThat(c.node("b").leader()).contains("a");
    assertThat(c.node("c").leader()).contains("a");
    assertThat(c.events(RaftEvent.LeaderElected.class))
        .singleElement()
        .satisfies(e -> assertThat(e.term()).isEqualTo(1));
    assertThat(c.events(RaftEvent.RoleChanged.class))
        .extracting(RaftEvent.RoleChanged::to)
        .containsSubsequence(Role.PRE_CANDIDATE, Role.CANDIDATE, Role.LEADER);
  }

  @Test
  void theElectionTimeoutIsDrawnFromTheInjectedRandomWithinTheRange() {
    // §5.2: randomized timeouts; here drawn only from the injected source.
    for (long seed = 0; seed < 50; seed++) {
      RaftNode node =
          new RaftNode(
              RaftConfig.of("G", "a", List.of("a", "b", "c"), T),
              PersistentState.EMPTY,
              new SplittableRandom(seed),
              0);
      RaftNode same =
          new RaftNode(
              RaftConfig.of("G", "a", List.of("a", "b", "c"), T),
              PersistentState.EMPTY,
              new SplittableRandom(seed),
              0);
      assertThat(node.nextDeadlineNanos())
          .isBetween(T.electionMinNanos(), T.electionMaxNanos())
          .isEqualTo(same.nextDeadlineNanos());
    }
  }

  @Test
  void aSingleMemberGroupElectsItselfAndCommitsAlone() {
    TestCluster c = new TestCluster("a").elect("a");
    c.propose("a", "x");

    assertThat(c.node("a").role()).isEqualTo(Role.LEADER);
    assertThat(c.appliedCommands("a")).containsExactly("x");
  }

  @Test
  void aVoterGrantsAtMostOneVotePerTerm() {
    // §5.2 election safety: one vote per term, persisted before the answer is sent.
    TestCluster c = new TestCluster("a", "b", "c");
    RaftNode b = c.node("b");
    Ready first = b.step(new VoteRequest(5, "a", 0, 0, false, false));
    Ready second = b.step(new VoteRequest(5, "c", 0, 0, false, false));

    assertThat(first.hardState()).contains(new HardState(5, Optional.of("a")));
    assertThat(((VoteResponse) first.messages().get(0).message()).granted()).isTrue();
    VoteResponse refused = (VoteResponse) second.messages().get(0).message();
    assertThat(refused.granted()).isFalse();
    assertThat(refused.reason()).isEqualTo(VoteReason.ALREADY_VOTED);
    assertThat(second.events())
        .contains(new RaftEvent.VoteCast("G", "b", "c", 5, false, VoteReason.ALREADY_VOTED));
  }

  @Test
  void aVoterRefusesACandidateWhoseLogIsLessUpToDate() {
    // §5.4.1: the voter denies its vote if its own log is more up to date (last term, then length).
    Entry e1 = new Entry(1, 1, EntryType.NOOP, null);
    Entry e2 = new Entry(2, 2, EntryType.NOOP, null);
    RaftNode b =
        new RaftNode(
            RaftConfig.of("G", "b", List.of("a", "b", "c"), T),
            new PersistentState(new HardState(2, Optional.empty()), Optional.empty(), List.of(e1, e2)),
            new FixedRandom(0),
            0);
    VoteResponse shorter =
        (VoteResponse) b.step(new VoteRequest(3, "c", 1, 1, false, false)).messages().get(0).message();
    VoteResponse olderTerm =
        (VoteResponse) b.step(new VoteRequest(3, "a", 5, 1, false, false)).messages().get(0).message();
    VoteResponse upToDate =
        (VoteResponse) b.step(new VoteRequest(3, "a", 2, 2, false, false)).messages().get(0).message();

    assertThat(shorter.reason()).isEqualTo(VoteReason.LOG_BEHIND);
    assertThat(olderTerm.reason()).isEqualTo(VoteReason.LOG_BEHIND);
    assertThat(upToDate.reason()).isEqualTo(VoteReason.GRANTED);
  }

  @Test
  void aLeaderThatSeesAHigherTermStepsDown() {
    // §5.1: a stale leader reverts to follower when it sees a newer term.
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.handle("a", c.node("a").step(new RaftMessage.AppendResponse(7, "b", false, 0, -1, 0, 0)));

    assertThat(c.node("a").role()).isEqualTo(Role.FOLLOWER);
    assertThat(c.node("a").term()).isEqualTo(7);
  }
}
