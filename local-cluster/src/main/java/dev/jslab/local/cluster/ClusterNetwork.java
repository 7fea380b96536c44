package dev.jslab.local.cluster;

import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.route.RoutedMessage;
import dev.jslab.local.sim.LinkFaults;
import dev.jslab.local.sim.NetworkEvent;
import dev.jslab.local.sim.VirtualNetwork;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * The network between a live cluster's nodes: Raft messages and routed client messages go
 * through a {@link VirtualNetwork} paced by the wall clock on a thread of its own, so links can be
 * slowed, cut one way or partitioned while the cluster runs; each delivery is handed to the
 * receiving node's thread. Between two nodes frames arrive in the order they were sent unless the
 * link reorders.
 *
 * <p>The observer hears of the Raft messages only: route frames, one or more per client message,
 * would flood the cluster's event stream.
 *
 * <p>Thread-safe: every call hops onto the network's thread.
 */
final class ClusterNetwork implements AutoCloseable {
  /** What travels between two nodes. */
  sealed interface Frame permits GroupMessage, GroupBatch, RouteFrame {}

  /** A Raft message of one group. */
  record GroupMessage(String group, RaftMessage message) implements Frame {}

  /** Raft messages of a node's groups sent in one task, in order. */
  record GroupBatch(java.util.List<GroupMessage> messages) implements Frame {
    public GroupBatch {
      messages = java.util.List.copyOf(messages);
    }
  }

  /** A client message on a route (nats-server's {@code RMSG}). */
  record RouteFrame(java.util.List<RoutedMessage> messages) implements Frame {
    public RouteFrame {
      messages = java.util.List.copyOf(messages);
    }

    /** One message alone. */
    public RouteFrame(RoutedMessage message) {
      this(java.util.List.of(message));
    }
  }

  private final ScheduledThreadPoolExecutor thread;
  private final VirtualNetwork<Frame> network;
  /**
   * Per directed link (sender, then receiver): Raft sent, delivered, dropped, then routed sent,
   * delivered, dropped. Written on the network's thread, read from any.
   */
  private final java.util.concurrent.ConcurrentHashMap<String,
          java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLongArray>>
      traffic = new java.util.concurrent.ConcurrentHashMap<>();

  ClusterNetwork(String cluster, long seed, Consumer<NetworkEvent<Frame>> observer) {
    this.thread =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "network-" + cluster);
              t.setDaemon(true);
              return t;
            });
    thread.setRemoveOnCancelPolicy(true);
    this.network =
        new VirtualNetwork<>(
            new LiveScheduler(thread, java.time.Clock.systemUTC()),
            new SplittableRandom(seed),
            event -> {
              count(event);
              if (!(event.message() instanceof RouteFrame)) {
                observer.accept(event);
              }
            });
  }

  /** On the network's thread: counts the messages {@code event} is about on its link. */
  private void count(NetworkEvent<Frame> event) {
    Frame frame = event.message();
    int messages =
        frame instanceof GroupBatch b ? b.messages().size()
            : frame instanceof RouteFrame r ? r.messages().size()
            : 1;
    int column =
        (frame instanceof RouteFrame ? 3 : 0)
            + (event instanceof NetworkEvent.Sent<Frame> ? 0 : event instanceof NetworkEvent.Delivered<Frame> ? 1 : 2);
    traffic
        .computeIfAbsent(event.from(), k -> new java.util.concurrent.ConcurrentHashMap<>())
        .computeIfAbsent(event.to(), k -> new java.util.concurrent.atomic.AtomicLongArray(6))
        .addAndGet(column, messages);
  }

  /** What crossed each directed link so far, by link; links nothing was sent on are left out. Any thread. */
  List<LinkTraffic> traffic() {
    List<LinkTraffic> out = new java.util.ArrayList<>();
    new java.util.TreeMap<>(traffic).forEach((from, links) -> new java.util.TreeMap<>(links).forEach(
        (to, c) -> out.add(new LinkTraffic(from, to, c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5)))));
    return out;
  }

  /** Puts {@code node} on the network; what it receives runs on {@code nodeThread}. */
  void attach(String node, Executor nodeThread, Consumer<Frame> inbox) {
    onNetwork(
        () ->
            network.attach(
                node,
                (from, message) -> {
                  try {
                    nodeThread.execute(() -> inbox.accept(message));
                  } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the node's thread has ended: the message is lost, as to a dead process
                  }
                }));
  }

  /** Sends from {@code from} to {@code to}. Any thread. */
  void send(String from, String to, Frame message) {
    onNetwork(() -> network.send(from, to, message));
  }

  /** Takes {@code node} off the network while it is down, or puts it back. */
  void setDown(String node, boolean down) {
    onNetwork(() -> network.setDown(node, down));
  }

  /** Cuts the links between the groups (nodes in none form one more). */
  void partition(Collection<? extends Collection<String>> groups) {
    List<List<String>> copy = groups.stream().map(List::copyOf).toList();
    onNetwork(() -> network.partition(copy));
  }

  /** Restores every link. */
  void heal() {
    onNetwork(network::heal);
  }

  /** Sets the faults of every link. */
  void setDefaultFaults(LinkFaults faults) {
    onNetwork(() -> network.setDefaultFaults(faults));
  }

  /** Sets the faults of the directed link {@code from → to}. */
  void setFaults(String from, String to, LinkFaults faults) {
    onNetwork(() -> network.setFaults(from, to, faults));
  }

  /** The links cut now, as {@code [from, to]} pairs (waits for the network's thread). */
  List<List<String>> cutLinks() {
    return java.util.concurrent.CompletableFuture.supplyAsync(network::cutLinks, thread).join();
  }

  private void onNetwork(Runnable action) {
    try {
      thread.execute(action);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the cluster is closing
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
