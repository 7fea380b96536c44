package dev.jslab.local.cluster;

import dev.jslab.engine.monitor.RaftGroupFacts;
import dev.jslab.engine.raft.InMemoryRaftStorage;
import dev.jslab.engine.raft.MapDbRaftStorage;
import dev.jslab.engine.raft.RaftStorage;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.time.Scheduler;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A node's seat in the cluster's meta group across its starts and stops: opens the node's Raft
 * state (MapDB under {@code <data>/raft}, or memory kept across restarts for a node that may
 * write nothing to disk), seats a {@link MetaMember} while the node runs, and takes the node off
 * the cluster network while it is down.
 *
 * <p>Confined to the node's thread, except {@link #view}, a volatile read.
 */
final class MetaSeat {
  private final String node;
  private final Path dataDir;
  private final boolean memory;
  private final ClusterNetwork network;
  private final List<String> members;
  private final RaftTimings timings;
  private final Scheduler scheduler;
  private final Consumer<MetaView> changed;
  private MetaMember member;
  private RaftStorage storage;
  private InMemoryRaftStorage memoryStorage;
  private volatile Optional<MetaView> view = Optional.empty();

  MetaSeat(
      String node,
      Path dataDir,
      boolean memory,
      ClusterNetwork network,
      List<String> members,
      RaftTimings timings,
      Scheduler scheduler,
      Consumer<MetaView> changed) {
    this.node = node;
    this.dataDir = dataDir;
    this.memory = memory;
    this.network = network;
    this.members = List.copyOf(members);
    this.timings = timings;
    this.scheduler = scheduler;
    this.changed = changed;
    network.setDown(node, true);
  }

  /** The node runs (its {@code starts}-th start): it joins the group from its stored state. */
  void start(long starts) {
    if (memory) {
      if (memoryStorage == null) {
        memoryStorage = new InMemoryRaftStorage();
      }
      storage = memoryStorage;
    } else {
      storage = MapDbRaftStorage.open(dataDir.resolve("raft").resolve(MetaMember.GROUP + ".db"));
    }
    member =
        new MetaMember(
            node,
            members,
            timings,
            storage,
            new SplittableRandom(node.hashCode() * 7919L + starts),
            scheduler,
            network,
            now -> {
              view = Optional.of(now);
              changed.accept(now);
            });
    view = Optional.of(member.view());
    network.setDown(node, false);
  }

  /** The node stops; {@code crash}: as a killed process (what was not committed is lost). */
  void stop(boolean crash) {
    network.setDown(node, true);
    if (member != null) {
      member.close();
      member = null;
    }
    if (storage instanceof MapDbRaftStorage stored) {
      if (crash) {
        stored.crash();
      } else {
        stored.close();
      }
    }
    storage = null;
    view = Optional.empty();
  }

  /** A message of one of the node's groups arrived. */
  void receive(ClusterNetwork.GroupMessage message) {
    if (member != null && MetaMember.GROUP.equals(message.group())) {
      member.receive(message.message());
    }
  }

  /** Hands over meta leadership if the node has it. */
  void stepDown() {
    if (member != null) {
      member.stepDown();
    }
  }

  /** The node's view of the group while it runs. Any thread. */
  Optional<MetaView> view() {
    return view;
  }

  /** What {@code /raftz} shows of the group, while the node runs. */
  List<RaftGroupFacts> facts() {
    return member == null ? List.of() : List.of(new RaftGroupFacts(member.status(), member.everHadLeader()));
  }
}
