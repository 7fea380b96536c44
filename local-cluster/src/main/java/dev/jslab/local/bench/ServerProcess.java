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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server process the bench started: it keeps the head of the process's output for error
 * messages, waits until the process accepts connections on a port, and stops it — gently, or with
 * SIGKILL to play a crash.
 *
 * <p>Thread-safe: a daemon thread drains the output; {@link #stop} and {@link #kill} may be called
 * from any thread, more than once.
 */
final class ServerProcess {
  private static final int OUTPUT_KEPT = 8_192;
  /** How long a stopping server may take to shut down cleanly before it is killed. */
  static final long STOP_GRACE_SECONDS = 30;

  private final String label;
  private final List<String> command;
  private final Process process;
  private final StringBuilder output = new StringBuilder();

  private ServerProcess(String label, List<String> command, Process process) {
    this.label = label;
    this.command = command;
    this.process = process;
  }

  /** Starts {@code command}; {@code label} names it in thread names and errors. */
  static ServerProcess start(String label, List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ServerProcess started = new ServerProcess(label, command, process);
    Thread drain = new Thread(started::drain, "bench-" + label + "-output");
    drain.setDaemon(true);
    drain.start();
    return started;
  }

  /**
   * Waits until the process accepts connections on {@code port} of the loopback interface; stops
   * it and throws, with the head of its output, when it ends or does not within {@code timeoutMs}.
   */
  void awaitPort(int port, long timeoutMs) throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!accepts(port)) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        stop();
        throw new IOException(label + " did not start (" + command.get(0) + "): " + output());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        stop();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting " + label, e);
      }
    }
  }

  /** The head of what the process printed so far. */
  String output() {
    synchronized (output) {
      return output.toString().strip();
    }
  }

  /** Whether the process still runs. */
  boolean alive() {
    return process.isAlive();
  }

  /** Asks the process to end (SIGTERM), then forces it after {@value #STOP_GRACE_SECONDS} s. */
  void stop() {
    process.destroy();
    awaitEnd(true);
  }

  /** Kills the process at once (SIGKILL: no shutdown, no flush) and waits until it is gone. */
  void kill() {
    process.destroyForcibly();
    awaitEnd(false);
  }

  private void awaitEnd(boolean forceLater) {
    try {
      if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS) && forceLater) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (output) {
          if (output.length() < OUTPUT_KEPT) {
            output.append(line).append('\n');
          }
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  /** A port on the loopback interface that was free a moment ago. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The first of {@code count} consecutive loopback ports that were all free a moment ago, for a
   * lab whose node i listens on the first port + i - 1.
   */
  static int freeConsecutivePorts(int count) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int first = freePort();
      if (first + count - 1 > 65_535) {
        continue;
      }
      boolean free = true;
      for (int port = first + 1; port < first + count && free; port++) {
        free = isFree(port);
      }
      if (free) {
        return first;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports on the loopback interface");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The java executable running this JVM, for starting lab processes. */
  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The JVM options the bench gives a lab process: the launcher's, from JSLAB_JAVA_OPTS. */
  static List<String> labJvmOptions() {
    String opts = System.getenv("JSLAB_JAVA_OPTS");
    return opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
