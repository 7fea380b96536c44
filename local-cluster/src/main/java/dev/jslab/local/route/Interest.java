package dev.jslab.local.route;

/**
 * One kind of interest a node announces: a subject filter and, for a queue subscription, its
 * group (null for plain subscriptions and for what the node's JetStream takes). Immutable.
 */
public record Interest(String filter, String queue) {
  /** Plain interest in {@code filter}. */
  public static Interest plain(String filter) {
    return new Interest(filter, null);
  }
}
