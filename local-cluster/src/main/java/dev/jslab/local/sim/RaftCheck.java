package dev.jslab.local.sim;

import dev.jslab.engine.raft.Entry;
import dev.jslab.engine.raft.EntryType;
import dev.jslab.engine.raft.Proposal;
import dev.jslab.engine.raft.RaftEvent;
import dev.jslab.engine.raft.RaftTimings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * One seeded check of a Raft group: a client proposes commands while a random fault schedule
 * crashes, restarts, pauses and partitions members, cuts links one way, makes them lossy and steps
 * leaders down; then everything is healed and the run is judged. Violations, the first of which
 * fails the run: two leaders in one term (election safety, Raft §5.2); two members applying
 * different entries at one index (state machine safety, §5.4.3); an acknowledged command — applied
 * by the member that accepted it — missing from, or twice in, a member after healing and after
 * every member restarted and applied its log again; no leader, or a last command not applied
 * everywhere, within a bound after healing or after those restarts (liveness).
 *
 * <p>Runs on the calling thread; every choice comes from the seed, so a seed replays exactly (the
 * result carries the run's history hash to show it).
 */
public final class RaftCheck {
  /**
   * What one seed did.
   *
   * @param seed the seed
   * @param violation the first invariant broken, empty when the run passed
   * @param historyHash SHA-256 of everything that happened
   * @param acknowledged commands acknowledged to the client
   * @param faults faults injected
   * @param leaders leaders elected
   */
  public record Result(
      long seed, Optional<String> violation, String historyHash, int acknowledged, int faults, int leaders) {
    public boolean passed() {
      return violation.isEmpty();
    }
  }

  private final int members;
  private final RaftTimings timings;
  private final long runNanos;

  /**
   * @param members the group's size (3 or 5 make sense)
   * @param timings the group's clocks
   * @param runNanos virtual time of the faulty part of a run
   */
  public RaftCheck(int members, RaftTimings timings, long runNanos) {
    if (members < 1 || members > 9) {
      throw new IllegalArgumentException("a group has 1 to 9 members (was " + members + ")");
    }
    this.members = members;
    this.timings = timings;
    this.runNanos = runNanos;
  }

  /** Runs one seed. */
  public Result run(long seed) {
    return new Run(seed).execute();
  }

  /** The state of one run. */
  private final class Run {
    final long seed;
    final SplittableRandom random;
    final RaftGroupSim sim;
    final List<String> names = IntStream.rangeClosed(1, members).mapToObj(i -> "n" + i).toList();
    final Map<Long, String> leaderOfTerm = new HashMap<>();
    final Map<Long, Entry> appliedAt = new HashMap<>();
    /** Commands accepted by a member, by the member and index that accepted them. */
    final Map<String, long[]> pending = new LinkedHashMap<>();
    final List<String> acknowledged = new ArrayList<>();
    String violation;
    int faults;
    int leaders;
    int commands;

    Run(long seed) {
      this.seed = seed;
      this.random = new SplittableRandom(seed);
      this.sim = new RaftGroupSim("check", names, timings, random.nextLong());
      sim.onRaftEvent(this::onEvent);
      sim.onApplied(this::onApplied);
    }

    Result execute() {
      long end = runNanos;
      long nextFault = faultGap();
      long nextCommand = commandGap();
      while (sim.nowNanos() < end && violation == null) {
        long step = Math.min(nextFault, nextCommand);
        sim.run(step);
        nextFault -= step;
        nextCommand -= step;
        if (nextFault <= 0) {
          injectFault();
          nextFault = faultGap();
        }
        if (nextCommand <= 0) {
          propose("c" + commands++);
          nextCommand = commandGap();
        }
      }
      if (violation == null) {
        healAndJudge();
      }
      return new Result(
          seed, Optional.ofNullable(violation), sim.historyHash(), acknowledged.size(), faults, leaders);
    }

    long faultGap() {
      return timings.electionMinNanos() / 2 + random.nextLong(4 * timings.electionMinNanos());
    }

    long commandGap() {
      return 1 + random.nextLong(Math.max(2, timings.heartbeatNanos() / 2));
    }

    void propose(String command) {
      String target = sim.leader().orElse(names.get(random.nextInt(names.size())));
      Proposal p = sim.propose(target, command);
      if (p.accepted()) {
        pending.put(command, new long[] {names.indexOf(target), p.index(), p.term()});
      }
    }

    void injectFault() {
      faults++;
      String node = names.get(random.nextInt(names.size()));
      Optional<String> leader = sim.leader();
      switch (random.nextInt(12)) {
        case 9 -> {
          // the leader crashes: its followers must elect one holding every committed entry
          if (leader.isPresent()) {
            sim.crash(leader.get());
          }
        }
        case 10 -> {
          // the leader is cut off with a minority, commands keep coming to both sides
          if (leader.isPresent()) {
            sim.partition(List.of(List.of(leader.get())));
          }
        }
        case 11 -> {
          // one member falls behind, unseen, while the others go on
          sim.partition(List.of(List.of(node)));
        }
        case 0, 1 -> {
          if (sim.isUp(node)) {
            sim.crash(node);
          } else {
            sim.restart(node);
          }
        }
        case 2 -> {
          if (sim.isUp(node)) {
            sim.pause(node);
          } else {
            sim.resume(node);
          }
        }
        case 3 -> {
          List<String> shuffled = new ArrayList<>(names);
          java.util.Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
          int cut = 1 + random.nextInt(names.size() - 1 == 0 ? 1 : names.size() - 1);
          sim.partition(List.of(shuffled.subList(0, cut), shuffled.subList(cut, shuffled.size())));
        }
        case 4 -> {
          String other = names.get(random.nextInt(names.size()));
          if (!other.equals(node)) {
            sim.cutOneWay(node, other);
          }
        }
        case 5 -> sim.setDefaultFaults(
            new LinkFaults(
                random.nextLong(timings.heartbeatNanos() / 4 + 1),
                random.nextLong(timings.heartbeatNanos() / 4 + 1),
                random.nextDouble() * 0.3,
                random.nextDouble() * 0.1,
                random.nextDouble() * 0.2));
        case 6 -> sim.leader().ifPresent(sim::stepDown);
        default -> sim.heal();
      }
    }

    void healAndJudge() {
      sim.heal();
      for (String n : names) {
        if (!sim.isUp(n)) {
          if (sim.statuses().containsKey(n)) {
            sim.resume(n);
          } else {
            sim.restart(n);
          }
        }
      }
      long bound = 10 * timings.electionMaxNanos() + timings.lostQuorumNanos();
      long deadline = sim.nowNanos() + bound;
      String last = "final";
      boolean proposed = false;
      while (sim.nowNanos() < deadline && violation == null) {
        sim.run(timings.heartbeatNanos());
        if (!proposed && sim.leader().isPresent()) {
          Proposal p = sim.propose(sim.leader().get(), last);
          proposed = p.accepted();
          if (proposed) {
            pending.put(last, new long[] {names.indexOf(sim.leader().get()), p.index(), p.term()});
          }
        }
        if (proposed && names.stream().allMatch(n -> sim.appliedCommands(n).contains(last))) {
          break;
        }
      }
      if (violation != null) {
        return;
      }
      if (!proposed || !names.stream().allMatch(n -> sim.appliedCommands(n).contains(last))) {
        violation = "liveness: no leader applied a command on every member within "
            + bound / 1_000_000 + " ms after healing (leader: " + sim.leader().orElse("none") + ")";
        return;
      }
      // every member restarts and applies its log again: what a member applied from memory only
      // (an entry its log has since lost) must not pass for durable
      names.forEach(sim::crash);
      names.forEach(sim::restart);
      long replayDeadline = sim.nowNanos() + bound;
      while (sim.nowNanos() < replayDeadline && violation == null
          && !names.stream().allMatch(n -> sim.appliedCommands(n).contains(last))) {
        sim.run(timings.heartbeatNanos());
      }
      if (violation != null) {
        return;
      }
      if (!names.stream().allMatch(n -> sim.appliedCommands(n).contains(last))) {
        violation = "liveness: after every member restarted, the log was not applied everywhere within "
            + bound / 1_000_000 + " ms";
        return;
      }
      for (String n : names) {
        List<String> applied = sim.appliedCommands(n);
        for (String command : acknowledged) {
          int count = (int) applied.stream().filter(command::equals).count();
          if (count != 1) {
            violation = "durability: acknowledged " + command + " is " + count + " times in " + n;
            return;
          }
        }
      }
    }

    void onEvent(RaftEvent e) {
      if (e instanceof RaftEvent.LeaderElected le) {
        leaders++;
        String before = leaderOfTerm.putIfAbsent(le.term(), le.node());
        if (before != null && !before.equals(le.node()) && violation == null) {
          violation = "election safety: " + before + " and " + le.node() + " both lead term " + le.term();
        }
      }
    }

    void onApplied(String node, Entry e) {
      Entry before = appliedAt.putIfAbsent(e.index(), e);
      if (before != null && !before.equals(e) && violation == null) {
        violation = "state machine safety: " + node + " applied " + e + " at index " + e.index()
            + " where another member applied " + before;
      }
      if (e.type() == EntryType.COMMAND) {
        String command = new String(e.data(), StandardCharsets.UTF_8);
        long[] p = pending.get(command);
        if (p != null && names.get((int) p[0]).equals(node) && p[1] == e.index() && p[2] == e.term()) {
          pending.remove(command);
          acknowledged.add(command);
        }
      }
    }
  }
}
