package dev.jslab.engine.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.raft.RaftMessage.InstallSnapshot;
import org.junit.jupiter.api.Test;

/** §7 log compaction: snapshots, InstallSnapshot for a lagging follower, restart from a snapshot. */
class SnapshotTest {
  private static final RaftTimings T = RaftTimings.CLASSROOM;

  @Test
  void compactionDropsTheLogUpToTheSnapshotAndPersistsIt() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    for (int i = 0; i < 5; i++) {
      c.propose("a", "m" + i);
    }
    c.deliverAll();
    Ready r = c.handle("a", c.node("a").compact(4, "state@4".getBytes()));

    assertThat(r.snapshotToPersist()).hasValueSatisfying(s -> {
      assertThat(s.lastIndex()).isEqualTo(4);
      assertThat(s.lastTerm()).isEqualTo(1);
      assertThat(s.members()).containsExactlyInAnyOrder("a", "b", "c");
    });
    assertThat(c.node("a").status().firstIndex()).isEqualTo(5);
    assertThat(c.storage.get("a").load().entries()).extracting(Entry::index).containsExactly(5L, 6L);
    assertThat(c.events(RaftEvent.SnapshotTaken.class)).hasSize(1);
  }

  @Test
  void theApplicationCannotSnapshotBeyondWhatItWasGivenToApply() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    assertThatThrownBy(() -> c.node("a").compact(5, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFollowerBehindTheLeadersSnapshotIsSentTheSnapshotAndThenTheRest() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.crash("c");
    for (int i = 0; i < 5; i++) {
      c.propose("a", "m" + i);
    }
    c.deliverAll();
    c.handle("a", c.node("a").compact(4, "state@4".getBytes()));
    c.propose("a", "after");
    c.deliverAll();
    c.start("c");
    c.elapse(T.heartbeatNanos());
    c.deliverAll();
    c.elapse(T.heartbeatNanos());
    c.deliverAll();

    assertThat(c.events(RaftEvent.SnapshotInstalled.class))
        .singleElement()
        .satisfies(e -> assertThat(e.node()).isEqualTo("c"));
    assertThat(new String(c.appliedSnapshot.get("c").data())).isEqualTo("state@4");
    assertThat(c.appliedCommands("c")).containsExactly("m3", "m4", "after"); // index 1 is the no-op
    assertThat(c.node("c").commitIndex()).isEqualTo(c.node("a").commitIndex());
    assertThat(c.node("a").status().followers().get("c").mode()).isEqualTo("REPLICATE");
  }

  @Test
  void aMemberRestartsFromItsStoredSnapshotAndLog() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    for (int i = 0; i < 3; i++) {
      c.propose("a", "m" + i);
    }
    c.deliverAll();
    c.elapse(T.heartbeatNanos());
    c.deliverAll();
    c.handle("b", c.node("b").compact(2, "state@2".getBytes()));
    c.crash("b");
    c.start("b");

    RaftStatus status = c.node("b").status();
    assertThat(status.snapshotIndex()).isEqualTo(2);
    assertThat(status.lastIndex()).isEqualTo(4);
    assertThat(status.commitIndex()).isEqualTo(2);
    assertThat(status.term()).isEqualTo(1);
  }

  @Test
  void aStaleSnapshotAtOrBelowTheCommitIndexChangesNothing() {
    TestCluster c = new TestCluster("a", "b", "c").elect("a");
    c.propose("a", "x");
    c.deliverAll();
    c.elapse(T.heartbeatNanos());
    c.deliverAll();
    Snapshot old = new Snapshot(1, 1, java.util.Set.of("a", "b", "c"), new byte[0]);
    Ready r = c.node("b").step(new InstallSnapshot(1, "a", old));

    assertThat(r.snapshotToApply()).isEmpty();
    assertThat(r.snapshotToPersist()).isEmpty();
    assertThat(c.node("b").status().lastIndex()).isEqualTo(2);
  }

  @Test
  void anInstalledSnapshotKeepsTheEntriesAfterItThatTheFollowerAlreadyHolds() {
    // §7: if the log has the snapshot's last entry, the entries following it are retained; the
    // follower may have acknowledged them, and the leader counts on them.
    java.util.List<Entry> log = new java.util.ArrayList<>();
    for (long i = 1; i <= 4; i++) {
      log.add(new Entry(i, 1, EntryType.COMMAND, ("e" + i).getBytes()));
    }
    RaftNode b =
        new RaftNode(
            RaftConfig.of("G", "b", java.util.List.of("a", "b", "c"), T),
            new PersistentState(new HardState(1, java.util.Optional.empty()), java.util.Optional.empty(), log),
            new FixedRandom(0),
            0);
    Snapshot s = new Snapshot(2, 1, java.util.Set.of("a", "b", "c"), "s2".getBytes());
    Ready r = b.step(new InstallSnapshot(1, "a", s));

    assertThat(r.snapshotToApply()).contains(s);
    assertThat(r.truncateFrom()).isZero();
    assertThat(b.status().firstIndex()).isEqualTo(3);
    assertThat(b.status().lastIndex()).isEqualTo(4);
    InMemoryRaftStorage storage = new InMemoryRaftStorage();
    storage.append(log);
    storage.persist(r);
    assertThat(storage.load().entries()).extracting(Entry::index).containsExactly(3L, 4L);
  }
}
