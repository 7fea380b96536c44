package dev.jslab.local.net;

import dev.jslab.engine.protocol.ClientAuth;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node's client port treats its clients: the credentials they must send, how many may be
 * connected at once, how much may be queued for one of them, and how long a node in lame-duck mode
 * waits before closing them. Immutable and thread-safe.
 *
 * @param auth the credentials clients must present ({@code auth_required} in INFO when set)
 * @param maxConnections nats-server's {@code max_connections}: one more gets {@code -ERR 'maximum
 *     connections exceeded'} and is closed
 * @param maxPending nats-server's {@code max_pending}: bytes queued for one client before it is
 *     cut off as a slow consumer
 * @param lameDuckGrace how long a gracefully stopping node keeps its clients after announcing
 *     lame-duck mode (nats-server's {@code lame_duck_grace_period}, 10 s there; shorter here, as a
 *     lab stops nodes often)
 */
public record ClientPortOptions(
    ClientAuth auth, int maxConnections, long maxPending, Duration lameDuckGrace) {
  /** nats-server's default {@code max_connections}: 64K. */
  public static final int DEFAULT_MAX_CONNECTIONS = 64 * 1024;
  /** The lab's default lame-duck grace. */
  public static final Duration DEFAULT_LAME_DUCK_GRACE = Duration.ofSeconds(2);

  public ClientPortOptions {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(lameDuckGrace, "lameDuckGrace");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("max connections must be at least 1: " + maxConnections);
    }
    if (maxPending < 1) {
      throw new IllegalArgumentException("max pending must be at least 1: " + maxPending);
    }
    if (lameDuckGrace.isNegative()) {
      throw new IllegalArgumentException("lame duck grace can not be negative: " + lameDuckGrace);
    }
  }

  /** No authentication, nats-server's limits, the lab's lame-duck grace. */
  public static ClientPortOptions defaults() {
    return new ClientPortOptions(
        ClientAuth.none(),
        DEFAULT_MAX_CONNECTIONS,
        ClientListener.DEFAULT_MAX_PENDING,
        DEFAULT_LAME_DUCK_GRACE);
  }

  public ClientPortOptions withAuth(ClientAuth v) {
    return new ClientPortOptions(v, maxConnections, maxPending, lameDuckGrace);
  }

  public ClientPortOptions withMaxConnections(int v) {
    return new ClientPortOptions(auth, v, maxPending, lameDuckGrace);
  }

  public ClientPortOptions withMaxPending(long v) {
    return new ClientPortOptions(auth, maxConnections, v, lameDuckGrace);
  }

  public ClientPortOptions withLameDuckGrace(Duration v) {
    return new ClientPortOptions(auth, maxConnections, maxPending, v);
  }
}
