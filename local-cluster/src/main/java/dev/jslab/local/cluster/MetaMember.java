package dev.jslab.local.cluster;

import dev.jslab.engine.raft.RaftConfig;
import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.raft.RaftNode;
import dev.jslab.engine.raft.RaftStorage;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.raft.Ready;
import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A node's member of the meta group ({@code _meta_}): drives its {@link RaftNode} on the node's
 * thread — timers from the node's scheduler, messages through the cluster network, state persisted
 * before anything is sent — and reports the node's view of the group when it changes.
 *
 * <p>Not thread-safe: confined to the node's thread.
 */
final class MetaMember {
  /** nats-server's name for the group every JetStream server of a cluster joins. */
  static final String GROUP = "_meta_";

  private final String self;
  private final Scheduler scheduler;
  private final RaftStorage storage;
  private final RaftNode node;
  private final ClusterNetwork network;
  private final Consumer<MetaView> changed;
  private MetaView view;
  private Timer timer;
  private boolean closed;
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
    this.scheduler = scheduler;
    this.storage = storage;
    this.network = network;
    this.changed = changed;
    this.node =
        new RaftNode(RaftConfig.of(GROUP, self, members, timings), storage.load(), random, scheduler.nowNanos());
    this.view = viewNow();
    arm();
  }

  /** A message of the meta group arrived. */
  void receive(RaftMessage message) {
    if (!closed) {
      catchUp();
      handle(node.step(message));
    }
  }

  /** Hands leadership over, if this node leads. */
  void stepDown() {
    if (!closed) {
      catchUp();
      handle(node.transferLeadership(Optional.empty()));
    }
  }

  /**
   * Tells the Raft node what time it is before another input: it times what it does next (an
   * election timeout reset by a heartbeat) from the time of its last {@code advance}.
   */
  private void catchUp() {
    handle(node.advance(scheduler.nowNanos()));
  }

  MetaView view() {
    return view;
  }

  /** The member's Raft status now. */
  dev.jslab.engine.raft.RaftStatus status() {
    return node.status();
  }

  /** Whether the member has known a leader since it started. */
  boolean everHadLeader() {
    return everHadLeader;
  }

  /** Stops taking part; storage stays as it is. */
  void close() {
    closed = true;
    if (timer != null) {
      timer.cancel();
    }
  }

  private void arm() {
    if (timer != null) {
      timer.cancel();
    }
    long at = node.nextDeadlineNanos();
    if (!closed && at != Long.MAX_VALUE) {
      timer = scheduler.schedule(at - scheduler.nowNanos(), () -> {
        if (!closed) {
          handle(node.advance(scheduler.nowNanos()));
        }
      });
    }
  }

  /** Persist, then send, then apply (the meta group has no commands to apply yet). */
  private void handle(Ready ready) {
    storage.persist(ready);
    ready.messages().forEach(e -> network.send(self, e.to(), new ClusterNetwork.GroupMessage(GROUP, e.message())));
    ready.committed().forEach(e -> node.applied(e.index()));
    everHadLeader |= node.leader().isPresent();
    MetaView now = viewNow();
    if (!now.equals(view)) {
      view = now;
      changed.accept(now);
    }
    arm();
  }

  private MetaView viewNow() {
    return new MetaView(
        node.role().name().toLowerCase(Locale.ROOT).replace('_', '-'), node.term(), node.leader());
  }
}
