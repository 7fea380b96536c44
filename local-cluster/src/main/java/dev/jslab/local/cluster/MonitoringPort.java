package dev.jslab.local.cluster;

import dev.jslab.engine.monitor.Monitor;
import dev.jslab.engine.monitor.MonitorInput;
import dev.jslab.engine.monitor.MonitorResponse;
import dev.jslab.engine.monitor.ServerFacts;
import dev.jslab.local.net.MonitorListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A node's HTTP monitoring port across its starts: opened on the port asked for (or the one it had
 * before, so a restarted node answers where it did), it answers {@code /varz}, {@code /jsz}, … from
 * what the node reports at the moment of each request, and closes when the node stops.
 *
 * <p>Confined to the node's thread, except {@link #url()}, a volatile read.
 */
final class MonitoringPort {
  private final String node;
  private final int requested;
  private final Executor thread;
  private final boolean memory;
  private final Path dataDir;
  private final String cluster;
  private final String domain;
  private int bound; // kept across restarts
  private Monitor monitor;
  private ServerFacts facts;
  private volatile MonitorListener listener;

  /**
   * @param requested the port asked for: -1 for no monitoring, 0 for an ephemeral port
   * @param memory whether the node keeps nothing on disk (its storage limit is the heap's)
   */
  MonitoringPort(
      String node,
      int requested,
      Executor thread,
      boolean memory,
      Path dataDir,
      String cluster,
      String domain) {
    this.domain = domain;
    this.node = node;
    this.requested = requested;
    this.thread = thread;
    this.memory = memory;
    this.dataDir = dataDir;
    this.cluster = cluster;
  }

  /** Whether the node serves monitoring at all. */
  boolean wanted() {
    return requested >= 0;
  }

  /**
   * Starts serving for a node that runs as {@code serverId} with clients on {@code clientPort};
   * {@code extra} is served besides monitoring (or null), and {@code input} gives the node's state
   * for each request (null while it does not run).
   */
  void open(
      String serverId,
      int clientPort,
      long nowNanos,
      MonitorListener.Extra extra,
      Function<ServerFacts, MonitorInput> input)
      throws IOException {
    Monitor m = new Monitor();
    MonitorListener opened =
        MonitorListener.open(node, bound != 0 ? bound : requested, thread, (path, query) -> answer(m, input, path, query), extra);
    bound = opened.port();
    long maxStorage;
    try {
      maxStorage = memory ? Runtime.getRuntime().maxMemory() : Files.getFileStore(dataDir).getUsableSpace();
    } catch (IOException e) {
      maxStorage = 0;
    }
    facts =
        new ServerFacts(
            serverId, node, "127.0.0.1", clientPort, "127.0.0.1", bound, nowNanos,
            memory ? "" : dataDir.toString(), Runtime.getRuntime().maxMemory(), maxStorage, domain, cluster);
    monitor = m;
    listener = opened;
  }

  private MonitorResponse answer(
      Monitor m, Function<ServerFacts, MonitorInput> input, String path, String rawQuery) {
    MonitorInput now = monitor == m ? input.apply(facts) : null;
    if (now == null) {
      return new MonitorResponse(503, MonitorResponse.TEXT, "node is not running\n".getBytes(StandardCharsets.UTF_8));
    }
    return m.handle(path, rawQuery, now);
  }

  /** The monitoring URL while it serves, else empty. Any thread. */
  Optional<String> url() {
    MonitorListener l = listener;
    return l == null ? Optional.empty() : Optional.of(l.url());
  }

  /** Stops serving (the port is kept for the next start). */
  void close() {
    MonitorListener l = listener;
    listener = null;
    monitor = null;
    if (l != null) {
      l.close();
    }
  }
}
