package dev.jslab.engine.consumer;

/**
 * A pull request waiting for messages, as nats-server's {@code waitingRequest}: its remaining
 * batch and byte budget, how many it got, its deadline and heartbeat schedule.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class WaitingRequest {
  final String reply;
  /** Messages still wanted (may go to zero or below, as in nats-server). */
  long remaining;
  /** Messages delivered to it. */
  long delivered;
  /** Bytes still allowed, 0 for no limit. */
  long bytes;
  final boolean expiring;
  final long expiresAt;
  final long receivedAt;
  final long heartbeatNanos;
  /** When the next idle heartbeat is due; 0 when it has none. */
  long nextHeartbeatAt;
  final boolean noWait;

  WaitingRequest(
      String reply, long batch, long maxBytes, boolean noWait, boolean expiring, long expiresAt,
      long heartbeatNanos, long nowNanos) {
    this.reply = reply;
    this.remaining = batch;
    this.bytes = maxBytes;
    this.noWait = noWait;
    this.expiring = expiring;
    this.expiresAt = expiresAt;
    this.heartbeatNanos = heartbeatNanos;
    this.nextHeartbeatAt = heartbeatNanos > 0 ? nowNanos + heartbeatNanos : 0;
    this.receivedAt = nowNanos;
  }
}
