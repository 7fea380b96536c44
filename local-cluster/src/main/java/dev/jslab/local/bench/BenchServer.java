package dev.jslab.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A NATS server the wire bench drives: one given by URL, or a process it starts and stops — a
 * single lab node ({@code jslab server}) or nats-server with JetStream — each in its own process
 * with its own temporary storage, so client and server never share a JVM.
 *
 * <p>Not thread-safe; {@link #close} stops a started process and deletes its storage, as does the
 * JVM's exit if it comes first.
 */
public final class BenchServer implements AutoCloseable {
  private static final long START_TIMEOUT_MS = 60_000;

  private final String label;
  private final String url;
  private final ServerProcess process;
  private final Path storage;
  private final ExitCleanup cleanup;

  private BenchServer(String label, String url, ServerProcess process, Path storage) {
    this.label = label;
    this.url = url;
    this.process = process;
    this.storage = storage;
    this.cleanup = ExitCleanup.register(label, this::release);
  }

  /** A server that is already running. */
  public static BenchServer atUrl(String url) {
    return new BenchServer("url", url, null, null);
  }

  /** Starts one lab node in a new JVM with this process's class path. */
  public static BenchServer startLab() throws IOException {
    int port = ServerProcess.freePort();
    List<String> command = new ArrayList<>(List.of(ServerProcess.javaExecutable()));
    command.addAll(ServerProcess.labJvmOptions());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.jslab.local.cli.ServerMain",
            "--nodes",
            "1",
            "--ephemeral",
            "--port",
            Integer.toString(port)));
    return start("lab", command, port, null);
  }

  /** Starts {@code executable} (nats-server) with JetStream in a temporary store directory. */
  public static BenchServer startNatsServer(String executable) throws IOException {
    int port = ServerProcess.freePort();
    Path storage = Files.createTempDirectory("jslab-bench-nats-server");
    List<String> command =
        List.of(executable, "-js", "-a", "127.0.0.1", "-p", Integer.toString(port), "-sd", storage.toString());
    try {
      return start("nats-server", command, port, storage);
    } catch (IOException | RuntimeException e) {
      dev.jslab.local.cluster.DataDirectories.deleteRecursively(storage);
      throw e;
    }
  }

  /** {@code lab}, {@code nats-server} or {@code url}. */
  public String label() {
    return label;
  }

  /** The client URL. */
  public String url() {
    return url;
  }

  @Override
  public void close() {
    cleanup.close();
  }

  private void release() {
    if (process != null) {
      LabData.stopAndRemove(process);
    }
    if (storage != null) {
      dev.jslab.local.cluster.DataDirectories.deleteRecursively(storage);
    }
  }

  private static BenchServer start(String label, List<String> command, int port, Path storage)
      throws IOException {
    BenchServer server =
        new BenchServer(label, "nats://127.0.0.1:" + port, ServerProcess.start(label, command), storage);
    try {
      server.process.awaitPort(port, START_TIMEOUT_MS);
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }
}
