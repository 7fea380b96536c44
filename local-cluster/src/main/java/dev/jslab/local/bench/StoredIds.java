package dev.jslab.local.bench;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code Nats-Msg-Id} of every message in a stream, in stream order, through an ordered
 * consumer (which survives leader changes and gaps by itself); creating it waits while the cluster
 * {@link Settling settles}, as after a crash that took the meta leader.
 *
 * <p>Stateless; runs on the calling thread.
 */
final class StoredIds {
  private static final String MSG_ID = "Nats-Msg-Id";
  private static final Duration NEXT_TIMEOUT = Duration.ofSeconds(10);

  private StoredIds() {}

  /**
   * The ids of the first {@code count} messages of {@code stream} on {@code subject}; a message
   * without an id counts as the empty id.
   *
   * @throws IOException when a message does not come within 10 s
   */
  static List<String> read(Connection nc, String stream, String subject, long count) throws Exception {
    List<String> ids = new ArrayList<>();
    var js = nc.jetStream();
    var options = PushSubscribeOptions.builder().stream(stream).ordered(true).build();
    JetStreamSubscription sub =
        Settling.retry("reading stream " + stream, () -> js.subscribe(subject, options));
    try {
      while (ids.size() < count) {
        Message m = sub.nextMessage(NEXT_TIMEOUT);
        if (m == null) {
          throw new IOException(
              "reading stream " + stream + ": message " + (ids.size() + 1) + " of " + count
                  + " did not come within " + NEXT_TIMEOUT.toSeconds() + " s");
        }
        String id = m.getHeaders() == null ? null : m.getHeaders().getFirst(MSG_ID);
        ids.add(id == null ? "" : id);
      }
      return ids;
    } finally {
      sub.unsubscribe();
    }
  }
}
