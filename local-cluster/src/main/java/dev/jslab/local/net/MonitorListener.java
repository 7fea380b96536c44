package dev.jslab.local.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jslab.engine.monitor.MonitorResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One node's HTTP monitoring port on 127.0.0.1, on the JDK's built-in HTTP server: each request
 * is answered by the node's {@link Handler}, which runs on the node's executor (where the node's
 * state lives); the HTTP thread only waits for the answer and writes it.
 *
 * <p>{@link #open} and {@link #close} may be called from any thread; the handler is only ever
 * called on the node's executor.
 */
public final class MonitorListener implements AutoCloseable {
  /** Builds the answer to one request; called on the node's executor. */
  @FunctionalInterface
  public interface Handler {
    MonitorResponse answer(String path, String rawQuery);
  }

  /**
   * Answers the requests under one path prefix on the HTTP thread itself, not the node's (the lab's
   * control API, whose commands wait for other nodes' threads).
   *
   * @param prefix the paths it takes, e.g. {@code /jslab/v1/}
   * @param handler (method, path with its raw query if any) to the answer
   */
  public record Extra(
      String prefix, java.util.function.BiFunction<String, String, MonitorResponse> handler) {}

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(MonitorListener.class);
  private static final long ANSWER_TIMEOUT_SECONDS = 10;

  private final HttpServer server;
  private final ExecutorService httpThread;

  private MonitorListener(HttpServer server, ExecutorService httpThread) {
    this.server = server;
    this.httpThread = httpThread;
  }

  /**
   * Listens on 127.0.0.1:{@code port} (0 for an ephemeral port).
   *
   * @throws IOException when the port cannot be bound
   */
  public static MonitorListener open(
      String serverName, int port, Executor nodeExecutor, Handler handler) throws IOException {
    return open(serverName, port, nodeExecutor, handler, null);
  }

  /** As {@link #open(String, int, Executor, Handler)}, also serving {@code extra} (may be null). */
  public static MonitorListener open(
      String serverName, int port, Executor nodeExecutor, Handler handler, Extra extra)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    ExecutorService httpThread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "monitor-http-" + serverName);
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(httpThread);
    server.createContext("/", exchange -> serve(exchange, nodeExecutor, handler));
    if (extra != null) {
      server.createContext(
          extra.prefix(),
          exchange -> {
            try (exchange) {
              MonitorResponse response =
                  extra.handler().apply(exchange.getRequestMethod(), pathAndQuery(exchange));
              write(exchange, response);
            }
          });
    }
    server.start();
    return new MonitorListener(server, httpThread);
  }

  private static void serve(HttpExchange exchange, Executor nodeExecutor, Handler handler)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      MonitorResponse response;
      try {
        response =
            CompletableFuture.supplyAsync(() -> handler.answer(path, query), nodeExecutor)
                .get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        // the node stopped or failed under the request: the server is not available
        LOG.debug("monitoring request {} failed", path, e);
        response =
            new MonitorResponse(
                503, MonitorResponse.TEXT, "node is not available\n".getBytes());
      }
      if (response.status() == 404 && !"/raftz".equals(path)
          && !MonitorResponse.JSON.equals(response.contentType())) {
        // Go's http.NotFound, which nats-server answers for unknown paths, sends this too
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      }
      write(exchange, response);
    }
  }

  private static String pathAndQuery(HttpExchange exchange) {
    String query = exchange.getRequestURI().getRawQuery();
    return exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
  }

  private static void write(HttpExchange exchange, MonitorResponse response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    if (MonitorResponse.JSON.equals(response.contentType())) {
      exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    }
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Stops listening and drops open exchanges at once. Idempotent; any thread. */
  @Override
  public void close() {
    server.stop(0);
    httpThread.shutdownNow();
  }
}
