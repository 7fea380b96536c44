package dev.jslab.local.bench;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Creates the bench's streams through the JetStream API and waits for their leaders: a stream is
 * replaced by an empty one (deleted if it exists, then added, again while the cluster {@link
 * Settling settles}); any other refusal fails at once with the server's own words.
 *
 * <p>Stateless; runs on the calling thread.
 */
final class StreamSetup {
  /** How long a stream may take to elect its leader. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private StreamSetup() {}

  /** Replaces stream {@code name} with an empty one on {@code subject}. */
  static void replace(
      JetStreamManagement jsm, String name, String subject, StorageType storage, int replicas)
      throws IOException, InterruptedException {
    try {
      Settling.retry("deleting stream " + name, () -> jsm.deleteStream(name));
    } catch (IllegalStateException notThere) {
      // the first round, or the stream is gone already
    }
    StreamConfiguration config =
        StreamConfiguration.builder()
            .name(name)
            .subjects(subject)
            .storageType(storage)
            .replicas(replicas)
            .build();
    Settling.retry(what(name, storage, replicas), () -> jsm.addStream(config));
  }

  /** The stream's leader, as its info names it, once there is one. */
  static String awaitLeader(JetStreamManagement jsm, String name)
      throws IOException, InterruptedException {
    return awaitLeader(jsm, name, Optional.empty());
  }

  /**
   * The stream's leader once its info names one other than {@code not} (no matter which when
   * empty); the info is asked of whichever node answers, so a crashed node does not block it.
   */
  static String awaitLeader(JetStreamManagement jsm, String name, Optional<String> not)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String last = "no leader";
    while (System.nanoTime() < deadline) {
      try {
        StreamInfo info = jsm.getStreamInfo(name);
        String leader = info.getClusterInfo() == null ? null : info.getClusterInfo().getLeader();
        if (leader != null && !leader.isEmpty() && !not.equals(Optional.of(leader))) {
          return leader;
        }
        last = leader == null || leader.isEmpty() ? "no leader" : "still " + leader;
      } catch (JetStreamApiException | IOException e) {
        last = e.getMessage();
      }
      Thread.sleep(20);
    }
    throw new IOException("stream " + name + " has no leader after " + TIMEOUT.toSeconds() + " s (" + last + ")");
  }

  private static String what(String name, StorageType storage, int replicas) {
    return "creating the R" + replicas + " " + storage.toString().toLowerCase(java.util.Locale.ROOT)
        + " stream " + name;
  }
}
