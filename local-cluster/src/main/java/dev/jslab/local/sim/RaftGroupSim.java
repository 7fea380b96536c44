package dev.jslab.local.sim;

import dev.jslab.engine.raft.Entry;
import dev.jslab.engine.raft.Envelope;
import dev.jslab.engine.raft.RaftDriver;
import dev.jslab.engine.raft.EntryType;
import dev.jslab.engine.raft.InMemoryRaftStorage;
import dev.jslab.engine.raft.Proposal;
import dev.jslab.engine.raft.RaftConfig;
import dev.jslab.engine.raft.RaftEvent;
import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.raft.RaftNode;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.raft.Role;
import dev.jslab.engine.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One Raft group simulated deterministically: its members are real {@link RaftNode}s with storage
 * that survives their crashes, talking over a {@link VirtualNetwork} in virtual time; each member's
 * state machine is the list of commands it applied. Faults — crash, restart, pause, partitions,
 * one-way cuts, lossy links, stepdowns — can be injected at any moment, and every network message,
 * Raft event and injected fault is recorded in order, so a run's {@link #historyHash()} proves that
 * the same seed replays it exactly.
 *
 * <p>Not thread-safe: confined to the thread that drives it.
 */
public final class RaftGroupSim {
  /** Lines of history kept for reading; the hash covers them all. */
  public static final int HISTORY_KEPT = 10_000;

  private final String group;
  private final RaftTimings timings;
  private final VirtualScheduler clock;
  private final SplittableRandom random;
  private final VirtualNetwork<RaftMessage> network;
  private final Map<String, Member> members = new LinkedHashMap<>();
  /** Everything that happened, hashed. */
  private final History history;
  private final List<Consumer<RaftEvent>> raftListeners = new ArrayList<>();
  private final List<java.util.function.BiConsumer<String, Entry>> applyListeners = new ArrayList<>();

  /** One member: its durable storage and, while it runs, its Raft node and state machine. */
  private final class Member {
    final String name;
    final InMemoryRaftStorage storage = new InMemoryRaftStorage();
    final SplittableRandom random;
    RaftDriver driver; // null while crashed
    boolean paused;
    final List<Entry> applied = new ArrayList<>();

    RaftNode node() {
      return driver == null ? null : driver.node();
    }

    Member(String name, SplittableRandom random) {
      this.name = name;
      this.random = random;
    }
  }

  /**
   * A group of {@code memberNames} (e.g. n1, n2, n3) with {@code timings}; {@code seed} drives
   * every random choice of the members and the network.
   */
  public RaftGroupSim(String group, List<String> memberNames, RaftTimings timings, long seed) {
    this.group = group;
    this.timings = timings;
    this.clock = new VirtualScheduler(0);
    this.random = new SplittableRandom(seed);
    this.history = new History(clock::nowNanos, HISTORY_KEPT);
    this.network = new VirtualNetwork<>(clock, random.split(), this::recordNetwork);
    for (String name : memberNames) {
      Member m = new Member(name, random.split());
      members.put(name, m);
      network.attach(name, (from, message) -> deliver(m, message));
    }
    members.values().forEach(this::boot);
  }

  // ---------------------------------------------------------------- driving

  /** Lets {@code nanos} of virtual time pass. */
  public void run(long nanos) {
    clock.advance(nanos);
  }

  /** The virtual time now, from 0 at the start. */
  public long nowNanos() {
    return clock.nowNanos();
  }

  /**
   * Whether the history is kept and hashed (on by default); off only where speed is measured, as
   * writing every message down costs more than handling it.
   */
  public void recordHistory(boolean on) {
    history.recording(on);
  }

  /** Hears of every entry a member applies: (member, entry), in order. */
  public void onApplied(java.util.function.BiConsumer<String, Entry> listener) {
    applyListeners.add(listener);
  }

  /** Hears of every Raft event of every member, in order. */
  public void onRaftEvent(Consumer<RaftEvent> listener) {
    raftListeners.add(listener);
  }

  private void boot(Member m) {
    List<String> names = List.copyOf(members.keySet());
    RaftNode node =
        new RaftNode(
            RaftConfig.of(group, m.name, names, timings),
            m.storage.load(),
            m.random.split(),
            clock.nowNanos());
    m.applied.clear();
    m.driver =
        new RaftDriver(
            node,
            m.storage,
            clock,
            new RaftDriver.Effects() {
              @Override
              public void send(Envelope e) {
                network.send(e.from(), e.to(), e.message());
              }

              @Override
              public void apply(Entry e) {
                m.applied.add(e);
                applyListeners.forEach(l -> l.accept(m.name, e));
              }

              @Override
              public void event(RaftEvent e) {
                recordRaft(e);
              }
            });
  }

  private void deliver(Member m, RaftMessage message) {
    if (m.driver != null) {
      m.driver.receive(message);
    }
  }

  // ---------------------------------------------------------------- client and faults

  /** Proposes {@code command} at {@code node}; what the node answered. */
  public Proposal propose(String node, String command) {
    Member m = member(node);
    if (m.driver == null || m.paused) {
      return new Proposal(false, 0, 0, Optional.empty(), node + " is down");
    }
    record("propose " + node + " " + command);
    return m.driver.propose(command.getBytes(StandardCharsets.UTF_8));
  }

  /** Crashes {@code node}: its memory is gone, its storage stays. */
  public void crash(String node) {
    Member m = member(node);
    record("crash " + node);
    if (m.driver != null) {
      m.driver.stop();
    }
    m.driver = null;
    m.paused = false;
    m.applied.clear();
    network.setDown(node, true);
  }

  /** Restarts a crashed {@code node} from its storage (a running one is crashed first). */
  public void restart(String node) {
    Member m = member(node);
    if (m.driver != null) {
      crash(node);
    }
    record("restart " + node);
    network.setDown(node, false);
    boot(m);
  }

  /** Freezes {@code node}: it keeps its memory but neither hears nor acts until resumed. */
  public void pause(String node) {
    Member m = member(node);
    if (m.driver == null) {
      return;
    }
    record("pause " + node);
    m.paused = true;
    network.setDown(node, true);
    m.driver.setPaused(true);
  }

  /** Lets a paused {@code node} run again; its timers fire late, at once. */
  public void resume(String node) {
    Member m = member(node);
    if (!m.paused) {
      return;
    }
    record("resume " + node);
    m.paused = false;
    network.setDown(node, false);
    m.driver.setPaused(false);
  }

  /** Splits the network into {@code groups} (see {@link VirtualNetwork#partition}). */
  public void partition(List<List<String>> groups) {
    record("partition " + groups);
    network.partition(groups);
  }

  /** Cuts {@code from → to} only. */
  public void cutOneWay(String from, String to) {
    record("cut " + from + "->" + to);
    network.cutOneWay(from, to);
  }

  /** Restores every cut link and removes every link fault. */
  public void heal() {
    record("heal");
    network.heal();
    network.setDefaultFaults(LinkFaults.NONE);
    for (String a : members.keySet()) {
      for (String b : members.keySet()) {
        network.setFaults(a, b, LinkFaults.NONE);
      }
    }
  }

  /** Sets the faults of the link {@code from → to}. */
  public void setLinkFaults(String from, String to, LinkFaults faults) {
    record("faults " + from + "->" + to + " " + faults);
    network.setFaults(from, to, faults);
  }

  /** Sets the faults of every link without its own. */
  public void setDefaultFaults(LinkFaults faults) {
    record("faults * " + faults);
    network.setDefaultFaults(faults);
  }

  /** Asks the leader {@code node} to hand over leadership (to any healthy peer). */
  public void stepDown(String node) {
    Member m = member(node);
    if (m.driver == null || m.paused) {
      return;
    }
    record("stepdown " + node);
    m.driver.transferLeadership(Optional.empty());
  }

  // ---------------------------------------------------------------- observation

  /** The members' names, in order. */
  public List<String> memberNames() {
    return List.copyOf(members.keySet());
  }

  /** Whether {@code node} runs (neither crashed nor paused). */
  public boolean isUp(String node) {
    Member m = member(node);
    return m.driver != null && !m.paused;
  }

  /** Each running member's status. */
  public Map<String, RaftStatus> statuses() {
    Map<String, RaftStatus> all = new LinkedHashMap<>();
    members.values().stream().filter(m -> m.driver != null).forEach(m -> all.put(m.name, m.node().status()));
    return all;
  }

  /** The running, unpaused member that leads, if exactly one believes it leads in the top term. */
  public Optional<String> leader() {
    String found = null;
    long term = -1;
    for (Member m : members.values()) {
      RaftNode n = m.node();
      if (n != null && !m.paused && n.role() == Role.LEADER && n.term() > term) {
        found = m.name;
        term = n.term();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The entries {@code node} applied since it last started, in order (commands and others). */
  public List<Entry> applied(String node) {
    return List.copyOf(member(node).applied);
  }

  /** The commands {@code node} applied since it last started, in order. */
  public List<String> appliedCommands(String node) {
    return member(node).applied.stream()
        .filter(e -> e.type() == EntryType.COMMAND)
        .map(e -> new String(e.data(), StandardCharsets.UTF_8))
        .toList();
  }

  /** The last {@value #HISTORY_KEPT} things that happened, one line each, in order. */
  public List<String> history() {
    return history.lines();
  }

  /** A SHA-256 of the history so far, in hex: equal for two runs exactly when they match. */
  public String historyHash() {
    return history.hash();
  }

  private Member member(String node) {
    Member m = members.get(node);
    if (m == null) {
      throw new IllegalArgumentException("no member " + node + " in group " + group + " " + members.keySet());
    }
    return m;
  }

  private void recordNetwork(NetworkEvent<RaftMessage> e) {
    if (!history.isRecording()) {
      return;
    }
    record(e.kind() + " " + e.from() + "->" + e.to() + " " + e.message().getClass().getSimpleName()
        + " t" + e.message().term());
  }

  private void recordRaft(RaftEvent e) {
    if (history.isRecording()) {
      record(canonical(e));
    }
    raftListeners.forEach(l -> l.accept(e));
  }

  /**
   * A value written the same way in every JVM: records by their components, sets sorted (a
   * {@code Set.of}'s iteration order changes from one JVM to the next), optionals unwrapped.
   */
  static String canonical(Object value) {
    if (value instanceof Record r) {
      StringBuilder out = new StringBuilder(r.getClass().getSimpleName()).append('[');
      java.lang.reflect.RecordComponent[] parts = r.getClass().getRecordComponents();
      for (int i = 0; i < parts.length; i++) {
        try {
          out.append(i == 0 ? "" : ", ").append(parts[i].getName()).append('=')
              .append(canonical(parts[i].getAccessor().invoke(r)));
        } catch (ReflectiveOperationException ex) {
          throw new IllegalStateException(ex);
        }
      }
      return out.append(']').toString();
    }
    if (value instanceof java.util.Set<?> set) {
      return set.stream().map(RaftGroupSim::canonical).sorted().toList().toString();
    }
    if (value instanceof Optional<?> o) {
      return o.map(RaftGroupSim::canonical).orElse("-");
    }
    return String.valueOf(value);
  }

  private void record(String line) {
    history.record(line);
  }
}
