package dev.jslab.local.cluster;

import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.hub.MessageHub;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.node.JetStreamNode;
import dev.jslab.engine.monitor.Monitor;
import dev.jslab.engine.monitor.MonitorInput;
import dev.jslab.engine.monitor.MonitorResponse;
import dev.jslab.engine.monitor.ServerFacts;
import dev.jslab.local.net.ClientListener;
import dev.jslab.local.net.MonitorListener;
import dev.jslab.engine.node.NodeConfig;
import dev.jslab.engine.node.NodeRecovery;
import java.util.Optional;
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
  /** The monitoring port asked for: -1 for none, 0 for an ephemeral one. */
  private final int requestedHttpPort;
  /** Whether the node keeps nothing on disk ({@link JetStreamNode#openInMemory}). */
  private final boolean memory;
  private static final ProcessSampler PROCESS = new ProcessSampler();
  private volatile MonitorListener monitorListener; // written on `thread`
  private int boundHttpPort; // confined to `thread`: kept across restarts
  private JsApi api; // confined to `thread`
  private Monitor monitor; // confined to `thread`
  private ServerFacts serverFacts; // confined to `thread`
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
    this(config, reporter, port, httpPort, false);
  }

  /** As {@link #NodeRunner(NodeConfig, Reporter, int, int)}; {@code memory}: nothing on disk. */
  NodeRunner(NodeConfig config, Reporter reporter, int port, int httpPort, boolean memory) {
    this.memory = memory;
    this.config = config;
    this.requestedPort = port;
    this.requestedHttpPort = httpPort;
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
    this.scheduler = new LiveScheduler(thread, java.time.Clock.systemUTC());
    this.hub = new MessageHub(new java.util.SplittableRandom(config.name().hashCode() * 31L));
    // what the node sends goes to the client subscriptions, then out on their sockets
    this.environment =
        new NodeEnvironment(
            scheduler,
            this::send,
            new java.util.SplittableRandom(config.name().hashCode()),
            SyncPolicy.DEFAULT_INTERVAL,
            "",
            hub::hasInterest);
    this.snapshot =
        new NodeSnapshot(
            config.name(), NodeState.STOPPED, config.dataDir(), 0, false, Optional.empty());
  }

  String name() {
    return config.name();
  }

  /** The NATS client URL while the node runs, else empty. */
  Optional<String> clientUrl() {
    ClientListener l = listener;
    return l == null ? Optional.empty() : Optional.of(l.url());
  }

  /** The HTTP monitoring URL while the node runs with monitoring, else empty. */
  Optional<String> monitorUrl() {
    MonitorListener l = monitorListener;
    return l == null ? Optional.empty() : Optional.of(l.url());
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

  /** Stops the node abruptly; no-op when it is not running. */
  CompletableFuture<NodeSnapshot> kill() {
    return onNodeThread(
        () ->
            stopWith(
                JetStreamNode::crash,
                NodeState.KILLED,
                (seq, at) -> new ClusterEvent.NodeKilled(seq, at, name())));
  }

  /** Stops the node cleanly; no-op when it is not running. */
  CompletableFuture<NodeSnapshot> stop() {
    return onNodeThread(
        () ->
            stopWith(
                JetStreamNode::close,
                NodeState.STOPPED,
                (seq, at) -> new ClusterEvent.NodeStopped(seq, at, name())));
  }

  /** Stops the node cleanly if it runs, then opens it again from disk. */
  CompletableFuture<NodeSnapshot> restart() {
    return onNodeThread(
        () -> {
          stopWith(
              JetStreamNode::close,
              NodeState.STOPPED,
              (seq, at) -> new ClusterEvent.NodeStopped(seq, at, name()));
          doStart();
        });
  }

  /** Stops the node cleanly and ends its thread; waits up to {@code timeoutMillis}. */
  void shutdown(long timeoutMillis) throws InterruptedException {
    stop();
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
              ? JetStreamNode.openInMemory(config, environment)
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
              Optional.of(reason));
      publish(failed, (seq, at) -> new ClusterEvent.NodeFailed(seq, at, name(), reason));
      return;
    }
    api = new JsApi(node.jetStream(), scheduler, this::send, "", name());
    hub.attach(node, api);
    String reason = null;
    try {
      listener =
          ClientListener.open(
              name(), boundPort != 0 ? boundPort : requestedPort, thread, hub, scheduler);
      boundPort = listener.port();
    } catch (java.io.IOException | RuntimeException e) {
      reason = "cannot listen for clients: " + e.getMessage();
    }
    if (reason == null && requestedHttpPort >= 0) {
      try {
        openMonitoring();
      } catch (java.io.IOException | RuntimeException e) {
        reason = "cannot listen for monitoring: " + e.getMessage();
        listener.close();
        listener = null;
      }
    }
    if (reason != null) {
      hub.detach();
      node.crash();
      node = null;
      NodeSnapshot failed =
          new NodeSnapshot(
              name(), NodeState.FAILED, config.dataDir(), snapshot.starts(), false, Optional.of(reason));
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
            Optional.empty());
    publish(
        running,
        (seq, at) ->
            new ClusterEvent.NodeStarted(
                seq, at, name(), recovery.starts(), recovery.recoveredFromCrash()));
  }

  /** On the node's thread: serves monitoring on the port it had before, else the one asked for. */
  private void openMonitoring() throws java.io.IOException {
    monitor = new Monitor();
    MonitorListener m =
        MonitorListener.open(
            name(),
            boundHttpPort != 0 ? boundHttpPort : requestedHttpPort,
            thread,
            this::answerMonitoring);
    boundHttpPort = m.port();
    long maxStorage;
    try {
      maxStorage =
          memory
              ? Runtime.getRuntime().maxMemory()
              : java.nio.file.Files.getFileStore(config.dataDir()).getUsableSpace();
    } catch (java.io.IOException e) {
      maxStorage = 0;
    }
    serverFacts =
        new ServerFacts(
            name(),
            name(),
            "127.0.0.1",
            boundPort,
            "127.0.0.1",
            boundHttpPort,
            scheduler.nowNanos(),
            memory ? "" : config.dataDir().toString(),
            Runtime.getRuntime().maxMemory(),
            maxStorage,
            "",
            "");
    monitorListener = m;
  }

  /** On the node's thread: one monitoring request, from the node's state at this moment. */
  private MonitorResponse answerMonitoring(String path, String rawQuery) {
    ClientListener l = listener;
    if (node == null || l == null || monitor == null) {
      return new MonitorResponse(
          503, MonitorResponse.TEXT, "node is not running\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    MonitorInput input =
        new MonitorInput(
            serverFacts,
            PROCESS.sample(),
            scheduler.nowNanos(),
            l.connectionViews(),
            l.traffic(),
            l.subscriptionCount(),
            node.isOpen() ? node.jetStream() : null,
            api.apiTotal(),
            api.apiErrors());
    return monitor.handle(path, rawQuery, input);
  }

  private void stopWith(Consumer<JetStreamNode> how, NodeState state, EventFactory event) {
    if (node == null) {
      return;
    }
    try {
      MonitorListener m = monitorListener;
      monitorListener = null;
      if (m != null) {
        m.close();
      }
      ClientListener l = listener;
      listener = null;
      if (l != null) {
        l.close();
      }
      hub.detach();
      how.accept(node);
    } finally {
      node = null;
      publish(snapshot.withState(state), event);
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
