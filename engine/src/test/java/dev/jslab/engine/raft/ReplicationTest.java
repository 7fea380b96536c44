package dev.jslab.engine.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftMessage.AppendEntries;
import dev.jslab.engine.raft.RaftMessage.AppendResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicationTest {
  private static final RaftTimings T = RaftTimings.CLASSROOM;

  private static Entry entry(long index, long term) {
    return new Entry(index, term, EntryType.COMMAND, ("e" + index + "t" + term).getBytes());
  }

  private static RaftNode follower(List<Entry> log, long term) {
    return new RaftNode(
        RaftConfig.of("G", "b", List.of("a", "b", "c"), T),
        new PersistentState(new HardState(term, Optional.empty()), Optional.empty(), log),
        new FixedRandom(0),
        0);
  }

  @Test
  void aNewLeaderAppendsANoOpAndEveryMemberAppliesTheSameCommandsInOrder() {
    // §5.3 replication, §5.4.3 state machine safety, §8 no-op at the start of a term.
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.propose("a", "x");
    c.propose("a", "y");
    c.deliverAll();
    c.elapse(T.heartbeatNanos());
    c.deliverAll();

    assertThat(c.node("a").entries().get(0).type()).isEqualTo(EntryType.NOOP);
    for (String id : c.ids) {
      assertThat(c.appliedCommands(id)).as(id).containsExactly("x", "y");
      assertThat(c.node(id).commitIndex()).isEqualTo(3);
    }
  }

  @Test
  void aRestartedFollowersAnnouncementIsAnsweredAtOnceWithWhatItMissedAndTheCommitIndex() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.propose("a", "x");
    c.deliverAll();
    long match = c.node("a").status().followers().get("b").matchIndex();
    c.crash("b");
    c.propose("a", "y"); // committed with c; what was sent to b is lost with it
    c.deliverAll();
    c.now += T.heartbeatNanos() / 2; // between two heartbeats
    c.start("b");
    c.handle("b", c.node("b").announceRestart());
    assertThat(c.queue).allMatch(e -> e.message() instanceof AppendResponse r && !r.success());
    c.deliverAll();

    RaftStatus.FollowerStatus b = c.node("a").status().followers().get("b");
    assertThat(b.lastContactNanos()).isEqualTo(c.now);
    assertThat(b.matchIndex()).isGreaterThanOrEqualTo(match);
    // the leader answered at once with what it missed and the commit index it forgot
    assertThat(c.node("b").commitIndex()).isEqualTo(c.node("a").commitIndex());
    assertThat(c.appliedCommands("b")).containsExactly("x", "y");
    assertThat(c.node("c").role()).isEqualTo(Role.FOLLOWER);
    assertThat(c.node("a").role()).isEqualTo(Role.LEADER);
  }

  @Test
  void aFollowerRefusesEntriesWhosePredecessorItDoesNotHaveAndHintsWhereToResume() {
    // §5.3 consistency check; the hint lets the leader skip a whole term per round trip.
    RaftNode b = follower(List.of(entry(1, 1), entry(2, 2), entry(3, 2), entry(4, 2)), 2);
    Ready r = b.step(new AppendEntries(3, "a", 4, 3, List.of(entry(5, 3)), 0));

    AppendResponse response = (AppendResponse) r.messages().get(0).message();
    assertThat(response.success()).isFalse();
    assertThat(response.rejectedIndex()).isEqualTo(4);
    assertThat(response.conflictTerm()).isEqualTo(2);
    assertThat(response.conflictIndex()).isEqualTo(2);
    assertThat(r.events()).anyMatch(e -> e instanceof RaftEvent.EntriesRejected);
  }

  @Test
  void aConflictingSuffixIsTruncatedAndReplacedByTheLeadersEntries() {
    // §5.3 log matching: delete the conflicting entry and all that follow it.
    RaftNode b = follower(List.of(entry(1, 1), entry(2, 2), entry(3, 2)), 2);
    Ready r = b.step(new AppendEntries(3, "a", 1, 1, List.of(entry(2, 3)), 0));

    assertThat(r.truncateFrom()).isEqualTo(2);
    assertThat(r.entries()).containsExactly(entry(2, 3));
    assertThat(b.entries()).containsExactly(entry(1, 1), entry(2, 3));
    assertThat(((AppendResponse) r.messages().get(0).message()).matchIndex()).isEqualTo(2);
  }

  @Test
  void aStaleOrDuplicatedAppendNeverTruncatesMatchingEntries() {
    // §5.3: entries already present with the same term are kept, so a late short append is harmless.
    RaftNode b = follower(List.of(), 1);
    b.step(new AppendEntries(1, "a", 0, 0, List.of(entry(1, 1), entry(2, 1), entry(3, 1)), 0));
    Ready late = b.step(new AppendEntries(1, "a", 0, 0, List.of(entry(1, 1)), 3));

    assertThat(late.truncateFrom()).isZero();
    assertThat(b.entries()).hasSize(3);
    // The leader's commit only counts up to what this append verified (§5.3, Figure 2 rule 5).
    assertThat(b.commitIndex()).isEqualTo(1);
  }

  @Test
  void aLeaderDoesNotCommitAnEntryOfAnEarlierTermByCountingReplicas() {
    // §5.4.2 / Figure 8: only entries of the leader's current term are committed by counting.
    Entry old = entry(1, 1);
    RaftNode a =
        new RaftNode(
            RaftConfig.of("G", "a", List.of("a", "b", "c"), T),
            new PersistentState(new HardState(1, Optional.empty()), Optional.empty(), List.of(old)),
            new FixedRandom(0),
            0);
    a.advance(a.nextDeadlineNanos());
    a.step(new RaftMessage.VoteResponse(2, "b", true, true, VoteReason.GRANTED));
    a.step(new RaftMessage.VoteResponse(2, "b", false, true, VoteReason.GRANTED));
    assertThat(a.role()).isEqualTo(Role.LEADER);
    // b acknowledges only the old entry: a majority holds index 1, but it is of term 1.
    Ready r = a.step(new AppendResponse(2, "b", true, 1, 0, 0, 0));
    assertThat(a.commitIndex()).isZero();
    assertThat(r.committed()).isEmpty();
    // Once the no-op of term 2 is on a majority, both commit.
    Ready later = a.step(new AppendResponse(2, "b", true, 2, 0, 0, 0));
    assertThat(a.commitIndex()).isEqualTo(2);
    assertThat(later.committed()).extracting(Entry::index).containsExactly(1L, 2L);
  }

  @Test
  void appendsAreBatchedAndPipelinedWithinTheInFlightBound() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    RaftNode a =
        new RaftNode(
            new RaftConfig("G", "a", java.util.Set.of("a", "b", "c"), T, 2, 1 << 20, 3),
            c.storage.get("a").load(),
            new FixedRandom(0),
            c.now);
    // Become leader again in a fresh term, with followers that never answer.
    a.advance(a.nextDeadlineNanos());
    a.step(new RaftMessage.VoteResponse(2, "b", true, true, VoteReason.GRANTED));
    a.step(new RaftMessage.VoteResponse(2, "b", false, true, VoteReason.GRANTED));
    a.step(new AppendResponse(2, "b", true, a.status().lastIndex(), 0, 0, 0));
    int sent = 0;
    for (int i = 0; i < 20; i++) {
      Ready r = a.propose(("p" + i).getBytes());
      for (Envelope e : r.messages()) {
        if (e.to().equals("b")) {
          assertThat(((AppendEntries) e.message()).entries()).hasSizeLessThanOrEqualTo(2);
          sent++;
        }
      }
    }
    assertThat(sent).isEqualTo(3);
    assertThat(a.status().followers().get("b").inflight()).isEqualTo(3);
    assertThat(a.status().followers().get("b").mode()).isEqualTo("REPLICATE");
  }

  @Test
  void aFollowerThatLostEntriesIsBroughtBackByProbing() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.drop = e -> e.to().equals("c");
    for (int i = 0; i < 10; i++) {
      c.propose("a", "m" + i);
    }
    c.deliverAll();
    c.drop = e -> false;
    for (int i = 0; i < 5; i++) {
      c.elapse(T.heartbeatNanos());
      c.deliverAll();
    }
    assertThat(c.appliedCommands("c")).hasSize(10).isEqualTo(c.appliedCommands("a"));
  }

  @Test
  void aProposalToAFollowerIsRefusedWithTheKnownLeader() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    Ready r = c.propose("b", "x");

    assertThat(r.proposal()).hasValueSatisfying(p -> {
      assertThat(p.accepted()).isFalse();
      assertThat(p.knownLeader()).contains("a");
    });
    assertThat(r.entries()).isEmpty();
  }

  @Test
  void aLeaderWithAnEntryOnlyOnAMinorityLosesItToTheNextLeader() {
    // §5.4.1 / §5.4.3: an uncommitted entry may be overwritten; a committed one never is.
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.propose("a", "committed");
    c.deliverAll();
    c.drop = e -> e.from().equals("a");
    c.propose("a", "lost");
    c.crash("a");
    c.drop = e -> false;
    c.elect("b");
    c.propose("b", "next");
    c.deliverAll();
    c.start("a");
    for (int i = 0; i < 5; i++) {
      c.elapse(T.heartbeatNanos());
      c.deliverAll();
    }
    assertThat(c.node("a").entries()).noneMatch(e -> new String(e.data()).equals("lost"));
    assertThat(c.appliedCommands("a")).containsExactly("committed", "next");
    assertThat(c.appliedCommands("c")).containsExactly("committed", "next");
  }
}
