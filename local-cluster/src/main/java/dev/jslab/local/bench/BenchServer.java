package dev.jslab.local.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A NATS server the wire bench drives: one given by URL, or a process it starts and stops — a
 * single lab node ({@code jslab server}) or nats-server with JetStream — each in its own process
 * with its own temporary storage, so client and server never share a JVM.
 *
 * <p>Not thread-safe; {@link #close} stops a started process and deletes its storage.
 */
public final class BenchServer implements AutoCloseable {
  private static final long START_TIMEOUT_MS = 60_000;

  private final String label;
  private final String url;
  private final Process process;
  private final Path storage;

  private BenchServer(String label, String url, Process process, Path storage) {
    this.label = label;
    this.url = url;
    this.process = process;
    this.storage = storage;
  }

  /** A server that is already running. */
  public static BenchServer atUrl(String url) {
    return new BenchServer("url", url, null, null);
  }

  /** Starts one lab node in a new JVM with this process's class path. */
  public static BenchServer startLab() throws IOException {
    int port = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(labJvmOptions());
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
    int port = freePort();
    Path storage = Files.createTempDirectory("jslab-bench-nats-server");
    List<String> command =
        List.of(executable, "-js", "-a", "127.0.0.1", "-p", Integer.toString(port), "-sd", storage.toString());
    return start("nats-server", command, port, storage);
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
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (storage != null) {
      dev.jslab.local.cluster.DataDirectories.deleteRecursively(storage);
    }
  }

  /** The JVM options the bench gives the lab process: the launcher's, from JSLAB_JAVA_OPTS. */
  private static List<String> labJvmOptions() {
    String opts = System.getenv("JSLAB_JAVA_OPTS");
    return opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
  }

  private static BenchServer start(String label, List<String> command, int port, Path storage)
      throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    Thread drain = new Thread(() -> drain(process, output), "bench-" + label + "-output");
    drain.setDaemon(true);
    drain.start();
    BenchServer server = new BenchServer(label, "nats://127.0.0.1:" + port, process, storage);
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (!accepts(port)) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        server.close();
        String tail;
        synchronized (output) {
          tail = output.toString().strip();
        }
        throw new IOException(
            label + " did not start (" + String.join(" ", command.subList(0, 1)) + "): " + tail);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        server.close();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting " + label, e);
      }
    }
    return server;
  }

  private static void drain(Process process, StringBuilder output) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (output) {
          if (output.length() < 8_192) {
            output.append(line).append('\n');
          }
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
