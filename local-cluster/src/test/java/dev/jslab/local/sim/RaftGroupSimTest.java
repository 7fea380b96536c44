package dev.jslab.local.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.Proposal;
import dev.jslab.engine.raft.RaftTimings;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftGroupSimTest {
  private static final long SECOND = 1_000_000_000L;
  private static final List<String> THREE = List.of("n1", "n2", "n3");

  private static RaftGroupSim sim(long seed) {
    RaftGroupSim sim = new RaftGroupSim("g", THREE, RaftTimings.CLASSROOM, seed);
    sim.run(3 * SECOND);
    return sim;
  }

  @Test
  void aThreeMemberGroupElectsOneLeaderAndAppliesAProposalOnEveryMember() {
    RaftGroupSim sim = sim(1);
    String leader = sim.leader().orElseThrow();
    Proposal p = sim.propose(leader, "hello");
    assertThat(p.accepted()).isTrue();
    sim.run(SECOND);
    for (String n : THREE) {
      assertThat(sim.appliedCommands(n)).containsExactly("hello");
    }
  }

  @Test
  void aHealthyGroupKeepsItsLeaderAndTermWhileHeartbeatsArrive() {
    RaftGroupSim sim = sim(5);
    String leader = sim.leader().orElseThrow();
    long term = sim.statuses().get(leader).term();
    sim.run(60 * SECOND); // a hundred election timeouts of the classroom preset
    assertThat(sim.leader()).contains(leader);
    assertThat(sim.statuses().values()).allMatch(s -> s.term() == term);
  }

  @Test
  void aCrashedLeaderIsReplacedWithinASecondOnTheClassroomTimingsAndAStepdownWithin250Ms() {
    for (long seed = 1; seed <= 20; seed++) {
      assertThat(gapAfter(seed, RaftTimings.CLASSROOM, false)).as("crash, seed " + seed).isLessThanOrEqualTo(SECOND);
      assertThat(gapAfter(seed, RaftTimings.NATS_DEFAULTS, true))
          .as("stepdown with nats-server's timings, seed " + seed)
          .isLessThanOrEqualTo(SECOND / 4);
    }
  }

  /** Virtual time from the leader's crash or stepdown until both others know a new leader. */
  private static long gapAfter(long seed, RaftTimings timings, boolean stepDown) {
    RaftGroupSim sim = new RaftGroupSim("g", THREE, timings, seed);
    sim.run(3 * timings.electionMaxNanos());
    String old = sim.leader().orElseThrow();
    long at = sim.nowNanos();
    if (stepDown) {
      sim.stepDown(old);
    } else {
      sim.crash(old);
    }
    List<String> others = THREE.stream().filter(n -> !n.equals(old)).toList();
    while (!others.stream().allMatch(n -> sim.statuses().get(n).leader().filter(l -> !l.equals(old)).isPresent())) {
      sim.run(timings.heartbeatNanos() / 100);
      assertThat(sim.nowNanos() - at).as("no new leader").isLessThan(60 * SECOND);
    }
    return sim.nowNanos() - at;
  }

  @Test
  void aFollowerRefusesAProposalAndNamesTheLeader() {
    RaftGroupSim sim = sim(2);
    String leader = sim.leader().orElseThrow();
    String follower = THREE.stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    Proposal p = sim.propose(follower, "x");
    assertThat(p.accepted()).isFalse();
    assertThat(p.knownLeader()).contains(leader);
  }

  @Test
  void aMinorityCannotCommitWhileTheMajorityElectsALeaderAndGoesOn() {
    RaftGroupSim sim = sim(3);
    String old = sim.leader().orElseThrow();
    List<String> rest = THREE.stream().filter(n -> !n.equals(old)).toList();
    sim.partition(List.of(List.of(old), rest));
    assertThat(sim.propose(old, "lost").accepted()).isTrue(); // appended, never committed
    sim.run(3 * SECOND);
    String now = sim.leader().orElseThrow();
    assertThat(rest).contains(now);
    assertThat(sim.propose(now, "kept").accepted()).isTrue();
    sim.run(SECOND);
    sim.heal();
    sim.run(3 * SECOND);
    for (String n : THREE) {
      assertThat(sim.appliedCommands(n)).contains("kept").doesNotContain("lost");
    }
  }

  @Test
  void aCrashedMemberRestartsFromItsStorageAndCatchesUp() {
    RaftGroupSim sim = sim(4);
    String leader = sim.leader().orElseThrow();
    String follower = THREE.stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    sim.propose(leader, "one");
    sim.run(SECOND);
    sim.crash(follower);
    sim.propose(sim.leader().orElseThrow(), "two");
    sim.run(SECOND);
    assertThat(sim.appliedCommands(follower)).isEmpty();
    sim.restart(follower);
    sim.run(3 * SECOND);
    assertThat(sim.appliedCommands(follower)).containsExactly("one", "two");
  }

  @Test
  void theSameSeedReplaysTheSameHistoryAndAnotherSeedDoesNot() {
    assertThat(scripted(7).historyHash()).isEqualTo(scripted(7).historyHash());
    assertThat(scripted(8).historyHash()).isNotEqualTo(scripted(7).historyHash());
  }

  private static RaftGroupSim scripted(long seed) {
    RaftGroupSim sim = sim(seed);
    sim.setDefaultFaults(LinkFaults.latency(SECOND / 100).withJitter(SECOND / 50).withLoss(0.1));
    sim.propose(sim.leader().orElse("n1"), "a");
    sim.run(2 * SECOND);
    sim.crash("n2");
    sim.run(2 * SECOND);
    sim.restart("n2");
    sim.run(2 * SECOND);
    return sim;
  }

  @Test
  void eventsWithSetsAreWrittenTheSameWayInEveryJvm() {
    record Voters(java.util.Set<String> voters, java.util.Optional<String> leader) {}
    assertThat(RaftGroupSim.canonical(new Voters(java.util.Set.of("n3", "n1", "n2"), java.util.Optional.empty())))
        .isEqualTo("Voters[voters=[n1, n2, n3], leader=-]");
  }
}
