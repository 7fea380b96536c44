package dev.jslab.local.bench;

import dev.jslab.local.cluster.DataDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A nats-server cluster for the R3 bench: one nats-server process per node on the loopback
 * interface, each with JetStream, its own store directory under one temporary directory and
 * routes to all the others (cluster name {@code bench}, server names n1, n2, …). {@link #crash}
 * kills a node's process with SIGKILL.
 *
 * <p>Not thread-safe; {@link #close} stops every process and deletes the temporary directory, as
 * does the JVM's exit if it comes first.
 */
final class NatsServerCluster implements BenchCluster {
  private static final long START_TIMEOUT_MS = 60_000;

  private final Path storage;
  private final Map<String, ServerProcess> processes = new LinkedHashMap<>();
  private final Map<String, String> urls = new LinkedHashMap<>();

  private final ExitCleanup cleanup;

  private NatsServerCluster(Path storage) {
    this.storage = storage;
    this.cleanup = ExitCleanup.register("nats-server-cluster", this::release);
  }

  /**
   * Starts {@code size} nodes of {@code executable} and returns once every node accepts clients
   * and JetStream has a meta leader.
   */
  static NatsServerCluster start(String executable, int size) throws IOException {
    NatsServerCluster cluster =
        new NatsServerCluster(Files.createTempDirectory("jslab-bench-nats-cluster"));
    try {
      List<String> names = BenchCluster.names(size);
      List<Integer> clientPorts = new ArrayList<>();
      List<Integer> routePorts = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        clientPorts.add(ServerProcess.freePort());
        routePorts.add(ServerProcess.freePort());
      }
      for (int i = 0; i < size; i++) {
        String name = names.get(i);
        ServerProcess process =
            ServerProcess.start(
                "nats-server-" + name,
                command(executable, name, clientPorts.get(i), routePorts, i, cluster.storage.resolve(name)));
        cluster.processes.put(name, process);
        cluster.urls.put(name, "nats://127.0.0.1:" + clientPorts.get(i));
      }
      for (int i = 0; i < size; i++) {
        cluster.processes.get(names.get(i)).awaitPort(clientPorts.get(i), START_TIMEOUT_MS);
      }
      JetStreamReadiness.await("nats-server", cluster.urls());
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The command line of node {@code index}: JetStream, cluster {@code bench}, routes to the others. */
  static List<String> command(
      String executable, String name, int clientPort, List<Integer> routePorts, int index, Path store) {
    List<String> routes = new ArrayList<>();
    for (int j = 0; j < routePorts.size(); j++) {
      if (j != index) {
        routes.add("nats://127.0.0.1:" + routePorts.get(j));
      }
    }
    return List.of(
        executable,
        "-js",
        "-n", name,
        "-a", "127.0.0.1",
        "-p", Integer.toString(clientPort),
        "--cluster_name", "bench",
        "--cluster", "nats://127.0.0.1:" + routePorts.get(index),
        "--routes", String.join(",", routes),
        "-sd", store.toString());
  }

  @Override
  public String label() {
    return "nats-server";
  }

  @Override
  public List<String> nodes() {
    return List.copyOf(urls.keySet());
  }

  @Override
  public String urlOf(String name) {
    String url = urls.get(name);
    if (url == null) {
      throw new IllegalArgumentException("nats-server: no node " + name + "; nodes: " + nodes());
    }
    return url;
  }

  @Override
  public void crash(String name) {
    urlOf(name);
    processes.get(name).kill();
  }

  @Override
  public void close() {
    cleanup.close();
  }

  private void release() {
    processes.values().forEach(ServerProcess::stop);
    DataDirectories.deleteRecursively(storage);
  }
}
