package dev.jslab.engine.monitor;

/**
 * A node's client traffic since it started, closed connections included: what {@code /varz}
 * reports as {@code in_msgs}, {@code out_msgs}, {@code in_bytes}, {@code out_bytes}, {@code
 * total_connections} and {@code slow_consumers}. Immutable.
 */
public record ServerTraffic(
    long inMsgs,
    long outMsgs,
    long inBytes,
    long outBytes,
    long totalConnections,
    long slowConsumers) {
  /** No traffic yet. */
  public static final ServerTraffic NONE = new ServerTraffic(0, 0, 0, 0, 0, 0);
}
