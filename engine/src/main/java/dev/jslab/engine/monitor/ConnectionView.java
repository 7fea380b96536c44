package dev.jslab.engine.monitor;

import java.util.List;

/**
 * One open client connection as {@code /connz} shows it ({@code ConnInfo}). Immutable.
 *
 * @param cid connection id
 * @param ip remote address
 * @param port remote port
 * @param startNanos when it was accepted
 * @param lastActivityNanos when it last published, subscribed or received a message
 * @param rttNanos measured round trip, 0 when not measured
 * @param pendingBytes bytes queued for the client and not yet written
 * @param subscriptions its subscriptions, in subscription order
 * @param name client name from CONNECT, empty if none
 * @param lang client language from CONNECT, empty if none
 * @param version client version from CONNECT, empty if none
 */
public record ConnectionView(
    long cid,
    String ip,
    int port,
    long startNanos,
    long lastActivityNanos,
    long rttNanos,
    long pendingBytes,
    long inMsgs,
    long outMsgs,
    long inBytes,
    long outBytes,
    List<SubscriptionView> subscriptions,
    String name,
    String lang,
    String version) {
  public ConnectionView {
    subscriptions = List.copyOf(subscriptions);
    name = name == null ? "" : name;
    lang = lang == null ? "" : lang;
    version = version == null ? "" : version;
  }

  /**
   * One subscription ({@code SubDetail}).
   *
   * @param queue queue group, empty if none
   * @param msgs messages delivered to it
   * @param max auto-unsubscribe limit, 0 for none
   */
  public record SubscriptionView(String subject, String queue, String sid, long msgs, long max) {
    public SubscriptionView {
      queue = queue == null ? "" : queue;
      max = Math.max(0, max);
    }
  }
}
