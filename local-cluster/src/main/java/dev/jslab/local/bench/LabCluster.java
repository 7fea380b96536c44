package dev.jslab.local.bench;

import dev.jslab.local.control.ControlApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A lab cluster for the R3 bench: one {@code jslab server --nodes N --ephemeral} process (its own
 * JVM, nats-server's Raft timings unless told otherwise) whose node i listens for clients on the
 * first port + i - 1 and serves monitoring and the control API on the first HTTP port + i - 1.
 * {@link #crash} and {@link #restart} ask another node's control API to kill or restart the node
 * ({@code POST /jslab/v1/nodes/<node>/kill}, {@code …/restart}).
 *
 * <p>Not thread-safe; {@link #close} stops the process, which removes its ephemeral storage (or
 * the bench does, if the process had to be killed); so does the JVM's exit if it comes first.
 */
final class LabCluster implements BenchCluster {
  private static final long START_TIMEOUT_MS = 60_000;
  private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(60);

  private final ServerProcess process;
  private final List<String> nodes;
  private final int port;
  private final int httpPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final ExitCleanup cleanup;

  private LabCluster(ServerProcess process, int size, int port, int httpPort) {
    this.process = process;
    this.cleanup = ExitCleanup.register("lab", () -> LabData.stopAndRemove(process));
    this.nodes = BenchCluster.names(size);
    this.port = port;
    this.httpPort = httpPort;
  }

  /** Starts a lab of {@code size} nodes and returns once every node accepts clients and JetStream answers. */
  static LabCluster start(int size) throws IOException {
    return start(size, "nats");
  }

  /** As {@link #start(int)}, its Raft groups on the {@code raftTimings} preset (nats, classroom). */
  static LabCluster start(int size, String raftTimings) throws IOException {
    int port = ServerProcess.freeConsecutivePorts(size);
    int httpPort = ServerProcess.freeConsecutivePorts(size);
    List<String> command = new ArrayList<>(List.of(ServerProcess.javaExecutable()));
    command.addAll(ServerProcess.labJvmOptions());
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"),
            "dev.jslab.local.cli.ServerMain",
            "--nodes", Integer.toString(size),
            "--ephemeral",
            "--port", Integer.toString(port),
            "--http-port", Integer.toString(httpPort),
            "--raft-timings", raftTimings));
    LabCluster cluster = new LabCluster(ServerProcess.start("lab", command), size, port, httpPort);
    try {
      for (int i = 0; i < size; i++) {
        cluster.process.awaitPort(port + i, START_TIMEOUT_MS);
      }
      JetStreamReadiness.await("lab", cluster.urls());
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  @Override
  public String label() {
    return "lab";
  }

  @Override
  public List<String> nodes() {
    return nodes;
  }

  @Override
  public String urlOf(String name) {
    return "nats://127.0.0.1:" + (port + index(name));
  }

  @Override
  public void crash(String name) throws IOException {
    control(name, "kill");
  }

  @Override
  public boolean restart(String name) throws IOException {
    control(name, "restart");
    return true;
  }

  /** {@code POST /jslab/v1/nodes/<name>/<action>} through another node's control API. */
  private void control(String name, String action) throws IOException {
    int target = index(name);
    String last = "no node answered";
    for (int i = 0; i < nodes.size(); i++) {
      if (i == target) {
        continue;
      }
      URI uri = URI.create("http://127.0.0.1:" + (httpPort + i) + ControlApi.PREFIX + "nodes/" + name + "/" + action);
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).timeout(CONTROL_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
        last = answer.statusCode() + " " + answer.body();
      } catch (java.net.ConnectException e) {
        last = "nothing listens on " + uri.getAuthority();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("lab: interrupted while asking " + name + " to " + action, e);
      }
    }
    throw new IOException("lab: could not " + action + " " + name + ": " + last);
  }

  @Override
  public void close() {
    cleanup.close();
  }

  private int index(String name) {
    int i = nodes.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("lab: no node " + name + "; nodes: " + nodes);
    }
    return i;
  }
}
