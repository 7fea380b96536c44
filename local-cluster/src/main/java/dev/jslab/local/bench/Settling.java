package dev.jslab.local.bench;

import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * Retries a JetStream API call while a cluster settles — after a start or a crash its meta group
 * may have no leader for seconds (10008), not know all peers yet (10023), or not answer in time —
 * for up to {@link #TIMEOUT}; any other refusal fails at once with the server's own words.
 *
 * <p>Stateless; runs on the calling thread.
 */
final class Settling {
  /** How long a cluster may take to settle. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final Set<Integer> SETTLING_CODES = Set.of(10008, 10023);
  private static final long PAUSE_MS = 100;

  /** A JetStream API call. */
  interface Call<T> {
    T run() throws IOException, JetStreamApiException;
  }

  private Settling() {}

  /**
   * The call's answer once it succeeds.
   *
   * @param what what the call does, for errors ("creating the R3 file stream X")
   * @throws IllegalStateException when the server refuses for another reason than settling
   * @throws IOException when it still fails after {@link #TIMEOUT}
   */
  static <T> T retry(String what, Call<T> call) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        return call.run();
      } catch (JetStreamApiException e) {
        if (!SETTLING_CODES.contains(e.getApiErrorCode())) {
          throw new IllegalStateException(what + " refused: " + e.getMessage(), e);
        }
        if (System.nanoTime() > deadline) {
          throw new IOException(what + " failed for " + TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException(what + " failed for " + TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
        }
      }
      Thread.sleep(PAUSE_MS);
    }
  }
}
