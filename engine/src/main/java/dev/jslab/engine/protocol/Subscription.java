package dev.jslab.engine.protocol;

/**
 * One {@code SUB} of one client: its sid, subject filter, optional queue group, and the number
 * of messages after which it ends ({@code UNSUB <sid> <max>}). Identity, not value, equality.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class Subscription {
  private final ClientSession session;
  private final String sid;
  private final String subject;
  private final String queue;
  private long max = -1;
  private long delivered;

  /** A subscription of {@code session}; {@code queue} null when not in a queue group. */
  public Subscription(ClientSession session, String sid, String subject, String queue) {
    this.session = session;
    this.sid = sid;
    this.subject = subject;
    this.queue = queue;
  }

  public ClientSession session() {
    return session;
  }

  public String sid() {
    return sid;
  }

  public String subject() {
    return subject;
  }

  /** The queue group, or null. */
  public String queue() {
    return queue;
  }

  /** Messages delivered so far. */
  public long delivered() {
    return delivered;
  }

  /** The auto-unsubscribe limit, or -1 for none. */
  public long max() {
    return max;
  }

  void setMax(long max) {
    this.max = max;
  }

  /** Counts a delivery; true when that reached the limit and the subscription must end. */
  boolean countDelivery() {
    delivered++;
    return max > 0 && delivered >= max;
  }

  @Override
  public String toString() {
    return "Subscription[" + sid + " " + subject + (queue == null ? "" : " " + queue) + "]";
  }
}
