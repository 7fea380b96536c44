package dev.jslab.local.net;

import dev.jslab.engine.monitor.ConnectionView;
import dev.jslab.engine.monitor.ServerTraffic;
import dev.jslab.engine.protocol.ClientSession;
import dev.jslab.engine.protocol.ConnectionStats;
import dev.jslab.engine.protocol.Subscription;
import dev.jslab.engine.time.TimeSource;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A client listener's connections as monitoring sees them: when each started and was last active
 * (stamped with the node's clock), and the traffic of the connections that have closed, so
 * {@code /varz} counts every message since the listener opened and {@code /connz} shows the open
 * ones.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class MonitoredConnections {
  /** One open connection; the listener keeps it from its session's start to its close. */
  static final class Tracked {
    private final long cid;
    private final ClientSession session;
    private final InetSocketAddress remote;
    private final LongSupplier pendingBytes;
    private final long startNanos;
    private long lastActivityNanos;

    private Tracked(
        long cid,
        ClientSession session,
        InetSocketAddress remote,
        LongSupplier pendingBytes,
        long startNanos) {
      this.cid = cid;
      this.session = session;
      this.remote = remote;
      this.pendingBytes = pendingBytes;
      this.startNanos = startNanos;
      this.lastActivityNanos = startNanos;
    }
  }

  private final Map<Long, Tracked> open = new LinkedHashMap<>();
  private TimeSource clock = MonitoredConnections::wallClockNanos;
  private long totalConnections;
  private long slowConsumers;
  private long closedInMsgs;
  private long closedOutMsgs;
  private long closedInBytes;
  private long closedOutBytes;

  private static long wallClockNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Stamps start and activity with {@code clock} (the node's time) from now on. */
  void useClock(TimeSource clock) {
    this.clock = clock;
  }

  /** A connection's session started. */
  Tracked opened(
      long cid, ClientSession session, InetSocketAddress remote, LongSupplier pendingBytes) {
    Tracked t = new Tracked(cid, session, remote, pendingBytes, clock.nowNanos());
    session.setSinceOpened(() -> clock.nowNanos() - t.startNanos);
    open.put(cid, t);
    totalConnections++;
    return t;
  }

  /** Stamps the connection's activity if its client did anything since the last call. */
  void touched(Tracked t) {
    if (t != null && t.session.stats().takeActivity()) {
      t.lastActivityNanos = clock.nowNanos();
    }
  }

  /** A client was cut off for not reading. */
  void slowConsumer() {
    slowConsumers++;
  }

  /** The connection closed: its traffic moves into the closed totals. Idempotent. */
  void closed(Tracked t) {
    if (t == null || open.remove(t.cid) == null) {
      return;
    }
    ConnectionStats st = t.session.stats();
    closedInMsgs += st.inMsgs();
    closedOutMsgs += st.outMsgs();
    closedInBytes += st.inBytes();
    closedOutBytes += st.outBytes();
  }

  /** The open connections, in the order they started. */
  List<ConnectionView> views() {
    List<ConnectionView> views = new ArrayList<>();
    for (Tracked t : open.values()) {
      if (t.session.isClosed()) {
        continue;
      }
      List<ConnectionView.SubscriptionView> subs = new ArrayList<>();
      for (Subscription s : t.session.subscriptions()) {
        subs.add(
            new ConnectionView.SubscriptionView(
                s.subject(), s.queue(), s.sid(), s.delivered(), s.max()));
      }
      ConnectionStats st = t.session.stats();
      views.add(
          new ConnectionView(
              t.cid,
              t.remote == null ? "" : t.remote.getAddress().getHostAddress(),
              t.remote == null ? 0 : t.remote.getPort(),
              t.startNanos,
              t.lastActivityNanos,
              t.session.rttNanos(),
              Math.max(0, t.pendingBytes.getAsLong()),
              st.inMsgs(),
              st.outMsgs(),
              st.inBytes(),
              st.outBytes(),
              subs,
              t.session.options().name(),
              t.session.options().lang(),
              t.session.options().version()));
    }
    return views;
  }

  /** Traffic since the listener opened, closed connections included. */
  ServerTraffic traffic() {
    long inMsgs = closedInMsgs;
    long outMsgs = closedOutMsgs;
    long inBytes = closedInBytes;
    long outBytes = closedOutBytes;
    for (Tracked t : open.values()) {
      ConnectionStats st = t.session.stats();
      inMsgs += st.inMsgs();
      outMsgs += st.outMsgs();
      inBytes += st.inBytes();
      outBytes += st.outBytes();
    }
    return new ServerTraffic(inMsgs, outMsgs, inBytes, outBytes, totalConnections, slowConsumers);
  }

  /** Subscriptions of the open connections. */
  int subscriptionCount() {
    int n = 0;
    for (Tracked t : open.values()) {
      if (!t.session.isClosed()) {
        n += t.session.subscriptions().size();
      }
    }
    return n;
  }
}
