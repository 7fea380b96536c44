package dev.jslab.local.cluster;

import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.hub.MessageHub;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.jetstream.StreamStorage;
import dev.jslab.engine.node.JetStreamNode;
import dev.jslab.engine.monitor.MonitorInput;
import dev.jslab.engine.monitor.ServerFacts;
import dev.jslab.local.net.ClientListener;
import dev.jslab.local.net.MonitorListener;
import dev.jslab.local.route.InterestRegistry;
import dev.jslab.local.route.NodeRoutes;
import dev.jslab.engine.node.NodeConfig;
import dev.jslab.engine.node.NodeRecovery;
import dev.jslab.engine.api.handler.ApiAudit;
import dev.jslab.local.net.ClientPortOptions;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import dev.jslab.engine.protocol.ServerId;
import java.util.concurrent.CompletableFuture;
import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.node.NodeEnvironment;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hosts one engine node on its own thread: the node is created, used and closed only there, so
 * the engine needs no locks. Lifecycle commands are queued to that thread and complete when done.
 * A graceful stop goes through lame-duck mode first: the client port stops accepting, clients are
 * told ({@code "ldm":true}), and after the grace period the node closes them and stops. In a
 * cluster the node's hub routes client messages to the other nodes ({@link #joinRoutes}); what
 * they route here arrives over the cluster network and is handled on the node's thread.
 *
 * <p>Thread-safe: any thread may call the public methods. {@link #snapshot()} is a volatile read.
 */
final class NodeRunner {
  /** Reports a state change: the new snapshot and the event to publish for it. */
  interface Reporter {
    void report(NodeSnapshot snapshot, EventFactory event);
  }

  /** Builds the event once the cluster has assigned its sequence number and time. */
  interface EventFactory {
    ClusterEvent create(long seq, long atMillis);
  }

  private final NodeConfig config;
  private final ScheduledExecutorService thread;
  private final NodeEnvironment environment;
  private final Reporter reporter;
  private final LiveScheduler scheduler;
  private final MessageHub hub; // confined to `thread`
  private final int requestedPort;
  /**
   * An in-memory cluster node's file streams' stores, kept across its restarts as its seat keeps
   * their Raft logs (a replica resumes from them).
   */
  private final StreamStorage keptFiles = StreamStorage.kept();
  /** Whether the node keeps nothing on disk ({@link JetStreamNode#openInMemory}). */
  private final boolean memory;
  private static final ProcessSampler PROCESS = new ProcessSampler();
  private final MonitoringPort monitoring;
  private JsApi api; // confined to `thread`
  private final SplittableRandom serverIds; // confined to `thread`: a new server id per start
  private String serverId; // confined to `thread`
  private final ClientPortOptions clientOptions;
  private final String cluster;
  /** The node's JetStream domain, empty for none. */
  private final String domain;
  private final Runnable clientUrlsChanged;
  private volatile List<String> connectUrls = List.of();
  private CompletableFuture<NodeSnapshot> lameDuckDone; // confined to `thread`
  /** The node's seat in its cluster (meta group, stream replicas); null: a single server. */
  private volatile ClusterSeat seat;
  /** Set while a refresh of remote interest is queued on the node's thread. */
  private final java.util.concurrent.atomic.AtomicBoolean interestRefreshDue =
      new java.util.concurrent.atomic.AtomicBoolean();
  /** The node's routes to the other nodes; null: a single server. Confined to `thread`. */
  private NodeRoutes routes;
  /** What the monitoring port serves besides monitoring (the cluster's control API), or null. */
  private volatile MonitorListener.Extra control;
  /** Set while the node's thread is frozen by {@link #pause}; counted down to wake it. */
  private volatile java.util.concurrent.CountDownLatch pausedLatch;
  /** What a woken frozen thread does first instead of resuming (a kill, a power cut). */
  private final java.util.concurrent.atomic.AtomicReference<Runnable> onWake =
      new java.util.concurrent.atomic.AtomicReference<>();
  private volatile NodeSnapshot snapshot;
  private volatile ClientListener listener; // written on `thread`
  private int boundPort; // confined to `thread`: kept across restarts
  private JetStreamNode node; // confined to `thread`

  NodeRunner(NodeConfig config, Reporter reporter) {
    this(config, reporter, 0);
  }

  /** A runner whose node listens for NATS clients on {@code port} (0: an ephemeral port). */
  NodeRunner(NodeConfig config, Reporter reporter, int port) {
    this(config, reporter, port, -1);
  }

  /**
   * A runner whose node listens for NATS clients on {@code port} and serves HTTP monitoring on
   * {@code httpPort} (0: ephemeral ports; -1 for {@code httpPort}: no monitoring).
   */
  NodeRunner(NodeConfig config, Reporter reporter, int port, int httpPort) {
    this(config, reporter, port, httpPort, false, ClientPortOptions.defaults(), "", "", () -> {});
  }

  /**
   * A runner whose node listens for NATS clients on {@code port} with {@code clientOptions} and
   * serves HTTP monitoring on {@code httpPort} (0: ephemeral ports; -1 for {@code httpPort}: no
   * monitoring); with {@code memory} it keeps nothing on disk. INFO names {@code cluster} (empty
   * for a single server); its JetStream serves {@code domain} (empty for none); {@code
   * clientUrlsChanged} is called (from its thread) whenever the URL it advertises comes or goes.
   */
  NodeRunner(
      NodeConfig config,
      Reporter reporter,
      int port,
      int httpPort,
      boolean memory,
      ClientPortOptions clientOptions,
      String cluster,
      String domain,
      Runnable clientUrlsChanged) {
    this.memory = memory;
    this.domain = domain;
    this.config = config;
    this.requestedPort = port;
    this.clientOptions = clientOptions;
    this.cluster = cluster;
    this.clientUrlsChanged = clientUrlsChanged;
    this.reporter = reporter;
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "node-" + config.name());
              t.setDaemon(true);
              return t;
            });
    // a stopping node's timers must not keep its thread alive (or run after it stopped)
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    this.thread = executor;
    this.monitoring = new MonitoringPort(config.name(), httpPort, executor, memory, config.dataDir(), cluster, domain);
    this.scheduler = new LiveScheduler(thread, java.time.Clock.systemUTC());
    this.hub = new MessageHub(new java.util.SplittableRandom(config.name().hashCode() * 31L));
    this.serverIds = new SplittableRandom(config.name().hashCode() * 13L);
    // what the node sends goes to the client subscriptions, then out on their sockets
    this.environment =
        new NodeEnvironment(
            scheduler,
            this::send,
            new java.util.SplittableRandom(config.name().hashCode()),
            SyncPolicy.DEFAULT_INTERVAL,
            domain,
            hub::hasInterest);
    this.snapshot =
        new NodeSnapshot(
            config.name(),
            NodeState.STOPPED,
            config.dataDir(),
            0,
            false,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
  }

  String name() {
    return config.name();
  }

  /** The node's JetStream domain, empty for none. */
  String domain() {
    return domain;
  }

  /** The cluster the node belongs to, empty for a single server. */
  String cluster() {
    return cluster;
  }

  /**
   * Puts the node on the cluster network: what reaches it there (Raft messages of its groups,
   * routed client messages) is handled on its thread. Call before the first start.
   */
  void joinNetwork(ClusterNetwork net) {
    net.attach(name(), thread, this::receive);
  }

  /** On the node's thread: a frame from another node. */
  private void receive(ClusterNetwork.Frame frame) {
    if (frame instanceof ClusterNetwork.GroupMessage group) {
      ClusterSeat s = seat;
      if (s != null) {
        s.receive(group);
      }
    } else if (frame instanceof ClusterNetwork.GroupBatch batch) {
      ClusterSeat s = seat;
      if (s != null) {
        batch.messages().forEach(s::receive);
      }
    } else if (frame instanceof ClusterNetwork.RouteFrame route && node != null) {
      route.messages().forEach(hub::receiveRouted);
      ClientListener l = listener;
      if (l != null) {
        l.requestDrain();
      }
    }
  }

  /**
   * Routes client messages to and from the other nodes of the cluster over {@code net}, with the
   * cluster's interest kept in {@code registry}. Call before the first start.
   */
  void joinRoutes(ClusterNetwork net, InterestRegistry registry) {
    NodeRoutes nodeRoutes =
        new NodeRoutes(
            name(),
            registry,
            new FrameBatcher<dev.jslab.engine.route.RoutedMessage>(
                    thread, (to, messages) -> net.send(name(), to, new ClusterNetwork.RouteFrame(messages)))
                ::send,
            new SplittableRandom(config.name().hashCode() * 37L));
    // push consumers here hear of subscribers coming and going on the other nodes
    registry.onChangeByOthers(name(), () -> {
      if (interestRefreshDue.compareAndSet(false, true)) { // many changes, one refresh
        try {
          thread.execute(() -> {
            interestRefreshDue.set(false);
            hub.remoteInterestChanged();
          });
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // the node's thread has ended
        }
      }
    });
    CompletableFuture.runAsync(
            () -> {
              routes = nodeRoutes;
              hub.setRoutes(nodeRoutes);
            },
            thread)
        .join();
  }

  /**
   * Gives the node its seat in the cluster (meta group, stream and consumer replicas) from its next
   * start on: it talks to the other members over {@code net} (which it must have {@linkplain
   * #joinNetwork joined}). Call before the first start.
   */
  void joinCluster(ClusterNetwork net, List<String> members, dev.jslab.engine.raft.RaftTimings timings) {
    ClusterSeat joined =
        new ClusterSeat(
            name(),
            cluster,
            config.dataDir(),
            memory,
            net,
            members,
            timings,
            scheduler,
            thread,
            new ClusterSeat.Observer() {
              @Override
              public void metaChanged(MetaView view) {
                reporter.report(snapshot, (seq, at) -> new ClusterEvent.MetaChanged(seq, at, name(), view));
              }

              @Override
              public void streamLeadersChanged(java.util.Map<String, String> leaders) {
                reporter.report(
                    snapshot, (seq, at) -> new ClusterEvent.StreamLeadersChanged(seq, at, name(), leaders));
              }

              @Override
              public void raftEvent(dev.jslab.engine.raft.RaftEvent event) {
                reporter.report(snapshot, (seq, at) -> new ClusterEvent.RaftGroupEvent(seq, at, name(), event));
              }
            });
    this.seat = joined;
  }

  /** This node's view of the meta group while it runs. Any thread. */
  Optional<MetaView> metaView() {
    ClusterSeat s = seat;
    return s == null ? Optional.empty() : s.view();
  }

  /** The replicated streams this node holds, with the leader it knows ("" for none). Any thread. */
  java.util.Map<String, String> streamLeaders() {
    ClusterSeat s = seat;
    return s == null ? java.util.Map.of() : s.streamLeaders();
  }

  /** What the node knows of each of its streams while it runs (nothing when it does not). */
  CompletableFuture<List<StreamFacts>> streamFacts() {
    return askRunning(() -> {
      var js = node.jetStream();
      return js.streams().stream()
          .map(s -> new StreamFacts(
              name(), domain, s.name(), s.lastSeq(), s.isLeader(), mirrorOf(js, s)))
          .toList();
    });
  }

  /**
   * How the mirror of {@code s} is doing: from its sourcing while this copy leads, else (a
   * follower copies nothing) its origin as configured, never heard from.
   */
  private static Optional<dev.jslab.engine.sourcing.StreamSourceInfo> mirrorOf(
      dev.jslab.engine.jetstream.JetStream js, dev.jslab.engine.stream.Stream s) {
    var live = js.mirrorInfo(s.name());
    var origin = s.config().mirror();
    if (live.isPresent() || origin == null) {
      return live;
    }
    return Optional.of(new dev.jslab.engine.sourcing.StreamSourceInfo(
        origin.name(), origin.external(), 0, -1, null, origin.filterSubject(), origin.subjectTransforms()));
  }

  /** The status of every Raft group the node is a member of while it runs (none when it does not). */
  CompletableFuture<List<RaftGroupView>> raftGroups() {
    return askRunning(() -> seat == null ? List.of() : seat.groups(domain));
  }

  /** Asks the running node on its thread; an empty list when it does not run or cannot tell. */
  private <T> CompletableFuture<List<T>> askRunning(java.util.function.Supplier<List<T>> question) {
    try {
      return CompletableFuture.supplyAsync(
              () -> node == null || !node.isOpen() ? List.<T>of() : question.get(), thread)
          .exceptionally(e -> List.of());
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.completedFuture(List.of()); // its thread has ended
    }
  }

  /** Hands over leadership of {@code stream} if this node has it; completes with whether it had. */
  CompletableFuture<Boolean> stepDownStream(String stream) {
    return CompletableFuture.supplyAsync(() -> seat != null && seat.stepDownStream(stream), thread)
        .exceptionally(e -> false);
  }

  /** Hands over meta leadership if this node has it; no-op otherwise. */
  CompletableFuture<NodeSnapshot> stepDownMeta() {
    return onNodeThread(() -> {
      if (seat != null) {
        seat.stepDown();
      }
    });
  }

  /** Serves {@code extra} on the monitoring port from the next start on. Any thread. */
  void serveOnMonitoringPort(MonitorListener.Extra extra) {
    this.control = extra;
  }

  /** The NATS client URL while the node runs, else empty. */
  Optional<String> clientUrl() {
    ClientListener l = listener;
    return l == null ? Optional.empty() : Optional.of(l.url());
  }

  /** The HTTP monitoring URL while the node runs with monitoring, else empty. */
  Optional<String> monitorUrl() {
    return monitoring.url();
  }

  /**
   * {@code 127.0.0.1:<port>} while the node runs and accepts clients (not in lame-duck mode), as
   * the cluster advertises it in {@code connect_urls}.
   */
  Optional<String> advertisedHostPort() {
    ClientListener l = listener;
    return l == null || l.isLameDuck() ? Optional.empty() : Optional.of(l.hostPort());
  }

  /** The cluster's client URLs as this node advertises them, its own first. Any thread. */
  void connectUrls(List<String> urls) {
    connectUrls = List.copyOf(urls);
    ClientListener l = listener;
    if (l != null) {
      l.updateConnectUrls(connectUrls);
    }
  }

  private void send(OutboundMessage message) {
    hub.send(message);
    ClientListener l = listener;
    if (l != null) {
      l.requestDrain();
    }
  }

  NodeSnapshot snapshot() {
    return snapshot;
  }

  /** Opens the node from its data directory; no-op when it is already running. */
  CompletableFuture<NodeSnapshot> start() {
    return onNodeThread(this::doStart);
  }

  /** Stops the node abruptly; no-op when it is not running. A paused node is killed at once. */
  CompletableFuture<NodeSnapshot> kill() {
    return stopAbruptly(
        JetStreamNode::crash, NodeState.KILLED, (seq, at) -> new ClusterEvent.NodeKilled(seq, at, name()));
  }

  /**
   * Cuts the node's power: it stops abruptly and only what it had synced to disk survives (with
   * the default sync interval, recent acknowledged messages can be gone); no-op when it is not
   * running. A paused node is cut at once.
   */
  CompletableFuture<NodeSnapshot> powerCut() {
    return stopAbruptly(
        JetStreamNode::powerLoss,
        NodeState.POWERED_OFF,
        (seq, at) -> new ClusterEvent.NodePowerCut(seq, at, name()));
  }

  /** Stops the node {@code how}, at once even when it is paused (nothing it queued runs first). */
  private CompletableFuture<NodeSnapshot> stopAbruptly(
      Consumer<JetStreamNode> how, NodeState state, EventFactory event) {
    Runnable stop = () -> stopWith(how, state, event);
    wakeToDo(stop);
    return onNodeThread(stop);
  }

  /**
   * Freezes the node as {@code kill -STOP} freezes a process: its thread stops working, clients
   * stay connected and get no answers, its timers wait; no-op when it is not running. The future
   * completes once it is frozen.
   */
  CompletableFuture<NodeSnapshot> pause() {
    CompletableFuture<NodeSnapshot> frozen = new CompletableFuture<>();
    try {
      thread.execute(() -> freeze(frozen));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      frozen.completeExceptionally(e);
    }
    return frozen;
  }

  /** On the node's thread: stays frozen until {@link #resume} or a command that ends the pause. */
  private void freeze(CompletableFuture<NodeSnapshot> frozen) {
    if (node == null || pausedLatch != null) {
      frozen.complete(snapshot);
      return;
    }
    java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
    pausedLatch = latch;
    publish(snapshot.paused(), (seq, at) -> new ClusterEvent.NodePaused(seq, at, name()));
    frozen.complete(snapshot);
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    pausedLatch = null;
    Runnable first = onWake.getAndSet(null);
    if (first != null) {
      first.run();
    } else if (node != null) {
      publish(snapshot.resumed(), (seq, at) -> new ClusterEvent.NodeResumed(seq, at, name()));
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lets a frozen node run again; no-op when it is not paused. */
  CompletableFuture<NodeSnapshot> resume() {
    java.util.concurrent.CountDownLatch latch = pausedLatch;
    if (latch != null) {
      latch.countDown();
    }
    return onNodeThread(() -> {});
  }

  /**
   * If the node is frozen, wakes it to run {@code action} before anything that waited (a kill
   * reaches a stopped process at once, and nothing it had queued runs first). Any thread.
   */
  private void wakeToDo(Runnable action) {
    java.util.concurrent.CountDownLatch latch = pausedLatch;
    if (latch != null && onWake.compareAndSet(null, action)) {
      latch.countDown();
    }
  }

  /**
   * Stops the node gracefully; no-op when it is not running. Clients are first told the node is
   * in lame-duck mode, and closed with the node after the grace period; a kill or restart meanwhile
   * ends the wait. The future completes once the node has stopped.
   */
  CompletableFuture<NodeSnapshot> stop() {
    CompletableFuture<NodeSnapshot> done = new CompletableFuture<>();
    try {
      thread.execute(
          () -> {
            try {
              enterLameDuck(done);
            } catch (RuntimeException | Error e) {
              done.completeExceptionally(e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  private void enterLameDuck(CompletableFuture<NodeSnapshot> done) {
    if (lameDuckDone != null) {
      lameDuckDone.whenComplete((s, e) -> done.complete(snapshot));
      return;
    }
    ClientListener l = listener;
    long graceMillis = clientOptions.lameDuckGrace().toMillis();
    if (node == null || l == null || graceMillis == 0) {
      stopNow();
      done.complete(snapshot);
      return;
    }
    lameDuckDone = done;
    String own = l.hostPort();
    l.enterLameDuck(connectUrls.stream().filter(u -> !u.equals(own)).toList());
    clientUrlsChanged.run();
    thread.schedule(
        () -> {
          if (lameDuckDone == done) {
            stopNow();
          }
        },
        graceMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Stops the node cleanly now (on its thread). */
  private void stopNow() {
    stopWith(
        JetStreamNode::close,
        NodeState.STOPPED,
        (seq, at) -> new ClusterEvent.NodeStopped(seq, at, name()));
  }

  /** Stops the node cleanly if it runs (a paused one is woken first), then opens it from disk. */
  CompletableFuture<NodeSnapshot> restart() {
    wakeToDo(() -> {});
    return onNodeThread(
        () -> {
          stopWith(
              JetStreamNode::close,
              NodeState.STOPPED,
              (seq, at) -> new ClusterEvent.NodeStopped(seq, at, name()));
          doStart();
        });
  }

  /**
   * Stops the node cleanly (at once, without lame-duck mode, as nats-server on SIGTERM) and ends
   * its thread; waits up to {@code timeoutMillis}.
   */
  void shutdown(long timeoutMillis) throws InterruptedException {
    wakeToDo(() -> {});
    onNodeThread(this::stopNow);
    thread.shutdown();
    thread.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private void doStart() {
    if (node != null) {
      return;
    }
    publish(
        snapshot.withState(NodeState.STARTING),
        (seq, at) -> new ClusterEvent.NodeStarting(seq, at, name()));
    try {
      node =
          memory
              ? JetStreamNode.openInMemory(config, environment, seat == null ? StreamStorage.memory() : keptFiles)
              : JetStreamNode.open(config, environment);
    } catch (RuntimeException | LinkageError e) {
      // the node thread is the root of this work: a node that cannot start is FAILED, not a
      // crashed runner, so the cluster can report it and close cleanly
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      NodeSnapshot failed =
          new NodeSnapshot(
              name(),
              NodeState.FAILED,
              config.dataDir(),
              snapshot.starts(),
              false,
              Optional.of(reason),
              Optional.empty(),
              Optional.empty());
      publish(failed, (seq, at) -> new ClusterEvent.NodeFailed(seq, at, name(), reason));
      return;
    }
    ApiAudit audit =
        new ApiAudit(hub::hasInterest, new SplittableRandom(config.name().hashCode() * 17L), cluster);
    api = new JsApi(node.jetStream(), scheduler, node.jetStream().outbox(), domain, name(), cluster, audit);
    serverId = ServerId.generate(serverIds);
    String xkey = ServerId.generateXKey(serverIds);
    if (routes != null) {
      routes.start();
    }
    hub.attach(node, api);
    String reason = null;
    try {
      ClientListener opened =
          ClientListener.open(
              name(),
              boundPort != 0 ? boundPort : requestedPort,
              thread,
              hub,
              clientOptions,
              scheduler);
      opened.setCluster(cluster);
      opened.setDomain(domain);
      opened.setServerId(serverId);
      opened.setXKey(xkey);
      opened.updateConnectUrls(connectUrls);
      listener = opened;
      boundPort = opened.port();
    } catch (java.io.IOException | RuntimeException e) {
      reason = "cannot listen for clients: " + e.getMessage();
    }
    if (reason == null && monitoring.wanted()) {
      try {
        monitoring.open(serverId, boundPort, scheduler.nowNanos(), control, this::monitorInput);
      } catch (java.io.IOException | RuntimeException e) {
        reason = "cannot listen for monitoring: " + e.getMessage();
        listener.close();
        listener = null;
      }
    }
    if (reason != null) {
      hub.detach();
      if (routes != null) {
        routes.stop();
      }
      node.crash();
      node = null;
      NodeSnapshot failed =
          new NodeSnapshot(
              name(),
              NodeState.FAILED,
              config.dataDir(),
              snapshot.starts(),
              false,
              Optional.of(reason),
              Optional.empty(),
              Optional.empty());
      String why = reason;
      publish(failed, (seq, at) -> new ClusterEvent.NodeFailed(seq, at, name(), why));
      return;
    }
    NodeRecovery recovery = node.recovery();
    NodeSnapshot running =
        new NodeSnapshot(
            name(),
            NodeState.RUNNING,
            config.dataDir(),
            recovery.starts(),
            recovery.recoveredFromCrash(),
            Optional.empty(),
            clientUrl(),
            monitorUrl());
    if (seat != null) {
      seat.start(recovery.starts(), node.jetStream(), api);
    }
    publish(
        running,
        (seq, at) ->
            new ClusterEvent.NodeStarted(
                seq, at, name(), recovery.starts(), recovery.recoveredFromCrash()));
    clientUrlsChanged.run();
  }

  /** On the node's thread: what monitoring reports of the node now, or null while it does not run. */
  private MonitorInput monitorInput(ServerFacts facts) {
    ClientListener l = listener;
    if (node == null || l == null) {
      return null;
    }
    return new MonitorInput(
        facts,
        PROCESS.sample(),
        scheduler.nowNanos(),
        l.connectionViews(),
        l.traffic(),
        l.subscriptionCount(),
        node.isOpen() ? node.jetStream() : null,
        api.apiTotal(),
        api.apiErrors(),
        l.isLameDuck() ? List.of() : connectUrls,
        seat == null ? List.of() : seat.facts());
  }

  private void stopWith(Consumer<JetStreamNode> how, NodeState state, EventFactory event) {
    if (node == null) {
      return;
    }
    try {
      monitoring.close();
      ClientListener l = listener;
      listener = null;
      if (l != null) {
        l.close();
      }
      hub.detach();
      if (routes != null) {
        routes.stop();
      }
      if (seat != null) {
        seat.stop(state != NodeState.STOPPED, state == NodeState.POWERED_OFF);
      }
      how.accept(node);
    } finally {
      node = null;
      publish(snapshot.withState(state), event);
      clientUrlsChanged.run();
      CompletableFuture<NodeSnapshot> waiting = lameDuckDone;
      lameDuckDone = null;
      if (waiting != null) {
        waiting.complete(snapshot);
      }
    }
  }

  private void publish(NodeSnapshot next, EventFactory event) {
    snapshot = next;
    if (event != null) {
      reporter.report(next, event);
    }
  }

  private CompletableFuture<NodeSnapshot> onNodeThread(Runnable action) {
    return CompletableFuture.runAsync(action, thread).thenApply(ignored -> snapshot);
  }
}
