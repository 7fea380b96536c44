package dev.jslab.engine.stream;

/**
 * Defaults a stream imposes on its consumers: an inactive threshold and a max ack pending; 0
 * means none.
 */
public record ConsumerLimits(long inactiveThresholdNanos, long maxAckPending) {
  public static final ConsumerLimits NONE = new ConsumerLimits(0, 0);
}
