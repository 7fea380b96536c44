package dev.jslab.engine.route;

import java.util.List;

/**
 * One message on a route, as nats-server's {@code RMSG}: delivered on the receiving node only,
 * never forwarded again. Immutable; the arrays are not copied, so treat them as read-only.
 *
 * @param route the subject subscriptions are matched against
 * @param subject the subject receivers see (differs from {@code route} only for a consumer's
 *     delivery to its deliver subject or a pull request's inbox)
 * @param reply the reply subject, or null
 * @param headers the raw header block ({@code NATS/1.0…\r\n\r\n}), or null
 * @param payload the payload, never null
 * @param queues the queue groups the receiving node must serve, one member each (plain
 *     subscriptions always get the message)
 */
public record RoutedMessage(
    String route, String subject, String reply, byte[] headers, byte[] payload, List<String> queues) {
  public RoutedMessage {
    payload = payload == null ? new byte[0] : payload;
    queues = List.copyOf(queues);
  }

  /** This message for a node that must serve {@code groups}. */
  public RoutedMessage forQueues(List<String> groups) {
    return new RoutedMessage(route, subject, reply, headers, payload, groups);
  }
}
