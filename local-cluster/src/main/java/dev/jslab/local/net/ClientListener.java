package dev.jslab.local.net;

import dev.jslab.engine.hub.MessageHub;
import dev.jslab.engine.monitor.ConnectionView;
import dev.jslab.engine.monitor.ServerTraffic;
import dev.jslab.engine.time.TimeSource;
import dev.jslab.engine.protocol.ClientSession;
import dev.jslab.engine.protocol.Info;
import dev.jslab.engine.protocol.SessionOutput;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's NATS client port: accepts TCP connections on 127.0.0.1, writes the {@code INFO}
 * line, and runs each connection's {@link ClientSession} on the node's executor.
 *
 * <p>One I/O thread per listener accepts and reads (non-blocking sockets, one selector); what it
 * reads goes to the executor, which parses and routes it. Writes happen on the executor straight
 * into the socket when it takes them; what it cannot take yet waits in the connection's queue,
 * bounded in bytes, for the I/O thread to finish. A client that does not read is cut off as a slow
 * consumer; the others go on. A client whose input the node has not caught up with is not read
 * until it has, so a fast publisher cannot fill the heap. As nats-server, it turns away
 * connections over {@code max_connections}, tells clients that take asynchronous INFO when the
 * cluster's client URLs change, and in lame-duck mode stops accepting and tells them to go
 * elsewhere ({@code "ldm":true}) before the node closes them.
 *
 * <p>{@link #drain()}, {@link #requestDrain()} and the monitoring views must be called on the
 * node's executor; the other methods from any thread.
 */
public final class ClientListener implements AutoCloseable {
  /** nats-server's default {@code max_pending}: 64 MB queued for one client. */
  public static final long DEFAULT_MAX_PENDING = 64L * 1024 * 1024;

  /** Bytes read from one client and not yet processed by the node before reading pauses. */
  static final long MAX_UNPROCESSED = 4L * 1024 * 1024;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientListener.class);
  private static final AtomicLong CLIENT_IDS = new AtomicLong();
  private static final int READ_BUFFER = 64 * 1024;

  private final String serverName;
  private final Executor executor;
  private final MessageHub hub;
  private final ClientPortOptions options;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final Thread ioThread;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  /** Work for the I/O thread from other threads: interest changes, closes. */
  private final ConcurrentLinkedQueue<Runnable> ioTasks = new ConcurrentLinkedQueue<>();
  private final int port;
  private volatile boolean closed;
  private volatile boolean lameDuck;
  private volatile String cluster = "";
  private volatile String domain = "";
  private volatile String serverId;
  private volatile String xkey = "";
  private volatile List<String> connectUrls = List.of();
  private final AtomicLong urlsVersion = new AtomicLong();
  private boolean drainScheduled; // confined to the executor
  private final MonitoredConnections monitored = new MonitoredConnections(); // the executor's

  private ClientListener(
      String serverName,
      Executor executor,
      MessageHub hub,
      ClientPortOptions options,
      ServerSocketChannel server,
      Selector selector) {
    this.serverName = serverName;
    this.executor = executor;
    this.hub = hub;
    this.options = options;
    this.server = server;
    this.selector = selector;
    this.port = server.socket().getLocalPort();
    this.ioThread = new Thread(this::ioLoop, "nats-io-" + serverName);
    ioThread.setDaemon(true);
  }

  /**
   * Listens on 127.0.0.1:{@code port} (0 for an ephemeral port).
   *
   * @throws IOException when the port cannot be bound
   */
  public static ClientListener open(String serverName, int port, Executor executor, MessageHub hub)
      throws IOException {
    return open(serverName, port, executor, hub, DEFAULT_MAX_PENDING);
  }

  /** As {@link #open(String, int, Executor, MessageHub)}, with a per-client pending limit. */
  public static ClientListener open(
      String serverName, int port, Executor executor, MessageHub hub, long maxPending)
      throws IOException {
    return open(
        serverName, port, executor, hub, ClientPortOptions.defaults().withMaxPending(maxPending));
  }

  /** As {@link #open(String, int, Executor, MessageHub)}, with {@code options}. */
  public static ClientListener open(
      String serverName, int port, Executor executor, MessageHub hub, ClientPortOptions options)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    Selector selector = null;
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      server.configureBlocking(false);
      selector = Selector.open();
      server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      server.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
    ClientListener listener =
        new ClientListener(serverName, executor, hub, options, server, selector);
    listener.ioThread.start();
    return listener;
  }

  /**
   * As {@link #open(String, int, Executor, MessageHub)}, stamping connection start and activity
   * with {@code clock} (the node's time) for monitoring. Call on the node's executor.
   */
  public static ClientListener open(
      String serverName, int port, Executor executor, MessageHub hub, TimeSource clock)
      throws IOException {
    return open(serverName, port, executor, hub, ClientPortOptions.defaults(), clock);
  }

  /**
   * As {@link #open(String, int, Executor, MessageHub, ClientPortOptions)}, stamping connection
   * start and activity with {@code clock} for monitoring. Call on the node's executor.
   */
  public static ClientListener open(
      String serverName,
      int port,
      Executor executor,
      MessageHub hub,
      ClientPortOptions options,
      TimeSource clock)
      throws IOException {
    ClientListener listener = open(serverName, port, executor, hub, options);
    listener.monitored.useClock(clock);
    return listener;
  }

  /** The open connections as {@code /connz} shows them; on the node's executor. */
  public List<ConnectionView> connectionViews() {
    return monitored.views();
  }

  /** Traffic since this listener opened, closed connections included; on the node's executor. */
  public ServerTraffic traffic() {
    return monitored.traffic();
  }

  /** Client subscriptions on open connections; on the node's executor. */
  public int subscriptionCount() {
    return monitored.subscriptionCount();
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  /** {@code nats://127.0.0.1:<port>}. */
  public String url() {
    return "nats://127.0.0.1:" + port();
  }

  /** {@code 127.0.0.1:<port>}, as nats-server writes a client URL in {@code connect_urls}. */
  public String hostPort() {
    return "127.0.0.1:" + port();
  }

  /** Names the cluster in INFO ({@code "cluster"}); empty for a single server. Any thread. */
  public void setCluster(String name) {
    cluster = name == null ? "" : name;
  }

  /** Names the JetStream domain in INFO ({@code "domain"}); empty for none. Any thread. */
  public void setDomain(String name) {
    domain = name == null ? "" : name;
  }

  /** The {@code server_id} INFO reports (the server name until set). Any thread. */
  public void setServerId(String id) {
    serverId = id;
  }

  /** The {@code xkey} INFO reports (none until set). Any thread. */
  public void setXKey(String key) {
    xkey = key == null ? "" : key;
  }

  /**
   * The client URLs of the cluster's nodes, this node's first ({@code connect_urls} in INFO;
   * empty leaves it out). When they change, every client that takes asynchronous INFO gets the
   * new INFO, and one that has not sent its first PING yet gets it before that PING's PONG, as
   * nats-server does. Any thread.
   */
  public void updateConnectUrls(List<String> urls) {
    List<String> next = List.copyOf(urls);
    synchronized (urlsVersion) {
      if (next.equals(connectUrls)) {
        return;
      }
      connectUrls = next;
      urlsVersion.incrementAndGet();
    }
    if (!lameDuck) {
      onExecutorQuietly(() -> sendAsyncInfo(false, next));
    }
  }

  /**
   * Enters lame-duck mode: stops accepting clients and tells every client that takes asynchronous
   * INFO ({@code "ldm":true}) the other nodes' URLs, {@code others}, as nats-server does. The
   * connections stay open until {@link #close()}. Any thread.
   */
  public void enterLameDuck(List<String> others) {
    if (lameDuck || closed) {
      return;
    }
    lameDuck = true;
    onIoThread(
        () -> {
          try {
            server.close();
          } catch (IOException e) {
            LOG.debug("closing server socket", e);
          }
        });
    List<String> urls = List.copyOf(others);
    onExecutorQuietly(() -> sendAsyncInfo(true, urls));
  }

  /** Whether {@link #enterLameDuck} was called. */
  public boolean isLameDuck() {
    return lameDuck;
  }

  private void sendAsyncInfo(boolean ldm, List<String> urls) {
    for (Connection c : connections) {
      c.asyncInfo(ldm, urls);
    }
    drain();
  }

  private void onExecutorQuietly(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // the node is gone: nobody is left to tell
    }
  }

  private byte[] info(long clientId, String clientIp, boolean ldm, List<String> urls) {
    return Info.builder()
        .serverName(serverName)
        .serverId(serverId == null ? serverName : serverId)
        .xkey(xkey)
        .port(port())
        .host("127.0.0.1")
        .authRequired(options.auth().required())
        .clientId(clientId)
        .clientIp(clientIp)
        .cluster(cluster)
        .domain(domain)
        .connectUrls(urls)
        .lameDuck(ldm)
        .jetstream(true)
        .headers(true)
        .build()
        .bytes();
  }

  /** Open connections. */
  public int connectionCount() {
    return connections.size();
  }

  /** Writes what every session queued; on the node's executor. */
  public void drain() {
    drainScheduled = false;
    for (Connection c : connections) {
      c.drainSession();
    }
  }

  /** Schedules one {@link #drain()} soon (coalesced); on the node's executor. */
  public void requestDrain() {
    if (drainScheduled || closed) {
      return;
    }
    drainScheduled = true;
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      drainScheduled = false;
    }
  }

  /** Stops accepting and closes every connection. Idempotent; any thread. */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    if (Thread.currentThread() != ioThread) {
      try {
        ioThread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ------------------------------------------------------------------ the I/O thread

  private void ioLoop() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
    try {
      while (!closed) {
        selector.select();
        Runnable task;
        while ((task = ioTasks.poll()) != null) {
          task.run();
        }
        for (SelectionKey key : selector.selectedKeys()) {
          handle(key, buffer);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!closed) {
        LOG.warn("client I/O stopped on {}", serverName, e);
      }
    } finally {
      closeEverything();
    }
  }

  private void handle(SelectionKey key, ByteBuffer buffer) {
    if (!key.isValid()) {
      return;
    }
    if (key.isAcceptable()) {
      accept();
      return;
    }
    Connection c = (Connection) key.attachment();
    if (key.isValid() && key.isWritable()) {
      c.writeQueued();
    }
    if (key.isValid() && key.isReadable()) {
      c.read(buffer);
    }
  }

  private void accept() {
    SocketChannel channel;
    while (true) {
      try {
        channel = server.accept();
      } catch (IOException e) {
        if (!lameDuck) {
          LOG.warn("accept failed on {}", serverName, e);
        }
        return;
      }
      if (channel == null) {
        return;
      }
      if (connections.size() >= options.maxConnections()) {
        turnAway(channel, CLIENT_IDS.incrementAndGet());
        continue;
      }
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection c = new Connection(channel, CLIENT_IDS.incrementAndGet());
        c.key = channel.register(selector, SelectionKey.OP_READ, c);
        connections.add(c);
        c.start();
      } catch (IOException | RuntimeException e) {
        LOG.debug("dropping a connection that failed to start", e);
        closeQuietly(channel);
      }
    }
  }

  /** One connection over {@code max_connections}: turned away as nats-server does. */
  private void turnAway(SocketChannel channel, long clientId) {
    LOG.info(
        "{}: maximum connections exceeded ({}), closing client {}",
        serverName, options.maxConnections(), clientId);
    try {
      channel.configureBlocking(true); // TurnAway talks to it with blocking streams
    } catch (IOException e) {
      closeQuietly(channel);
      return;
    }
    String ip = channel.socket().getInetAddress().getHostAddress();
    TurnAway.start(
        channel.socket(),
        info(clientId, ip, false, connectUrls),
        "nats-turn-away-" + serverName + "-" + clientId);
  }

  private void closeEverything() {
    for (Connection c : new ArrayList<>(connections)) {
      c.shutdown();
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("closing server socket", e);
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.debug("closing selector", e);
    }
  }

  /** Runs {@code task} on the I/O thread soon. */
  private void onIoThread(Runnable task) {
    ioTasks.add(task);
    selector.wakeup();
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  /**
   * One client connection. Its session is confined to the node's executor; its socket is read by
   * the I/O thread; its output queue is guarded by the connection's monitor.
   */
  private final class Connection {
    private final SocketChannel channel;
    private final long clientId;
    private final String clientIp;
    /** Bytes the socket has not taken yet, oldest first; guarded by {@code this}. */
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final AtomicLong unprocessed = new AtomicLong();
    private long pending; // guarded by this
    private boolean closeWhenWritten; // guarded by this
    private volatile boolean readPaused; // written on the I/O thread
    private volatile SelectionKey key;
    private volatile boolean gone;
    private ClientSession session; // confined to the executor
    private MonitoredConnections.Tracked tracked; // confined to the executor

    Connection(SocketChannel channel, long clientId) {
      this.channel = channel;
      this.clientId = clientId;
      this.clientIp = channel.socket().getInetAddress().getHostAddress();
    }

    /** On the I/O thread, once registered: greets the client and opens its session. */
    void start() {
      long version = urlsVersion.get();
      write(info(clientId, clientIp, false, connectUrls));
      InetSocketAddress remote = (InetSocketAddress) channel.socket().getRemoteSocketAddress();
      onExecutor(
          () -> {
            session = new ClientSession(clientId, hub, options.auth());
            // a client that connected before a cluster change learns of it on its first PING
            session.setInfoOnFirstPing(
                () ->
                    urlsVersion.get() != version && !lameDuck
                        ? info(clientId, clientIp, false, connectUrls)
                        : null);
            tracked = monitored.opened(clientId, session, remote, this::pendingBytes);
          });
    }

    /** On the I/O thread: reads what the socket has and hands it to the executor. */
    void read(ByteBuffer buffer) {
      int n;
      try {
        buffer.clear();
        n = channel.read(buffer);
      } catch (IOException e) {
        n = -1; // the client went away
      }
      if (n < 0) {
        clientClosed();
        return;
      }
      if (n == 0) {
        return;
      }
      buffer.flip();
      byte[] chunk = new byte[n];
      buffer.get(chunk);
      if (unprocessed.addAndGet(n) > MAX_UNPROCESSED) {
        pauseReading();
      }
      onExecutor(
          () -> {
            if (session != null && !session.isClosed()) {
              hub.receive(session, chunk, 0, chunk.length);
              drain();
            }
            if (unprocessed.addAndGet(-chunk.length) <= MAX_UNPROCESSED / 2 && readPaused) {
              onIoThread(this::resumeReading);
            }
          });
    }

    private void pauseReading() {
      readPaused = true;
      key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
    }

    private void resumeReading() {
      if (readPaused && key.isValid()) {
        readPaused = false;
        key.interestOps(key.interestOps() | SelectionKey.OP_READ);
      }
    }

    private void clientClosed() {
      onExecutor(
          () -> {
            if (session != null) {
              session.close("client closed the connection");
              session.drainOutputs();
            }
            drain();
          });
      shutdown();
    }

    private void onExecutor(Runnable task) {
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        shutdown();
      }
    }

    /** On the executor: queues an asynchronous INFO if the client takes it. */
    void asyncInfo(boolean ldm, List<String> urls) {
      if (session != null && session.takesAsyncInfo()) {
        session.write(info(clientId, clientIp, ldm, urls));
      }
    }

    /** On the executor: hands the session's outputs to the socket. */
    void drainSession() {
      if (session == null) {
        return;
      }
      monitored.touched(tracked);
      List<SessionOutput> outputs = session.drainOutputs();
      int i = 0;
      while (i < outputs.size()) {
        SessionOutput output = outputs.get(i);
        if (output instanceof SessionOutput.Write) {
          int end = i;
          int bytes = 0;
          while (end < outputs.size() && outputs.get(end) instanceof SessionOutput.Write w) {
            bytes += w.bytes().length;
            end++;
          }
          if (!write(concat(outputs, i, end, bytes))) {
            LOG.info(
                "{}: client {}: Slow Consumer Detected: MaxPending of {} Exceeded",
                serverName, clientId, options.maxPending());
            monitored.slowConsumer();
            session.close("slow consumer");
            session.drainOutputs();
            shutdown();
            return;
          }
          i = end;
        } else if (output instanceof SessionOutput.Close) {
          closeAfterWriting();
          return;
        } else {
          i++;
        }
      }
    }

    /** The frames of {@code outputs[from, to)} (all writes, {@code bytes} long) as one chunk. */
    private static byte[] concat(List<SessionOutput> outputs, int from, int to, int bytes) {
      if (to - from == 1) {
        return ((SessionOutput.Write) outputs.get(from)).bytes();
      }
      byte[] chunk = new byte[bytes];
      int at = 0;
      for (int k = from; k < to; k++) {
        byte[] frame = ((SessionOutput.Write) outputs.get(k)).bytes();
        System.arraycopy(frame, 0, chunk, at, frame.length);
        at += frame.length;
      }
      return chunk;
    }

    /**
     * Writes {@code bytes} now as far as the socket takes them and queues the rest; false when
     * the queue would exceed the pending limit (a slow consumer). Any thread.
     */
    private synchronized boolean write(byte[] bytes) {
      if (gone || closeWhenWritten) {
        return true;
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      if (queue.isEmpty()) {
        try {
          channel.write(buffer);
        } catch (IOException e) {
          onIoThread(this::shutdown);
          return true;
        }
        if (!buffer.hasRemaining()) {
          return true;
        }
      }
      pending += buffer.remaining();
      if (pending > options.maxPending()) {
        return false;
      }
      boolean wasEmpty = queue.isEmpty();
      queue.add(buffer);
      if (wasEmpty) {
        onIoThread(this::wantWrites);
      }
      return true;
    }

    private void wantWrites() {
      SelectionKey k = key;
      if (k != null && k.isValid()) {
        k.interestOps(k.interestOps() | SelectionKey.OP_WRITE);
      }
    }

    /** On the I/O thread when the socket takes bytes again: writes what is queued. */
    synchronized void writeQueued() {
      try {
        while (!queue.isEmpty()) {
          ByteBuffer head = queue.peek();
          int before = head.remaining();
          channel.write(head);
          pending -= before - head.remaining();
          if (head.hasRemaining()) {
            return; // the socket is full again
          }
          queue.poll();
        }
      } catch (IOException e) {
        shutdown();
        return;
      }
      key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
      if (closeWhenWritten) {
        shutdown();
      }
    }

    /** Bytes queued for the client that the socket has not taken yet. Any thread. */
    private synchronized long pendingBytes() {
      return pending;
    }

    /** On the executor: closes once everything queued is written. */
    private synchronized void closeAfterWriting() {
      closeWhenWritten = true;
      if (queue.isEmpty()) {
        onIoThread(this::shutdown);
      }
    }

    /** Closes the socket and forgets the session. Any thread. */
    void shutdown() {
      synchronized (this) {
        if (gone) {
          return;
        }
        gone = true;
        queue.clear();
      }
      connections.remove(this);
      SelectionKey k = key;
      if (k != null) {
        k.cancel();
      }
      closeQuietly(channel);
      try {
        executor.execute(
            () -> {
              if (session != null) {
                session.close("connection closed");
                session.drainOutputs();
                monitored.closed(tracked);
              }
            });
      } catch (RejectedExecutionException e) {
        // the node is gone; nothing is left to clean up on it
      }
    }
  }

  /** For tests and logs. */
  List<Long> clientIds() {
    List<Long> ids = new ArrayList<>();
    connections.forEach(c -> ids.add(c.clientId));
    return ids;
  }
}
