package dev.jslab.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.local.net.ClientPortOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live cluster's meta group, on the classroom timings, observed through snapshots. */
class MetaGroupTest {
  @TempDir Path dir;

  private LocalCluster start(int nodes) {
    return start(nodes, RaftTimings.CLASSROOM);
  }

  private LocalCluster start(int nodes, RaftTimings timings) {
    return LocalCluster.start(
        new ClusterSpec("lab", nodes, Optional.of(dir), false),
        Clock.systemUTC(),
        0,
        LocalCluster.NO_MONITORING,
        false,
        ClientPortOptions.defaults(),
        timings);
  }

  /** Waits (up to 20 s of wall time) until the cluster's snapshot satisfies {@code condition}. */
  private static ClusterSnapshot await(LocalCluster cluster, Predicate<ClusterSnapshot> condition) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.test(cluster.snapshot())) {
      assertThat(System.nanoTime()).as("waited for the meta group: " + cluster.snapshot().meta()).isLessThan(deadline);
      Thread.onSpinWait();
    }
    return cluster.snapshot();
  }

  private static Optional<String> leader(ClusterSnapshot s) {
    List<String> leaders =
        s.meta().entrySet().stream().filter(e -> e.getValue().role().equals("leader")).map(e -> e.getKey()).toList();
    return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
  }

  private static boolean allFollow(ClusterSnapshot s, String leader, List<String> nodes) {
    return nodes.stream()
        .allMatch(n -> s.metaOf(n).map(v -> v.leader().equals(Optional.of(leader))).orElse(false));
  }

  @Test
  void threeNodesElectOneMetaLeaderThatEveryNodeKnows() {
    try (LocalCluster cluster = start(3)) {
      ClusterSnapshot s = await(cluster, c -> leader(c).isPresent() && allFollow(c, leader(c).get(), List.of("n1", "n2", "n3")));
      String leader = leader(s).orElseThrow();
      assertThat(s.metaOf(leader).orElseThrow().label()).startsWith("leader · term ");
    }
  }

  @Test
  void aHealthyMetaGroupKeepsItsLeaderAndTermForManyElectionTimeouts() throws Exception {
    // elections after 1-2 s of silence: a busy test machine's stalls do not pass for lost leaders
    RaftTimings patient =
        new RaftTimings(1_000_000_000L, 2_000_000_000L, 100_000_000L, 2_000_000_000L, 5_000_000L);
    try (LocalCluster cluster = start(3, patient)) {
      ClusterSnapshot s = await(cluster, c -> leader(c).isPresent() && allFollow(c, leader(c).get(), List.of("n1", "n2", "n3")));
      String leader = leader(s).orElseThrow();
      long term = s.metaOf(leader).orElseThrow().term();
      List<MetaView> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
      cluster.addListener((event, snapshot) -> {
        if (event instanceof ClusterEvent.MetaChanged m) {
          changes.add(m.view());
        }
      });
      // two and a half of the longest election timeouts: a follower that did not hear the
      // heartbeats would have started an election by then
      java.util.concurrent.CompletableFuture<Void> quiet = new java.util.concurrent.CompletableFuture<>();
      quiet.completeOnTimeout(null, 5, java.util.concurrent.TimeUnit.SECONDS).join();
      assertThat(leader(cluster.snapshot())).contains(leader);
      assertThat(cluster.snapshot().meta().values()).allMatch(v -> v.term() == term && v.role().matches("leader|follower"));
      assertThat(changes)
          .as("no election was even started")
          .allMatch(v -> v.term() == term && v.role().matches("leader|follower"));
    }
  }

  @Test
  void anIsolatedLeaderIsReplacedAndFollowsTheNewOneOnceHealed() {
    try (LocalCluster cluster = start(3)) {
      ClusterSnapshot before = await(cluster, c -> leader(c).isPresent());
      String old = leader(before).orElseThrow();
      long oldTerm = before.metaOf(old).orElseThrow().term();
      cluster.isolate(old);
      assertThat(cluster.snapshot().isolated()).containsExactly(old);
      ClusterSnapshot after =
          await(cluster, c -> c.meta().entrySet().stream().anyMatch(e -> !e.getKey().equals(old)
              && e.getValue().role().equals("leader") && e.getValue().term() > oldTerm));
      String next = after.meta().entrySet().stream()
          .filter(e -> e.getValue().role().equals("leader") && !e.getKey().equals(old))
          .map(e -> e.getKey()).findFirst().orElseThrow();
      cluster.heal();
      await(cluster, c -> leader(c).isPresent() && allFollow(c, leader(c).get(), List.of("n1", "n2", "n3")));
      assertThat(cluster.snapshot().metaOf(old).orElseThrow().role()).isEqualTo("follower");
      assertThat(cluster.snapshot().isolated()).isEmpty();
      assertThat(next).isNotEqualTo(old);
    }
  }

  @Test
  void aKilledLeaderIsReplacedAndRejoinsAsAFollowerAfterItsRestart() {
    try (LocalCluster cluster = start(3)) {
      String old = leader(await(cluster, c -> leader(c).isPresent())).orElseThrow();
      cluster.kill(old).join();
      assertThat(cluster.snapshot().metaOf(old)).isEmpty();
      String next = leader(await(cluster, c -> leader(c).filter(l -> !l.equals(old)).isPresent())).orElseThrow();
      cluster.restart(old).join();
      await(cluster, c -> allFollow(c, leader(c).orElse("?"), List.of("n1", "n2", "n3")));
      assertThat(cluster.snapshot().metaOf(old).orElseThrow().role()).isEqualTo("follower");
      assertThat(next).isNotEqualTo(old);
    }
  }

  @Test
  void aSteppedDownLeaderHandsOverToAnotherNodeInAHigherTerm() {
    try (LocalCluster cluster = start(3)) {
      ClusterSnapshot before =
          await(cluster, c -> leader(c).isPresent() && allFollow(c, leader(c).get(), List.of("n1", "n2", "n3")));
      String old = leader(before).orElseThrow();
      long term = before.metaOf(old).orElseThrow().term();
      cluster.stepDownMeta(old).join();
      ClusterSnapshot after =
          await(cluster, c -> leader(c).filter(l -> !l.equals(old)).isPresent()
              && c.metaOf(leader(c).get()).orElseThrow().term() > term);
      assertThat(after.metaOf(old).orElseThrow().role()).isNotEqualTo("leader");
    }
  }
}
