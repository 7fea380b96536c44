package dev.jslab.local.bench;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * How the bench connects jnats to a server under test: a 5 s connect timeout, a silent error
 * listener, and either no reconnects (a measured figure fails rather than hides a lost server) or,
 * for the failover publisher, endless quick reconnects to the URLs in the order given.
 *
 * <p>Stateless and thread-safe.
 */
final class BenchConnections {
  private BenchConnections() {}

  /** A connection to the first of {@code urls} that answers; it does not reconnect. */
  static Connection connect(List<String> urls) throws IOException, InterruptedException {
    return Nats.connect(base(urls).maxReconnects(0).build());
  }

  /** A connection to {@code url}; it does not reconnect. */
  static Connection connect(String url) throws IOException, InterruptedException {
    return connect(List.of(url));
  }

  /**
   * A connection that tries {@code urls} in this order and reconnects to another of them, every
   * 20 ms, for as long as it is open: a publisher that lives through a node's crash.
   */
  static Connection connectReconnecting(List<String> urls) throws IOException, InterruptedException {
    return Nats.connect(
        base(urls).noRandomize().maxReconnects(-1).reconnectWait(Duration.ofMillis(20)).build());
  }

  private static Options.Builder base(List<String> urls) {
    return new Options.Builder()
        .servers(urls.toArray(String[]::new))
        .connectionTimeout(Duration.ofSeconds(5))
        .errorListener(new ErrorListener() {});
  }
}
