package dev.jslab.engine.cluster;

import dev.jslab.engine.raft.Entry;
import dev.jslab.engine.raft.EntryType;
import dev.jslab.engine.raft.Envelope;
import dev.jslab.engine.raft.Proposal;
import dev.jslab.engine.raft.RaftConfig;
import dev.jslab.engine.raft.RaftDriver;
import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.raft.RaftNode;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftStorage;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.raft.Role;
import dev.jslab.engine.raft.Snapshot;
import dev.jslab.engine.time.Scheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A node's member of the meta group ({@code _meta_}, every node of the cluster) and the state it
 * agrees on: which streams exist and where they are placed. Committed commands are applied here
 * first, then handed to the node so it can create or remove its replicas.
 *
 * <p>Every {@link ClusterHost#compactAfterEntries()} applied entries the member snapshots every
 * assignment and drops the log before it; a restarted member starts from its kept snapshot, and a
 * member that fell behind its leader's log installs the leader's, the node being handed the
 * commands that turn what it held into the snapshot's placements.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class MetaGroup implements RaftDriver.Effects {

  /** nats-server's name for the group every JetStream server of a cluster joins. */
  static final String NAME = "_meta_";

  private final ClusterHost host;
  private final Scheduler scheduler;
  private final RaftTimings timings;
  private final RaftDriver driver;
  private final Consumer<MetaCommand> applied;
  private final Runnable changed;
  private final long startedNanos;
  private final Map<String, StreamAssignment> streams = new TreeMap<>();
  /** Consumers by stream, then by name. */
  private final Map<String, Map<String, ConsumerAssignment>> consumers = new TreeMap<>();
  private boolean everHadLeader;
  private Role role;
  private long term;
  private Optional<String> leader = Optional.empty();
  private final LogCompaction compaction;
  /**
   * Recovering what the member kept from before the node started (its snapshot and the log after
   * it, up to {@link #recoverThrough}): what it applies there changes the placements only, and the
   * node is handed the net placements at once when it is done — as nats-server's meta recovery —
   * so a stream or consumer created and removed again within it is never created (its replicas'
   * state elsewhere would meet a new, empty group of the same name).
   */
  private boolean recovering;
  private final long recoverThrough;
  private boolean closed;

  MetaGroup(
      String self,
      List<String> members,
      RaftTimings timings,
      RaftStorage storage,
      RandomGenerator random,
      Scheduler scheduler,
      ClusterHost host,
      Consumer<MetaCommand> applied,
      Runnable changed) {
    this.host = host;
    this.scheduler = scheduler;
    this.timings = timings;
    this.applied = applied;
    this.changed = changed;
    this.startedNanos = scheduler.nowNanos();
    RaftNode node =
        new RaftNode(RaftConfig.of(NAME, self, members, timings), storage.load(), random, scheduler.nowNanos());
    this.role = node.role();
    this.term = node.term();
    node.snapshot().ifPresent(kept -> replaceState(MetaCommandCodec.decodeSnapshot(kept.data())));
    this.recoverThrough = node.lastIndex();
    this.recovering = recoverThrough > 0;
    this.driver = new RaftDriver(node, storage, scheduler, this);
    this.compaction = new LogCompaction(driver, scheduler, timings, host::compactAfterEntries, this::snapshot);
  }

  /**
   * Called once, by the node as it starts: hands it the kept placements at once when the member
   * kept nothing after its snapshot, else once the entries it kept are applied.
   */
  void start() {
    if (recovering) {
      driver.announceRestart(); // the leader's answer brings the commit index to recover up to
    }
    finishRecoveryIfDone();
  }

  private void finishRecoveryIfDone() {
    if (!recovering || compaction.applied() < Math.min(recoverThrough, driver.node().lastIndex())) {
      return;
    }
    recovering = false;
    List<MetaCommand> commands = new ArrayList<>();
    streams.values().forEach(sa -> commands.add(new MetaCommand.AssignStream(sa)));
    consumers.values().forEach(of -> of.values().forEach(ca -> commands.add(new MetaCommand.AssignConsumer(ca))));
    commands.forEach(applied);
  }

  void receive(RaftMessage message) {
    driver.receive(message);
  }

  Proposal propose(MetaCommand command) {
    return driver.propose(MetaCommandCodec.encode(command));
  }

  void stepDown() {
    driver.transferLeadership(Optional.empty());
  }

  boolean isLeader() {
    return driver.node().role() == Role.LEADER;
  }

  Optional<String> leader() {
    return driver.node().leader();
  }

  /**
   * nats-server's "leaderless": no leader known, and the member has run longer than the lost-quorum
   * interval (right after a start, requests wait for the first election instead).
   */
  boolean isLeaderless() {
    return leader().isEmpty() && scheduler.nowNanos() - startedNanos > timings.lostQuorumNanos();
  }

  RaftStatus status() {
    return driver.node().status();
  }

  boolean everHadLeader() {
    return everHadLeader;
  }

  /** The streams the group placed, by name. */
  Map<String, StreamAssignment> streams() {
    return Collections.unmodifiableMap(streams);
  }

  /** The consumers the group placed on {@code stream}, by name. */
  Map<String, ConsumerAssignment> consumers(String stream) {
    return Collections.unmodifiableMap(consumers.getOrDefault(stream, Map.of()));
  }

  void close() {
    closed = true;
    compaction.close();
    driver.stop();
  }

  @Override
  public void event(dev.jslab.engine.raft.RaftEvent event) {
    host.raftEvent(event);
  }

  @Override
  public void send(Envelope e) {
    host.send(e.to(), NAME, e.message());
  }

  @Override
  public void apply(Entry entry) {
    compaction.applied(entry);
    if (entry.type() != EntryType.COMMAND) {
      return;
    }
    MetaCommand command = MetaCommandCodec.decode(entry.data());
    if (change(command) && !recovering) {
      applied.accept(command);
    }
    finishRecoveryIfDone(); // this entry may be the last one kept
  }

  /** Changes the maps as {@code command} says; false when it changes nothing (nothing to hand on). */
  private boolean change(MetaCommand command) {
    if (command instanceof MetaCommand.AssignStream a) {
      if (streams.putIfAbsent(a.assignment().stream(), a.assignment()) != null) {
        return false; // a second create of the same name raced the first: the first placement stands
      }
    } else if (command instanceof MetaCommand.UpdateStream u) {
      StreamAssignment old = streams.get(u.config().name());
      if (old == null) {
        return false;
      }
      streams.put(old.stream(), old.withConfig(u.config()));
    } else if (command instanceof MetaCommand.RemoveStream r) {
      if (streams.remove(r.stream()) == null) {
        return false;
      }
      consumers.remove(r.stream());
    } else if (command instanceof MetaCommand.Reassign r) {
      StreamAssignment old = streams.get(r.stream());
      if (old == null) {
        return false;
      }
      StreamAssignment moved = old.withPeers(r.peers());
      streams.put(old.stream(), r.config() == null ? moved : moved.withConfig(r.config()));
      Map<String, ConsumerAssignment> of = consumers.getOrDefault(r.stream(), new TreeMap<>());
      for (MetaCommand.ConsumerMove m : r.consumers()) {
        ConsumerAssignment ca = of.get(m.name());
        if (ca != null) {
          ConsumerAssignment placed = ca.withPeers(m.peers());
          of.put(m.name(), m.config() == null ? placed : placed.withConfig(m.config()));
        }
      }
      r.removedConsumers().forEach(of::remove);
    } else if (command instanceof MetaCommand.AssignConsumer a) {
      ConsumerAssignment ca = a.assignment();
      if (!streams.containsKey(ca.stream())
          || consumers(ca.stream()).containsKey(ca.name())) {
        return false; // its stream went first, or a second create raced the first
      }
      consumers.computeIfAbsent(ca.stream(), s -> new TreeMap<>()).put(ca.name(), ca);
    } else if (command instanceof MetaCommand.UpdateConsumer u) {
      ConsumerAssignment old = consumers(u.stream()).get(u.name());
      if (old == null) {
        return false;
      }
      consumers.get(u.stream()).put(u.name(), old.withConfig(u.config()));
    } else if (command instanceof MetaCommand.RemoveConsumer r) {
      Map<String, ConsumerAssignment> of = consumers.get(r.stream());
      if (of == null || of.remove(r.name()) == null) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void afterReady() {
    RaftNode node = driver.node();
    everHadLeader |= node.leader().isPresent();
    if (node.role() != role || node.term() != term || !node.leader().equals(leader)) {
      role = node.role();
      term = node.term();
      leader = node.leader();
      changed.run();
    }
    if (!closed) {
      finishRecoveryIfDone();
      compaction.afterReady();
    }
  }

  // ---------------------------------------------------------------- compaction (Raft §7)

  /** Every assignment, encoded: the state after every entry applied so far. */
  private Optional<LogCompaction.SnapshotPoint> snapshot() {
    List<ConsumerAssignment> all = new ArrayList<>();
    consumers.values().forEach(of -> all.addAll(of.values()));
    return Optional.of(new LogCompaction.SnapshotPoint(
        compaction.applied(), MetaCommandCodec.encodeSnapshot(streams.values(), all)));
  }

  /**
   * The leader's snapshot replaces this member's state (it fell behind the leader's log): the node
   * is handed the commands that turn the placements it knew into the snapshot's — see {@link
   * #difference} — each applied to the maps as the log would have, then the maps take the
   * snapshot's assignments exactly.
   */
  @Override
  public void applySnapshot(Snapshot snapshot) {
    List<MetaCommand> target = MetaCommandCodec.decodeSnapshot(snapshot.data());
    Map<String, StreamAssignment> toStreams = new TreeMap<>();
    Map<String, Map<String, ConsumerAssignment>> toConsumers = new TreeMap<>();
    collect(target, toStreams, toConsumers);
    for (MetaCommand command : recovering ? List.<MetaCommand>of() : difference(toStreams, toConsumers)) {
      if (change(command)) {
        applied.accept(command);
      }
    }
    replaceState(target);
    compaction.restored(snapshot.lastIndex());
  }

  /**
   * What turns the current placements into {@code toStreams} and {@code toConsumers}, in an order
   * the node can carry out: consumers gone (or re-created under another group) are removed; streams
   * gone (or re-created) are removed; a kept stream re-placed, or one of its consumers re-placed,
   * is a {@code Reassign} (with the new configuration if it changed and the consumers moved),
   * otherwise a changed configuration an {@code UpdateStream}; a consumer whose configuration alone
   * changed an {@code UpdateConsumer}; then new streams and consumers are assigned.
   */
  private List<MetaCommand> difference(
      Map<String, StreamAssignment> toStreams, Map<String, Map<String, ConsumerAssignment>> toConsumers) {
    List<MetaCommand> removals = new ArrayList<>();
    List<MetaCommand> changes = new ArrayList<>();
    List<MetaCommand> additions = new ArrayList<>();
    for (StreamAssignment now : streams.values()) {
      StreamAssignment to = toStreams.get(now.stream());
      if (to == null || !to.group().equals(now.group())) {
        removals.add(new MetaCommand.RemoveStream(now.stream(), "", ""));
      }
    }
    for (StreamAssignment to : toStreams.values()) {
      String name = to.stream();
      Map<String, ConsumerAssignment> toOf = toConsumers.getOrDefault(name, Map.of());
      StreamAssignment now = streams.get(name);
      if (now == null || !now.group().equals(to.group())) {
        additions.add(new MetaCommand.AssignStream(to));
        toOf.values().forEach(ca -> additions.add(new MetaCommand.AssignConsumer(ca)));
        continue;
      }
      Map<String, ConsumerAssignment> nowOf = consumers(name);
      for (ConsumerAssignment ca : nowOf.values()) {
        ConsumerAssignment t = toOf.get(ca.name());
        if (t == null || !t.group().equals(ca.group())) {
          removals.add(0, new MetaCommand.RemoveConsumer(name, ca.name(), "", ""));
        }
      }
      List<MetaCommand.ConsumerMove> moves = new ArrayList<>();
      List<MetaCommand> consumerUpdates = new ArrayList<>();
      for (ConsumerAssignment t : toOf.values()) {
        ConsumerAssignment ca = nowOf.get(t.name());
        if (ca == null || !ca.group().equals(t.group())) {
          additions.add(new MetaCommand.AssignConsumer(t));
        } else if (!ca.peers().equals(t.peers())) {
          moves.add(new MetaCommand.ConsumerMove(t.name(), t.peers(), ca.config().equals(t.config()) ? null : t.config()));
        } else if (!ca.config().equals(t.config())) {
          consumerUpdates.add(new MetaCommand.UpdateConsumer(name, t.name(), t.config(), "", ""));
        }
      }
      boolean configChanged = !now.config().equals(to.config());
      if (!now.peers().equals(to.peers()) || !moves.isEmpty()) {
        changes.add(new MetaCommand.Reassign(
            name, to.peers(), configChanged ? to.config() : null, moves, List.of(), "", ""));
      } else if (configChanged) {
        changes.add(new MetaCommand.UpdateStream(to.config(), "", ""));
      }
      changes.addAll(consumerUpdates);
    }
    List<MetaCommand> out = new ArrayList<>(removals);
    out.addAll(changes);
    out.addAll(additions);
    return out;
  }

  /** The maps hold exactly the assignments of a snapshot. */
  private void replaceState(List<MetaCommand> assignments) {
    streams.clear();
    consumers.clear();
    collect(assignments, streams, consumers);
  }

  private static void collect(
      List<MetaCommand> assignments,
      Map<String, StreamAssignment> toStreams,
      Map<String, Map<String, ConsumerAssignment>> toConsumers) {
    for (MetaCommand c : assignments) {
      if (c instanceof MetaCommand.AssignStream a) {
        toStreams.put(a.assignment().stream(), a.assignment());
      } else if (c instanceof MetaCommand.AssignConsumer a) {
        ConsumerAssignment ca = a.assignment();
        toConsumers.computeIfAbsent(ca.stream(), x -> new TreeMap<>()).put(ca.name(), ca);
      }
    }
  }
}
