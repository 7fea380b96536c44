package dev.jslab.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LocalCluster;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One running lab node (a single-node {@link LocalCluster} listening on a real TCP port) and a
 * jnats connection to it; the scenario tests reach the node only through that connection. Used
 * from one test thread; jnats' own threads deliver messages and callbacks.
 */
final class LabNode implements AutoCloseable {
  static final Duration API_TIMEOUT = Duration.ofSeconds(5);

  private final LocalCluster cluster;
  final Connection nc;

  private LabNode(LocalCluster cluster, Connection nc) {
    this.cluster = cluster;
    this.nc = nc;
  }

  static LabNode start() throws Exception {
    return start(b -> {});
  }

  /** Starts a node and connects with options the test adds (an error listener, say). */
  static LabNode start(Consumer<Options.Builder> extra) throws Exception {
    String external = System.getenv("JSLAB_SCENARIO_URL");
    if (external != null && !external.isBlank()) {
      return startAgainst(external, extra);
    }
    LocalCluster cluster = LocalCluster.start(ClusterSpec.ephemeral(1), Clock.systemUTC());
    try {
      Options.Builder options =
          new Options.Builder()
              .server(cluster.clientUrl("n1").orElseThrow())
              .connectionTimeout(API_TIMEOUT)
              .maxReconnects(0);
      extra.accept(options);
      Connection nc = Nats.connect(options.build());
      return new LabNode(cluster, nc);
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * For comparing by hand: the same scenario against another server (e.g. a real nats-server
   * started with {@code -js}), selected with the environment variable {@code
   * JSLAB_SCENARIO_URL}. Every stream there is deleted first.
   */
  private static LabNode startAgainst(String url, Consumer<Options.Builder> extra)
      throws Exception {
    Options.Builder options =
        new Options.Builder().server(url).connectionTimeout(API_TIMEOUT).maxReconnects(0);
    extra.accept(options);
    Connection nc = Nats.connect(options.build());
    var jsm = nc.jetStreamManagement();
    for (String stream : jsm.getStreamNames()) {
      jsm.deleteStream(stream);
    }
    return new LabNode(null, nc);
  }

  @Override
  public void close() throws Exception {
    try {
      nc.close();
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  /** Polls {@code condition} every 20 ms until it holds; fails once {@code deadline} has passed. */
  static void await(Duration deadline, String what, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %s for %s", deadline, what).isLessThan(end);
      Thread.sleep(20);
    }
  }

  /** The API error code a jnats call failed with, or 0 when it succeeded. */
  static int apiErrorCode(ThrowingCall call) throws Exception {
    try {
      call.run();
      return 0;
    } catch (JetStreamApiException e) {
      return e.getApiErrorCode();
    }
  }

  static JsonValue json(byte[] body) {
    return JsonParser.parseUnchecked(body);
  }

  static long millisSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }

  /** A jnats call that may fail with a JetStream API error. */
  @FunctionalInterface
  interface ThrowingCall {
    void run() throws Exception;
  }
}
