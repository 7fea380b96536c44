package dev.jslab.local.bench;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Waits until a freshly started cluster serves the JetStream API: asks for the account's
 * JetStream information ({@code $JS.API.INFO}), which only a meta leader answers, until it does.
 *
 * <p>Stateless; runs on the calling thread.
 */
final class JetStreamReadiness {
  /** How long a cluster may take to elect its meta leader. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private JetStreamReadiness() {}

  /**
   * Returns once {@code $JS.API.INFO} succeeds through any of {@code urls}.
   *
   * @throws IOException naming {@code label} and the last answer, after {@link #TIMEOUT}
   */
  static void await(String label, List<String> urls) throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String last = "no answer";
    try {
      while (System.nanoTime() < deadline) {
        // a freshly started process may be too busy to finish a client's handshake at first
        try (Connection nc = BenchConnections.connect(urls)) {
          var jsm = nc.jetStreamManagement();
          while (System.nanoTime() < deadline) {
            try {
              jsm.getAccountStatistics();
              return;
            } catch (JetStreamApiException e) {
              last = e.getMessage();
            }
            Thread.sleep(100);
          }
        } catch (IOException e) {
          last = e.getMessage();
          Thread.sleep(100);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(label + ": interrupted while waiting for JetStream", e);
    }
    throw new IOException(
        label + ": JetStream not ready after " + TIMEOUT.toSeconds() + " s (" + last + ")");
  }
}
