package dev.jslab.engine.protocol;

/**
 * One connection's traffic as nats-server counts it for {@code /connz}: messages and bytes
 * (headers plus payload) received from the client and delivered to it, and whether the client was
 * active (published, subscribed, unsubscribed or received a message) since the host last asked —
 * the host stamps {@code last_activity} with its own clock.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class ConnectionStats {
  private long inMsgs;
  private long inBytes;
  private long outMsgs;
  private long outBytes;
  private boolean active;

  /** A message of {@code size} bytes (headers plus payload) came from the client. */
  void received(int size) {
    inMsgs++;
    inBytes += size;
    active = true;
  }

  /** A message of {@code size} bytes (headers plus payload) was queued for the client. */
  void sent(int size) {
    outMsgs++;
    outBytes += size;
    active = true;
  }

  /** The client changed its interest (SUB or UNSUB). */
  void interestChanged() {
    active = true;
  }

  public long inMsgs() {
    return inMsgs;
  }

  public long inBytes() {
    return inBytes;
  }

  public long outMsgs() {
    return outMsgs;
  }

  public long outBytes() {
    return outBytes;
  }

  /** Whether the connection was active since the last call; clears the mark. */
  public boolean takeActivity() {
    boolean was = active;
    active = false;
    return was;
  }
}
