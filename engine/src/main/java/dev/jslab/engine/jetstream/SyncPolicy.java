package dev.jslab.engine.jetstream;

/**
 * When a node makes file storage durable. {@code always}: before any PubAck leaves (many
 * messages of one batch share one sync). An interval: every so often, acknowledging before the
 * data is durable — nats-server's default, every 2 minutes — so a power cut can lose
 * acknowledged messages.
 *
 * @param intervalNanos 0 for always, else the time between syncs
 */
public record SyncPolicy(long intervalNanos) {
  /** nats-server's default sync interval: two minutes. */
  public static final SyncPolicy DEFAULT_INTERVAL = new SyncPolicy(120_000_000_000L);
  /** Sync before acknowledging. */
  public static final SyncPolicy ALWAYS = new SyncPolicy(0);

  public SyncPolicy {
    if (intervalNanos < 0) {
      throw new IllegalArgumentException("sync interval can not be negative: " + intervalNanos);
    }
  }

  public boolean isAlways() {
    return intervalNanos == 0;
  }
}
