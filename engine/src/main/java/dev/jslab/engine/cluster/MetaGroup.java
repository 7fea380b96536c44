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
import dev.jslab.engine.time.Scheduler;
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
    this.driver = new RaftDriver(node, storage, scheduler, this);
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
    if (entry.type() != EntryType.COMMAND) {
      return;
    }
    MetaCommand command = MetaCommandCodec.decode(entry.data());
    if (command instanceof MetaCommand.AssignStream a) {
      if (streams.putIfAbsent(a.assignment().stream(), a.assignment()) != null) {
        return; // a second create of the same name raced the first: the first placement stands
      }
    } else if (command instanceof MetaCommand.UpdateStream u) {
      StreamAssignment old = streams.get(u.config().name());
      if (old == null) {
        return;
      }
      streams.put(old.stream(), old.withConfig(u.config()));
    } else if (command instanceof MetaCommand.RemoveStream r) {
      if (streams.remove(r.stream()) == null) {
        return;
      }
      consumers.remove(r.stream());
    } else if (command instanceof MetaCommand.Reassign r) {
      StreamAssignment old = streams.get(r.stream());
      if (old == null) {
        return;
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
        return; // its stream went first, or a second create raced the first
      }
      consumers.computeIfAbsent(ca.stream(), s -> new TreeMap<>()).put(ca.name(), ca);
    } else if (command instanceof MetaCommand.UpdateConsumer u) {
      ConsumerAssignment old = consumers(u.stream()).get(u.name());
      if (old == null) {
        return;
      }
      consumers.get(u.stream()).put(u.name(), old.withConfig(u.config()));
    } else if (command instanceof MetaCommand.RemoveConsumer r) {
      Map<String, ConsumerAssignment> of = consumers.get(r.stream());
      if (of == null || of.remove(r.name()) == null) {
        return;
      }
    }
    applied.accept(command);
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
  }
}
