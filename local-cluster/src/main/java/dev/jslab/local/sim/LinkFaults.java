package dev.jslab.local.sim;

/**
 * What one directed link does to the messages that cross it. Immutable.
 *
 * @param latencyNanos the base one-way delay
 * @param jitterNanos a uniform extra delay in {@code [0, jitterNanos]}, drawn per message
 * @param lossRate the probability a message is dropped, in {@code [0, 1]}
 * @param duplicateRate the probability a delivered message arrives a second time
 * @param reorderRate the probability a message is held back by an extra {@code 1–3 ×} latency
 *     plus jitter, so later ones overtake it
 */
public record LinkFaults(
    long latencyNanos, long jitterNanos, double lossRate, double duplicateRate, double reorderRate) {
  /** A perfect link: no delay, nothing lost, duplicated or reordered. */
  public static final LinkFaults NONE = new LinkFaults(0, 0, 0, 0, 0);

  public LinkFaults {
    if (latencyNanos < 0 || jitterNanos < 0) {
      throw new IllegalArgumentException("latency and jitter must not be negative");
    }
    checkRate("lossRate", lossRate);
    checkRate("duplicateRate", duplicateRate);
    checkRate("reorderRate", reorderRate);
  }

  /** A link with only a fixed delay. */
  public static LinkFaults latency(long nanos) {
    return new LinkFaults(nanos, 0, 0, 0, 0);
  }

  /** This link with messages lost at {@code rate}. */
  public LinkFaults withLoss(double rate) {
    return new LinkFaults(latencyNanos, jitterNanos, rate, duplicateRate, reorderRate);
  }

  /** This link with {@code nanos} of jitter. */
  public LinkFaults withJitter(long nanos) {
    return new LinkFaults(latencyNanos, nanos, lossRate, duplicateRate, reorderRate);
  }

  /** This link with messages duplicated at {@code rate}. */
  public LinkFaults withDuplication(double rate) {
    return new LinkFaults(latencyNanos, jitterNanos, lossRate, rate, reorderRate);
  }

  /** This link with messages held back (reordered) at {@code rate}. */
  public LinkFaults withReordering(double rate) {
    return new LinkFaults(latencyNanos, jitterNanos, lossRate, duplicateRate, rate);
  }

  private static void checkRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1 (was " + rate + ")");
    }
  }
}
