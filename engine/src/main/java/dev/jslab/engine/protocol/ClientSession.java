package dev.jslab.engine.protocol;

import dev.jslab.engine.subject.Subjects;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One client connection's protocol state machine: feeds the client's bytes through its {@link
 * ProtocolParser}, keeps the CONNECT options and the subscriptions, and answers as nats-server
 * does ({@code PONG}, {@code +OK} when verbose, {@code -ERR} and closing on violations). What the
 * host must do is queued as {@link SessionOutput}s; publishes and subscriptions go to the {@link
 * Router}. After a close it ignores further input.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class ClientSession {
  private static final String AUTH_VIOLATION = "Authorization Violation";

  private final long clientId;
  private final ProtocolParser parser;
  private final Router router;
  private final ClientAuth auth;
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final List<SessionOutput> outputs = new ArrayList<>();
  private final ConnectionStats stats = new ConnectionStats();
  private ConnectOptions options = ConnectOptions.defaults();
  private boolean connected;
  private boolean closed;
  private boolean firstPongSent;
  private Supplier<byte[]> infoOnFirstPing = () -> null;
  private LongSupplier sinceOpened = () -> 0;
  private long rttNanos;

  /** A session with nats-server's default limits. */
  public ClientSession(long clientId, Router router, ClientAuth auth) {
    this(clientId, new ProtocolParser(), router, auth);
  }

  /** A session reading through {@code parser} (which carries the limits). */
  public ClientSession(long clientId, ProtocolParser parser, Router router, ClientAuth auth) {
    this.clientId = clientId;
    this.parser = parser;
    this.router = router;
    this.auth = auth;
    parser.setConnectRequired(auth.required());
  }

  public long clientId() {
    return clientId;
  }

  /** The options of the last accepted CONNECT, or the defaults. */
  public ConnectOptions options() {
    return options;
  }

  /**
   * Sets how long the connection has been open, read when a CONNECT is accepted: as nats-server,
   * that time is the round trip's first estimate.
   */
  public void setSinceOpened(LongSupplier nanos) {
    sinceOpened = nanos;
  }

  /** The round trip estimated at the last accepted CONNECT (at least 1 ns), 0 before one. */
  public long rttNanos() {
    return rttNanos;
  }

  /** True once CONNECT was accepted. */
  public boolean isConnected() {
    return connected;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Messages and bytes in and out, for monitoring. */
  public ConnectionStats stats() {
    return stats;
  }

  /** The live subscriptions, by sid, in subscription order. */
  public Collection<Subscription> subscriptions() {
    return Collections.unmodifiableCollection(subscriptions.values());
  }

  /**
   * Sets what to send before the {@code PONG} of the client's first {@code PING}, when it connected
   * with {@code protocol} 1 or more: the host's current {@code INFO} if it changed since the
   * connection began (null: nothing), as nats-server does for cluster changes a new client missed.
   */
  public void setInfoOnFirstPing(Supplier<byte[]> info) {
    this.infoOnFirstPing = info;
  }

  /**
   * Whether the client takes asynchronous {@code INFO} updates now: it connected with {@code
   * protocol} 1 or more and has had the {@code PONG} of its first {@code PING}.
   */
  public boolean takesAsyncInfo() {
    return !closed && connected && options.protocol() >= 1 && firstPongSent;
  }

  /** Bytes received from the client. */
  public void receive(byte[] data) {
    receive(data, 0, data.length);
  }

  /** {@code length} bytes received from the client, from {@code offset}. */
  public void receive(byte[] data, int offset, int length) {
    if (!closed) {
      parser.feed(data, offset, length, this::handle);
    }
  }

  /** Takes the outputs queued so far, oldest first. */
  public List<SessionOutput> drainOutputs() {
    List<SessionOutput> taken = List.copyOf(outputs);
    outputs.clear();
    return taken;
  }

  /** The connection went away (or the host closes it): drops every subscription. */
  public void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    for (Subscription subscription : subscriptions.values()) {
      router.unsubscribe(subscription);
    }
    subscriptions.clear();
    outputs.add(new SessionOutput.Close(reason));
  }

  /** Queues a message frame for the client; used by routers. Ignored once closed. */
  public void write(byte[] frame) {
    if (!closed) {
      outputs.add(new SessionOutput.Write(frame));
    }
  }

  /**
   * Forgets {@code subscription} after its last message (auto-unsubscribe); used by routers. The
   * session's router hears of it as of an explicit {@code UNSUB}, so interest in the subject (a
   * push consumer's deliver subject) goes away the same way.
   */
  void ended(Subscription subscription) {
    if (subscriptions.remove(subscription.sid(), subscription)) {
      router.unsubscribe(subscription);
    }
  }

  private void handle(ProtocolOp op) {
    if (closed) {
      return;
    }
    if (op instanceof ProtocolOp.Connect c) {
      connect(c);
    } else if (op instanceof ProtocolOp.Ping) {
      firstPing();
      write(MessageFrames.PONG);
    } else if (op instanceof ProtocolOp.Pub pub) {
      publish(pub);
    } else if (op instanceof ProtocolOp.Sub sub) {
      subscribe(sub);
    } else if (op instanceof ProtocolOp.Unsub unsub) {
      unsubscribe(unsub);
    } else if (op instanceof ProtocolOp.Err err) {
      close("client sent -ERR " + err.text());
    } else if (op instanceof ProtocolOp.Violation v) {
      fail(v.errText(), v.reason());
    }
    // PONG, +OK and INFO from a client need no answer
  }

  private void firstPing() {
    if (firstPongSent) {
      return;
    }
    firstPongSent = true;
    if (options.protocol() >= 1) {
      byte[] info = infoOnFirstPing.get();
      if (info != null) {
        write(info);
      }
    }
  }

  private void connect(ProtocolOp.Connect op) {
    ConnectOptions parsed = ConnectOptions.parse(op.json()).orElse(null);
    if (parsed == null) {
      fail(null, "CONNECT is not valid JSON");
      return;
    }
    if (!auth.permits(parsed)) {
      fail(AUTH_VIOLATION, "bad credentials");
      return;
    }
    if (parsed.noResponders() && !parsed.headers()) {
      fail("no responders requires headers support", "no_responders without headers");
      return;
    }
    options = parsed;
    connected = true;
    rttNanos = Math.max(1, sinceOpened.getAsLong());
    parser.setConnectRequired(false);
    parser.setHeadersAllowed(parsed.headers());
    if (parsed.verbose()) {
      write(MessageFrames.OK);
    }
  }

  private void publish(ProtocolOp.Pub pub) {
    stats.received(length(pub.headers()) + length(pub.payload()));
    boolean literal = Subjects.isValidLiteral(pub.subject());
    if (options.pedantic() && !literal) {
      write(MessageFrames.err("Invalid Publish Subject"));
    }
    if (options.verbose()) {
      write(MessageFrames.OK);
    }
    // as nats-server, a subject with wildcards is still delivered (pedantic or not): it reaches
    // the subscriptions it matches token for token ("*" as a token), and jnats relies on it for
    // filtered consumers ($JS.API.CONSUMER.CREATE.<stream>.<name>.<filter with wildcards>)
    if (literal || Subjects.isValid(pub.subject())) {
      router.publish(this, new Publish(pub.subject(), pub.reply(), pub.headers(), pub.payload()));
    }
  }

  private void subscribe(ProtocolOp.Sub sub) {
    stats.interestChanged();
    if (!Subjects.isValid(sub.subject()) || (sub.queue() != null && !validQueue(sub.queue()))) {
      write(MessageFrames.err("Invalid Subject"));
      return;
    }
    if (!subscriptions.containsKey(sub.sid())) {
      Subscription subscription = new Subscription(this, sub.sid(), sub.subject(), sub.queue());
      subscriptions.put(sub.sid(), subscription);
      router.subscribe(subscription);
    }
    if (options.verbose()) {
      write(MessageFrames.OK);
    }
  }

  private void unsubscribe(ProtocolOp.Unsub unsub) {
    stats.interestChanged();
    Subscription subscription = subscriptions.get(unsub.sid());
    if (subscription != null) {
      if (unsub.max() > 0 && unsub.max() > subscription.delivered()) {
        subscription.setMax(unsub.max());
      } else {
        subscriptions.remove(unsub.sid());
        router.unsubscribe(subscription);
      }
    }
    if (options.verbose()) {
      write(MessageFrames.OK);
    }
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private static boolean validQueue(String queue) {
    return !queue.isEmpty();
  }

  private void fail(String errText, String reason) {
    if (errText != null) {
      write(MessageFrames.err(errText));
    }
    close(reason);
  }
}
