package dev.jslab.local.cluster;

import dev.jslab.local.net.MonitorListener;
import dev.jslab.local.route.InterestRegistry;
import dev.jslab.engine.node.NodeConfig;
import dev.jslab.local.net.ClientPortOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Many engine nodes in one process, each on its own thread and data directory.
 *
 * <p>Thread-safe. Commands return futures that complete when the node has changed state. Every
 * change is published as one {@link ClusterEvent} with the {@link ClusterSnapshot} right after it,
 * in order, to every {@link ClusterListener}.
 *
 * <p>Every running node of a cluster of two or more advertises the client URLs of all running
 * nodes ({@code connect_urls} in INFO, its own first) and names the cluster; clients that take
 * asynchronous INFO hear when a node comes or goes, as from nats-server's routes. A node in
 * lame-duck mode is no longer advertised.
 *
 * <p>The nodes of a cluster of two or more route client messages to each other as nats-server's
 * routes do (full mesh, one hop): what a client publishes on one node, or a node itself sends,
 * reaches the matching subscriptions and the JetStream of every other running node it can reach
 * over the cluster network, so partitions, cut links and down nodes stop it.
 */
public final class LocalCluster implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalCluster.class);
  private static final long SHUTDOWN_WAIT_MILLIS = 30_000;

  private final ClusterSpec spec;
  private final Path dataRoot;
  private final Clock clock;
  private final Map<String, NodeRunner> runners;
  private final ClusterNetwork network;
  /** Each node's JetStream domain, by node; empty when the lab has no domains. */
  private final Map<String, String> domains;
  /** The groups of the current partition, empty when the network is whole; guarded by publishLock. */
  private List<List<String>> partition = List.of();
  private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();
  private final Object publishLock = new Object();
  private long version; // guarded by publishLock
  private volatile ClusterSnapshot snapshot;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** The paths every node's monitoring port hands to {@link #serveControl}'s handler. */
  public static final String CONTROL_PREFIX = "/jslab/";

  private volatile java.util.function.BiFunction<String, String, dev.jslab.engine.monitor.MonitorResponse> control;

  /** {@link #start(ClusterSpec, Clock, int, int)}'s monitoring port for "no monitoring". */
  public static final int NO_MONITORING = -1;

  private final Object urlsLock = new Object();

  /** The mirrors as last sampled; written on the sampler's thread. */
  private volatile List<MirrorView> sampledMirrors = List.of();
  /** Samples the mirrors' progress while the lab runs. */
  private final java.util.concurrent.ScheduledExecutorService sampler =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lab-mirror-sampler");
        t.setDaemon(true);
        return t;
      });

  private LocalCluster(
      ClusterSpec spec,
      Path dataRoot,
      Clock clock,
      int basePort,
      int httpBasePort,
      boolean memory,
      ClientPortOptions clients,
      dev.jslab.engine.raft.RaftTimings timings) {
    this.spec = spec;
    this.dataRoot = dataRoot;
    this.clock = clock;
    Map<String, NodeRunner> byName = new java.util.LinkedHashMap<>();
    Map<String, String> domainOf = new java.util.LinkedHashMap<>();
    for (int i = 1; i <= spec.nodes(); i++) {
      String name = ClusterSpec.nodeName(i);
      int port = basePort == 0 ? 0 : basePort + i - 1;
      int httpPort = httpBasePort <= 0 ? httpBasePort : httpBasePort + i - 1;
      domainOf.put(name, spec.domainOf(i));
      byName.put(
          name,
          new NodeRunner(
              new NodeConfig(name, dataRoot.resolve(name)),
              this::report,
              port,
              httpPort,
              memory,
              clients,
              spec.clusterOf(i),
              spec.domainOf(i),
              this::refreshConnectUrls));
    }
    this.runners = java.util.Collections.unmodifiableMap(byName);
    this.domains = spec.domains().isEmpty() ? Map.of() : Map.copyOf(domainOf);
    this.network = new ClusterNetwork(spec.name(), spec.name().hashCode(), e -> {});
    runners.values().forEach(r -> r.joinNetwork(network));
    // a single server is not clustered: no Raft groups for its streams, as nats-server's; it pays
    // nothing for them. Each domain is a cluster of its own.
    for (String domain : new java.util.LinkedHashSet<>(domainOf.values())) {
      List<String> members = spec.membersOf(domain);
      if (members.size() > 1) {
        members.forEach(m -> runners.get(m).joinCluster(network, members, timings));
      }
    }
    if (spec.nodes() > 1) {
      // routes within a cluster, and the WAN links between domains (which take no domain's
      // own JetStream API or cluster traffic)
      InterestRegistry interest = new InterestRegistry(domainOf);
      runners.values().forEach(r -> r.joinRoutes(network, interest));
    }
    MonitorListener.Extra controlPaths = new MonitorListener.Extra(CONTROL_PREFIX, this::control);
    runners.values().forEach(r -> r.serveOnMonitoringPort(controlPaths));
    this.snapshot = buildSnapshot(0);
  }

  /**
   * Creates the cluster's directories and starts every node, waiting until each is running.
   *
   * @throws IllegalArgumentException when the data directory is not writable
   * @throws ClusterStartException when a node cannot start (its reason is in the message)
   */
  public static LocalCluster start(ClusterSpec spec) {
    return start(spec, Clock.systemUTC());
  }

  /** As {@link #start(ClusterSpec)}, with the clock that timestamps events. */
  public static LocalCluster start(ClusterSpec spec, Clock clock) {
    return start(spec, clock, 0);
  }

  /**
   * As {@link #start(ClusterSpec, Clock)}; node {@code i} (from 1) listens for NATS clients on
   * 127.0.0.1 port {@code basePort + i - 1}, or on an ephemeral port when {@code basePort} is 0.
   */
  public static LocalCluster start(ClusterSpec spec, Clock clock, int basePort) {
    return start(spec, clock, basePort, NO_MONITORING);
  }

  /**
   * As {@link #start(ClusterSpec, Clock, int)}; node {@code i} also serves HTTP monitoring
   * ({@code /varz}, {@code /jsz}, …) on 127.0.0.1 port {@code httpBasePort + i - 1}, on an
   * ephemeral port when it is 0, or not at all when it is {@link #NO_MONITORING}.
   */
  public static LocalCluster start(ClusterSpec spec, Clock clock, int basePort, int httpBasePort) {
    return start(spec, clock, basePort, httpBasePort, false);
  }

  /**
   * As {@link #start(ClusterSpec, Clock, int, int)}; with {@code memory} the nodes keep nothing on
   * disk (every stream and consumer in memory, no catalog), so a killed or restarted node comes
   * back empty. A memory cluster must be {@linkplain ClusterSpec#ephemeral() ephemeral}: its
   * temporary directory stays empty and is removed on close.
   */
  public static LocalCluster start(
      ClusterSpec spec, Clock clock, int basePort, int httpBasePort, boolean memory) {
    return start(spec, clock, basePort, httpBasePort, memory, ClientPortOptions.defaults());
  }

  /**
   * As {@link #start(ClusterSpec, Clock, int)}; every node's client port follows {@code clients}
   * (authentication, connection limit, lame-duck grace).
   */
  public static LocalCluster start(
      ClusterSpec spec, Clock clock, int basePort, ClientPortOptions clients) {
    return start(spec, clock, basePort, NO_MONITORING, false, clients);
  }

  /** As the most general start, with the spec's Raft timings for the meta group. */
  public static LocalCluster start(
      ClusterSpec spec,
      Clock clock,
      int basePort,
      int httpBasePort,
      boolean memory,
      ClientPortOptions clients) {
    return start(spec, clock, basePort, httpBasePort, memory, clients, spec.raftTimings());
  }

  /**
   * The most general start: client ports from {@code basePort} following {@code clients},
   * monitoring from {@code httpBasePort} (or {@link #NO_MONITORING}), in memory or on disk, and
   * the meta group (every node joins it) on {@code timings}.
   */
  public static LocalCluster start(
      ClusterSpec spec,
      Clock clock,
      int basePort,
      int httpBasePort,
      boolean memory,
      ClientPortOptions clients,
      dev.jslab.engine.raft.RaftTimings timings) {
    if (memory && !spec.ephemeral()) {
      throw new IllegalArgumentException("a cluster in memory must be ephemeral");
    }
    if (basePort < 0 || basePort + spec.nodes() - 1 > 65_535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535 (was " + basePort + ")");
    }
    if (httpBasePort < NO_MONITORING || httpBasePort + spec.nodes() - 1 > 65_535) {
      throw new IllegalArgumentException(
          "--http-port must be between 0 and 65535 (was " + httpBasePort + ")");
    }
    Path root = resolveRoot(spec);
    LocalCluster cluster =
        new LocalCluster(spec, root, clock, basePort, httpBasePort, memory, clients, timings);
    List<CompletableFuture<NodeSnapshot>> started = new ArrayList<>();
    cluster.runners.values().forEach(r -> started.add(r.start()));
    cluster.sampler.scheduleWithFixedDelay(
        cluster::sampleMirrors, MIRROR_SAMPLE_MILLIS, MIRROR_SAMPLE_MILLIS,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
    List<String> failures =
        cluster.snapshot().nodes().stream()
            .filter(n -> n.state() == NodeState.FAILED)
            .map(n -> n.name() + ": " + n.error().orElse("unknown"))
            .toList();
    if (!failures.isEmpty()) {
      cluster.close();
      throw new ClusterStartException(String.join("; ", failures));
    }
    return cluster;
  }

  private static Path resolveRoot(ClusterSpec spec) {
    if (spec.ephemeral()) {
      try {
        return Files.createTempDirectory("jetstream-lab-" + spec.name() + "-");
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot create a temporary directory: " + e, e);
      }
    }
    Path base = spec.dataRoot().orElseGet(() -> DataDirectories.userDataRoot().resolve(spec.name()));
    return DataDirectories.requireWritable(base.toAbsolutePath().normalize());
  }

  public ClusterSpec spec() {
    return spec;
  }

  /** The directory that holds one folder per node. */
  public Path dataRoot() {
    return dataRoot;
  }

  /** The NATS client URL of {@code node} ({@code nats://127.0.0.1:<port>}) while it runs. */
  public java.util.Optional<String> clientUrl(String node) {
    NodeRunner runner = runners.get(node);
    return runner == null ? java.util.Optional.empty() : runner.clientUrl();
  }

  /** The HTTP monitoring URL of {@code node} ({@code http://127.0.0.1:<port>}) while it runs. */
  public java.util.Optional<String> monitorUrl(String node) {
    NodeRunner runner = runners.get(node);
    return runner == null ? java.util.Optional.empty() : runner.monitorUrl();
  }

  /** The latest snapshot; never blocks. */
  public ClusterSnapshot snapshot() {
    return snapshot;
  }

  /** Node names in order. */
  public List<String> nodeNames() {
    return List.copyOf(runners.keySet());
  }

  public void addListener(ClusterListener listener) {
    listeners.add(listener);
  }

  public void removeListener(ClusterListener listener) {
    listeners.remove(listener);
  }

  /**
   * Lets every node's monitoring port serve {@code handler} — (method, path) to the answer — for
   * the paths under {@link #CONTROL_PREFIX}, on the HTTP thread (the handler may wait for nodes).
   */
  public void serveControl(
      java.util.function.BiFunction<String, String, dev.jslab.engine.monitor.MonitorResponse> handler) {
    this.control = handler;
  }

  private dev.jslab.engine.monitor.MonitorResponse control(String method, String path) {
    var handler = control;
    if (handler == null) {
      return new dev.jslab.engine.monitor.MonitorResponse(
          404,
          dev.jslab.engine.monitor.MonitorResponse.JSON,
          "{\"error\":\"this lab serves no control API\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return handler.apply(method, path);
  }

  /** Stops a node abruptly, as {@code kill -9} would: only its durable state survives. */
  public CompletableFuture<NodeSnapshot> kill(String node) {
    return command(node, NodeRunner::kill);
  }

  /**
   * Stops a node gracefully: it enters lame-duck mode (stops accepting clients and tells its
   * clients, {@code "ldm":true}), waits the lame-duck grace, then closes its clients and stops
   * cleanly. The future completes once it has stopped.
   */
  public CompletableFuture<NodeSnapshot> stop(String node) {
    return command(node, NodeRunner::stop);
  }

  /**
   * Cuts a node's power: it stops abruptly and only what it had synced to disk survives — with the
   * default sync interval, messages it had acknowledged can be gone.
   */
  public CompletableFuture<NodeSnapshot> powerCut(String node) {
    return command(node, NodeRunner::powerCut);
  }

  /**
   * Freezes a node as {@code kill -STOP} freezes a process: clients stay connected and get no
   * answers, its timers wait, until {@link #resume}; kill, power cut and restart still reach it.
   */
  public CompletableFuture<NodeSnapshot> pause(String node) {
    return command(node, NodeRunner::pause);
  }

  /** Lets a paused node run again: it works off what waited, late timers first due. */
  public CompletableFuture<NodeSnapshot> resume(String node) {
    return command(node, NodeRunner::resume);
  }

  /** Starts a stopped or killed node from its data directory; a running one is restarted. */
  public CompletableFuture<NodeSnapshot> restart(String node) {
    return command(node, NodeRunner::restart);
  }

  /**
   * Cuts {@code node} off from every other node (a partition of one); its clients stay connected
   * to it. Nodes already cut off stay so.
   */
  public void isolate(String node) {
    requireNode(node);
    synchronized (publishLock) {
      List<List<String>> groups = new ArrayList<>();
      if (partition.isEmpty()) {
        groups.add(runners.keySet().stream().filter(n -> !n.equals(node)).toList());
      } else {
        partition.forEach(g -> groups.add(g.stream().filter(n -> !n.equals(node)).toList()));
      }
      groups.add(List.of(node));
      setPartition(groups);
    }
    reportNetwork(node);
  }

  /**
   * Splits the nodes into {@code groups} that reach each other only within a group; nodes named
   * in no group form one more. Replaces any earlier partition.
   *
   * @throws IllegalArgumentException when a node is unknown or named twice
   */
  public void partition(List<List<String>> groups) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (List<String> g : groups) {
      for (String n : g) {
        requireNode(n);
        if (!seen.add(n)) {
          throw new IllegalArgumentException("node " + n + " is in two groups");
        }
      }
    }
    List<List<String>> all = new ArrayList<>(groups);
    List<String> rest = runners.keySet().stream().filter(n -> !seen.contains(n)).toList();
    all.add(rest);
    synchronized (publishLock) {
      setPartition(all);
    }
    reportNetwork("");
  }

  /**
   * Gives every link between a node of {@code one} and a node of {@code other}, both ways, the
   * {@code faults} (latency, jitter, loss, duplication, reordering) — a slow or lossy WAN link
   * between domains, a flaky node — or makes them perfect again with {@link
   * dev.jslab.local.sim.LinkFaults#NONE}. Partitions are separate: {@link #heal()} leaves these be.
   *
   * @throws IllegalArgumentException when a node is unknown or in both groups
   */
  public void setLinkFaults(List<String> one, List<String> other, dev.jslab.local.sim.LinkFaults faults) {
    for (String n : one) {
      requireNode(n);
      if (other.contains(n)) {
        throw new IllegalArgumentException("node " + n + " is in both groups");
      }
    }
    other.forEach(this::requireNode);
    if (one.isEmpty() || other.isEmpty()) {
      throw new IllegalArgumentException("links need a node on each side");
    }
    for (String a : one) {
      for (String b : other) {
        network.setFaults(a, b, faults);
        network.setFaults(b, a, faults);
      }
    }
    List<String> left = List.copyOf(one);
    List<String> right = List.copyOf(other);
    report(null, (seq, at) -> new ClusterEvent.LinksChanged(seq, at, "", left, right, faults));
  }

  /**
   * What crossed each directed link of the lab's network since it started (Raft and routed client
   * messages, sent, delivered and dropped), by link; a view takes rates from two readings.
   */
  public List<LinkTraffic> linkTraffic() {
    return network.traffic();
  }

  /** Restores every link between the nodes. */
  public void heal() {
    synchronized (publishLock) {
      partition = List.of();
      network.heal();
    }
    reportNetwork("");
  }

  /** Asks the meta leader, wherever it is, to hand leadership to another node. */
  public void stepDownMeta() {
    runners.values().forEach(NodeRunner::stepDownMeta);
  }

  /** Asks {@code node} to hand over meta leadership if it has it; no-op otherwise. */
  public CompletableFuture<NodeSnapshot> stepDownMeta(String node) {
    return command(node, NodeRunner::stepDownMeta);
  }

  /**
   * Asks the leader of {@code stream}, wherever it is, to hand leadership to another replica;
   * completes with whether a running node led it. In a lab of domains {@code ORDERS@dr} names the
   * stream of one domain ({@code ORDERS} alone: that name in every domain).
   */
  public CompletableFuture<Boolean> stepDownStream(String stream) {
    int at = stream.lastIndexOf('@');
    String name = at < 0 ? stream : stream.substring(0, at);
    String domain = at < 0 ? null : stream.substring(at + 1);
    List<CompletableFuture<Boolean>> asked =
        runners.values().stream()
            .filter(r -> domain == null || r.domain().equals(domain))
            .map(r -> r.stepDownStream(name))
            .toList();
    return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> asked.stream().anyMatch(CompletableFuture::join));
  }

  /**
   * Every mirror of the lab with how far behind its origin it is, from what each running node
   * knows of its streams now. A paused node tells nothing until it resumes, so its mirrors and
   * origins are left out (answered within {@code FACTS_WAIT_MILLIS}).
   */
  public List<MirrorView> mirrors() {
    return MirrorView.of(askRunningNodes(NodeRunner::streamFacts));
  }

  /**
   * The status of every Raft group on every running node — role, term, vote, leader, commit and
   * applied index, log bounds and tail, and on a leader each follower's match index — the meta
   * group first on each node, in node order. A paused node tells nothing until it resumes.
   */
  public List<RaftGroupView> raftGroups() {
    return askRunningNodes(NodeRunner::raftGroups);
  }

  /** What every running node answers within {@code FACTS_WAIT_MILLIS}, in node order. */
  private <T> List<T> askRunningNodes(Function<NodeRunner, CompletableFuture<List<T>>> question) {
    List<CompletableFuture<List<T>>> asked =
        runners.values().stream()
            .filter(r -> r.snapshot().state() == NodeState.RUNNING)
            .map(question)
            .toList();
    List<T> all = new ArrayList<>();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(FACTS_WAIT_MILLIS);
    for (CompletableFuture<List<T>> f : asked) {
      try {
        all.addAll(f.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS));
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        // a node that does not answer in time tells nothing
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return all;
  }

  private static final long FACTS_WAIT_MILLIS = 1_000;

  /** How often the lab samples its mirrors for {@link ClusterSnapshot#mirrors()}. */
  public static final long MIRROR_SAMPLE_MILLIS = 500;

  /** On the sampler's thread: publishes a {@link ClusterEvent.MirrorsChanged} when progress changed. */
  private void sampleMirrors() {
    if (closed.get()) {
      return;
    }
    List<MirrorView> now = mirrors();
    List<MirrorView> before = sampledMirrors;
    if (progress(now).equals(progress(before))) {
      return;
    }
    sampledMirrors = now;
    report(null, (seq, at) -> new ClusterEvent.MirrorsChanged(seq, at, "", now));
  }

  private static List<MirrorView> progress(List<MirrorView> mirrors) {
    return mirrors.stream().map(MirrorView::progress).toList();
  }

  private void requireNode(String node) {
    if (!runners.containsKey(node)) {
      throw new NoSuchElementException("no node " + node + "; nodes: " + String.join(", ", runners.keySet()));
    }
  }

  /** Guarded by publishLock: the groups as given, empty ones dropped, sorted for display. */
  private void setPartition(List<List<String>> groups) {
    partition =
        groups.stream()
            .filter(g -> !g.isEmpty())
            .map(g -> g.stream().sorted().toList())
            .sorted(java.util.Comparator.comparing(g -> g.get(0)))
            .toList();
    network.partition(partition);
  }

  private void reportNetwork(String node) {
    java.util.Set<String> now;
    synchronized (publishLock) {
      now = isolatedNodes();
    }
    report(null, (seq, at) -> new ClusterEvent.NetworkChanged(seq, at, node, now));
  }

  /** Guarded by publishLock: the nodes alone in their group of a partition of several groups. */
  private java.util.Set<String> isolatedNodes() {
    java.util.Set<String> alone = new java.util.TreeSet<>();
    if (partition.size() > 1) {
      partition.stream().filter(g -> g.size() == 1).forEach(g -> alone.add(g.get(0)));
    }
    return alone;
  }

  /** Stops every node cleanly, ends their threads and removes an ephemeral directory. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sampler.shutdownNow();
    try {
      for (NodeRunner runner : runners.values()) {
        runner.shutdown(SHUTDOWN_WAIT_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      network.close();
      if (spec.ephemeral()) {
        DataDirectories.deleteRecursively(dataRoot);
      }
    }
  }

  private CompletableFuture<NodeSnapshot> command(
      String node, Function<NodeRunner, CompletableFuture<NodeSnapshot>> action) {
    NodeRunner runner = runners.get(node);
    if (runner == null) {
      return CompletableFuture.failedFuture(new NoSuchElementException("no node " + node));
    }
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("cluster is closed"));
    }
    return action.apply(runner);
  }

  /** Tells every node the client URLs of the running nodes, its own first. Any node's thread. */
  private void refreshConnectUrls() {
    synchronized (urlsLock) {
      java.util.Map<NodeRunner, String> advertised = new java.util.LinkedHashMap<>();
      for (NodeRunner r : runners.values()) {
        r.advertisedHostPort().ifPresent(url -> advertised.put(r, url));
      }
      for (NodeRunner r : runners.values()) {
        if (r.cluster().isEmpty()) {
          continue; // a single server has no connect_urls
        }
        List<String> urls = new ArrayList<>();
        String own = advertised.get(r);
        if (own != null) {
          urls.add(own);
        }
        advertised.forEach((other, url) -> {
          if (other != r && other.cluster().equals(r.cluster())) {
            urls.add(url); // a node advertises its own cluster's nodes, not other domains'
          }
        });
        r.connectUrls(urls);
      }
    }
  }

  private void report(NodeSnapshot ignored, NodeRunner.EventFactory factory) {
    synchronized (publishLock) {
      version++;
      ClusterEvent event = factory.create(version, clock.millis());
      ClusterSnapshot next = buildSnapshot(version);
      snapshot = next;
      for (ClusterListener listener : listeners) {
        try {
          listener.onEvent(event, next);
        } catch (RuntimeException e) {
          // a failing observer must not undo or block the node's change, nor starve the others
          LOG.warn("cluster listener failed on {}", event, e);
        }
      }
    }
  }

  private ClusterSnapshot buildSnapshot(long atVersion) {
    List<NodeSnapshot> nodes = runners.values().stream().map(NodeRunner::snapshot).toList();
    Map<String, MetaView> meta = new java.util.LinkedHashMap<>();
    runners.forEach((name, r) -> r.metaView().ifPresent(v -> meta.put(name, v)));
    // a stream's leader is the node that says it leads it; a stream nobody leads shows ""
    Map<String, String> streamLeaders = new java.util.TreeMap<>();
    runners.forEach((name, r) -> r.streamLeaders().forEach((stream, leader) -> {
      String key = r.domain().isEmpty() ? stream : stream + "@" + r.domain();
      if (leader.equals(name)) {
        streamLeaders.put(key, name);
      } else {
        streamLeaders.putIfAbsent(key, "");
      }
    }));
    return new ClusterSnapshot(
        spec.name(), atVersion, dataRoot, spec.ephemeral(), nodes, meta, isolatedNodes(), partition,
        streamLeaders, domains, sampledMirrors);
  }
}
