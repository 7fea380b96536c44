package dev.jslab.engine.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Thesis §4.1 single-server changes: a removal or an addition takes effect when appended. */
class MembershipTest {
  private static final RaftTimings T = RaftTimings.CLASSROOM;

  @Test
  void aRemovalTakesEffectWhenAppendedAndShrinksTheQuorum() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.crash("c");
    Ready r = c.handle("a", c.node("a").removePeer("c"));

    assertThat(c.node("a").status().members()).containsExactlyInAnyOrder("a", "b");
    assertThat(r.events()).anyMatch(e -> e instanceof RaftEvent.MembershipChanged);
    c.deliverAll();
    c.crash("b");
    c.propose("a", "alone?");
    // With members {a, b} the quorum is two: a alone cannot commit.
    assertThat(c.appliedCommands("a")).isEmpty();
    c.start("b");
    c.elapse(T.heartbeatNanos());
    c.deliverAll();
    assertThat(c.appliedCommands("a")).containsExactly("alone?");
    assertThat(c.node("b").status().members()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void onlyOneMembershipChangeIsPendingAtATime() {
    TestCluster c = new TestCluster("a", "b", "c", "d", "e").elect("a");
    c.drop = e -> true;
    c.handle("a", c.node("a").removePeer("e"));
    Ready second = c.handle("a", c.node("a").removePeer("d"));

    assertThat(second.proposal()).hasValueSatisfying(p -> {
      assertThat(p.accepted()).isFalse();
      assertThat(p.refusal()).contains("pending");
    });
  }

  @Test
  void aLeaderThatRemovesItselfStepsDownOnceTheRemovalIsCommittedAndNeverCampaigns() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.handle("a", c.node("a").removePeer("a"));
    assertThat(c.node("a").role()).isEqualTo(Role.LEADER);
    c.deliverAll();

    assertThat(c.node("a").role()).isEqualTo(Role.FOLLOWER);
    assertThat(c.node("a").nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
    for (int i = 0; i < 20; i++) {
      c.elapse(T.heartbeatNanos());
      c.deliverAll();
    }
    assertThat(c.leader()).isPresent().get().isIn("b", "c");
    assertThat(c.node(c.leader().get()).status().members()).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void aRemovalThatIsTruncatedAwayRestoresTheMembers() {
    // §5.3 + thesis §4.1: the configuration is the latest entry in the log, committed or not.
    RaftNode b =
        new RaftNode(
            RaftConfig.of("G", "b", java.util.List.of("a", "b", "c"), T),
            PersistentState.EMPTY,
            new FixedRandom(0),
            0);
    Entry noop = new Entry(1, 1, EntryType.NOOP, null);
    Entry removal = new Entry(2, 1, EntryType.REMOVE_PEER, "c".getBytes());
    b.step(new RaftMessage.AppendEntries(1, "a", 0, 0, java.util.List.of(noop, removal), 1));
    assertThat(b.status().members()).containsExactlyInAnyOrder("a", "b");

    Entry overwrite = new Entry(2, 2, EntryType.NOOP, null);
    Ready r = b.step(new RaftMessage.AppendEntries(2, "c", 1, 1, java.util.List.of(overwrite), 1));
    assertThat(r.truncateFrom()).isEqualTo(2);
    assertThat(b.status().members()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(r.events())
        .anySatisfy(e -> assertThat(e).isInstanceOf(RaftEvent.MembershipChanged.class));
  }

  /** Starts {@code id} as a member joining {@code c}'s running group: not among the initial members. */
  private static RaftNode join(TestCluster c, String id) {
    c.storage.put(id, new InMemoryRaftStorage());
    c.applied.put(id, new java.util.ArrayList<>());
    RaftNode n = new RaftNode(RaftConfig.of("G", id, c.ids, T), PersistentState.EMPTY, new FixedRandom(7), c.now);
    c.nodes.put(id, n);
    return n;
  }

  @Test
  void aJoiningMemberNeverCampaignsBeforeItIsAdded() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    RaftNode d = join(c, "d");

    assertThat(d.nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(d.status().members()).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void anAddedMemberCatchesUpFromTheWholeLogAndCountsInTheQuorum() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.propose("a", "x");
    c.propose("a", "y");
    c.deliverAll();
    RaftNode d = join(c, "d");

    Ready r = c.handle("a", c.node("a").addPeer("d"));
    assertThat(r.proposal()).hasValueSatisfying(p -> assertThat(p.accepted()).isTrue());
    assertThat(c.node("a").status().members()).containsExactlyInAnyOrder("a", "b", "c", "d");
    c.deliverAll();
    c.elapse(T.heartbeatNanos());
    c.deliverAll();

    assertThat(c.appliedCommands("d")).containsExactly("x", "y");
    assertThat(d.status().members()).containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(d.nextDeadlineNanos()).isLessThan(Long.MAX_VALUE); // a voter now
    // four members: a quorum is three, so a and d alone cannot commit
    c.crash("b");
    c.crash("c");
    c.propose("a", "z");
    c.deliverAll();
    assertThat(c.appliedCommands("a")).containsExactly("x", "y");
    c.start("b");
    c.elapse(T.heartbeatNanos());
    c.deliverAll();
    assertThat(c.appliedCommands("a")).containsExactly("x", "y", "z");
  }

  @Test
  void anAdditionIsRefusedForAMemberAndWhileAnotherChangeIsPending() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    assertThat(c.handle("a", c.node("a").addPeer("b")).proposal())
        .hasValueSatisfying(p -> assertThat(p.refusal()).contains("already a member"));
    c.drop = e -> true;
    c.handle("a", c.node("a").removePeer("c"));
    assertThat(c.handle("a", c.node("a").addPeer("d")).proposal())
        .hasValueSatisfying(p -> assertThat(p.refusal()).contains("pending"));
  }
}
