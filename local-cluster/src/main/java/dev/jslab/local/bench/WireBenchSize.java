package dev.jslab.local.bench;

/**
 * Messages per round for each kind of wire figure.
 *
 * @param core core publish/subscribe messages
 * @param sync synchronously published JetStream messages
 * @param async asynchronously published JetStream messages
 * @param fetch messages fetched and acked
 */
public record WireBenchSize(int core, int sync, int async, int fetch) {
  /** The sizes {@code jslab bench} uses unless told otherwise. */
  public static final WireBenchSize DEFAULT = new WireBenchSize(1_000_000, 10_000, 100_000, 100_000);

  public WireBenchSize {
    if (core < 1 || sync < 1 || async < 1 || fetch < 1) {
      throw new IllegalArgumentException("message counts must be at least 1");
    }
  }

  /** Every count divided by {@code divisor} (at least 1 each), for quick runs and tests. */
  public WireBenchSize scaledDown(int divisor) {
    return new WireBenchSize(
        Math.max(1, core / divisor),
        Math.max(1, sync / divisor),
        Math.max(1, async / divisor),
        Math.max(1, fetch / divisor));
  }
}
