package dev.jslab.local.cluster;

import dev.jslab.engine.raft.Entry;
import dev.jslab.engine.raft.Envelope;
import dev.jslab.engine.raft.RaftConfig;
import dev.jslab.engine.raft.RaftDriver;
import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.raft.RaftNode;
import dev.jslab.engine.raft.RaftStorage;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.time.Scheduler;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A node's member of the meta group ({@code _meta_}): a {@link RaftDriver} on the node's thread —
 * timers from the node's scheduler, messages through the cluster network, state persisted before
 * anything is sent — that reports the node's view of the group when it changes.
 *
 * <p>Not thread-safe: confined to the node's thread.
 */
final class MetaMember implements RaftDriver.Effects {
  /** nats-server's name for the group every JetStream server of a cluster joins. */
  static final String GROUP = "_meta_";

  private final String self;
  private final ClusterNetwork network;
  private final Consumer<MetaView> changed;
  private final RaftDriver driver;
  private MetaView view;
  private boolean everHadLeader;

  MetaMember(
      String self,
      List<String> members,
      RaftTimings timings,
      RaftStorage storage,
      RandomGenerator random,
      Scheduler scheduler,
      ClusterNetwork network,
      Consumer<MetaView> changed) {
    this.self = self;
    this.network = network;
    this.changed = changed;
    RaftNode node =
        new RaftNode(RaftConfig.of(GROUP, self, members, timings), storage.load(), random, scheduler.nowNanos());
    this.view = viewOf(node);
    this.driver = new RaftDriver(node, storage, scheduler, this);
  }

  /** A message of the meta group arrived. */
  void receive(RaftMessage message) {
    driver.receive(message);
  }

  /** Hands leadership over, if this node leads. */
  void stepDown() {
    driver.transferLeadership(Optional.empty());
  }

  MetaView view() {
    return view;
  }

  /** The member's Raft status now. */
  dev.jslab.engine.raft.RaftStatus status() {
    return driver.node().status();
  }

  /** Whether the member has known a leader since it started. */
  boolean everHadLeader() {
    return everHadLeader;
  }

  /** Stops taking part; storage stays as it is. */
  void close() {
    driver.stop();
  }

  @Override
  public void send(Envelope e) {
    network.send(self, e.to(), new ClusterNetwork.GroupMessage(GROUP, e.message()));
  }

  @Override
  public void apply(Entry entry) {
    // the meta group carries no commands yet
  }

  @Override
  public void afterReady() {
    RaftNode node = driver.node();
    everHadLeader |= node.leader().isPresent();
    MetaView now = viewOf(node);
    if (!now.equals(view)) {
      view = now;
      changed.accept(now);
    }
  }

  private static MetaView viewOf(RaftNode node) {
    return new MetaView(
        node.role().name().toLowerCase(Locale.ROOT).replace('_', '-'), node.term(), node.leader());
  }
}
