package dev.jslab.local.net;

import dev.jslab.engine.hub.MessageHub;
import dev.jslab.engine.protocol.ClientSession;
import dev.jslab.engine.protocol.Info;
import dev.jslab.engine.protocol.SessionOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's NATS client port: accepts TCP connections on 127.0.0.1, writes the {@code INFO}
 * line, and runs each connection's {@link ClientSession} on the node's executor. Every connection
 * has a reader thread (bytes go to the executor) and a writer thread fed by a queue bounded in
 * bytes: a client that does not read is cut off as a slow consumer, the others go on. As
 * nats-server, it turns away connections over {@code max_connections}, tells clients that take
 * asynchronous INFO when the cluster's client URLs change, and in lame-duck mode stops accepting
 * and tells them to go elsewhere ({@code "ldm":true}) before the node closes them.
 *
 * <p>{@link #drain()} and {@link #requestDrain()} must be called on the node's executor; the other
 * methods from any thread.
 */
public final class ClientListener implements AutoCloseable {
  /** nats-server's default {@code max_pending}: 64 MB queued for one client. */
  public static final long DEFAULT_MAX_PENDING = 64L * 1024 * 1024;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientListener.class);
  private static final AtomicLong CLIENT_IDS = new AtomicLong();

  private final String serverName;
  private final Executor executor;
  private final MessageHub hub;
  private final ClientPortOptions options;
  private final ServerSocket server;
  private final Thread acceptThread;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private volatile boolean lameDuck;
  private volatile String cluster = "";
  private volatile List<String> connectUrls = List.of();
  private final AtomicLong urlsVersion = new AtomicLong();
  private boolean drainScheduled; // confined to the executor

  private ClientListener(
      String serverName,
      Executor executor,
      MessageHub hub,
      ClientPortOptions options,
      ServerSocket server) {
    this.serverName = serverName;
    this.executor = executor;
    this.hub = hub;
    this.options = options;
    this.server = server;
    this.acceptThread = new Thread(this::acceptLoop, "nats-accept-" + serverName);
    acceptThread.setDaemon(true);
  }

  /**
   * Listens on 127.0.0.1:{@code port} (0 for an ephemeral port).
   *
   * @throws IOException when the port cannot be bound
   */
  public static ClientListener open(String serverName, int port, Executor executor, MessageHub hub)
      throws IOException {
    return open(serverName, port, executor, hub, ClientPortOptions.defaults());
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
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    ClientListener listener = new ClientListener(serverName, executor, hub, options, server);
    listener.acceptThread.start();
    return listener;
  }

  /** The bound port. */
  public int port() {
    return server.getLocalPort();
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
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("closing server socket", e);
    }
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
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("closing server socket", e);
    }
    for (Connection c : new ArrayList<>(connections)) {
      c.shutdown();
    }
    try {
      acceptThread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed && !lameDuck) {
          LOG.warn("accept failed on {}", serverName, e);
        }
        return;
      }
      if (connections.size() >= options.maxConnections()) {
        turnAway(socket, CLIENT_IDS.incrementAndGet());
        continue;
      }
      try {
        socket.setTcpNoDelay(true);
        Connection c = new Connection(socket, CLIENT_IDS.incrementAndGet());
        connections.add(c);
        if (closed) {
          c.shutdown();
          return;
        }
        c.start();
      } catch (IOException | RuntimeException e) {
        LOG.debug("dropping a connection that failed to start", e);
        closeQuietly(socket);
      }
    }
  }

  /** One connection over {@code max_connections}: turned away as nats-server does. */
  private void turnAway(Socket socket, long clientId) {
    LOG.info(
        "{}: maximum connections exceeded ({}), closing client {}",
        serverName, options.maxConnections(), clientId);
    String ip = socket.getInetAddress().getHostAddress();
    TurnAway.start(
        socket,
        info(clientId, ip, false, connectUrls),
        "nats-turn-away-" + serverName + "-" + clientId);
  }

  private byte[] info(long clientId, String clientIp, boolean ldm, List<String> urls) {
    return Info.builder()
        .serverName(serverName)
        .serverId(serverName)
        .port(port())
        .host("127.0.0.1")
        .authRequired(options.auth().required())
        .clientId(clientId)
        .clientIp(clientIp)
        .cluster(cluster)
        .connectUrls(urls)
        .lameDuck(ldm)
        .jetstream(true)
        .headers(true)
        .build()
        .bytes();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  private static final byte[] CLOSE_MARKER = new byte[0];

  /** One client connection; its session is confined to the node's executor. */
  private final class Connection {
    private final Socket socket;
    private final long clientId;
    private final String clientIp;
    private final InputStream in;
    private final OutputStream out;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final Thread reader;
    private final Thread writer;
    private volatile boolean gone;
    private ClientSession session; // confined to the executor

    Connection(Socket socket, long clientId) throws IOException {
      this.socket = socket;
      this.clientId = clientId;
      this.clientIp = socket.getInetAddress().getHostAddress();
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
      this.reader = new Thread(this::readLoop, "nats-read-" + serverName + "-" + clientId);
      this.writer = new Thread(this::writeLoop, "nats-write-" + serverName + "-" + clientId);
      reader.setDaemon(true);
      writer.setDaemon(true);
    }

    void start() {
      long version = urlsVersion.get();
      enqueue(info(clientId, clientIp, false, connectUrls));
      onExecutor(
          () -> {
            session = new ClientSession(clientId, hub, options.auth());
            // a client that connected before a cluster change learns of it on its first PING
            session.setInfoOnFirstPing(
                () ->
                    urlsVersion.get() != version && !lameDuck
                        ? info(clientId, clientIp, false, connectUrls)
                        : null);
          });
      writer.start();
      reader.start();
    }

    private void readLoop() {
      byte[] buffer = new byte[64 * 1024];
      try {
        while (!gone) {
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          byte[] chunk = java.util.Arrays.copyOf(buffer, n);
          onExecutor(
              () -> {
                if (session != null && !session.isClosed()) {
                  hub.receive(session, chunk, 0, chunk.length);
                  drain();
                }
              });
        }
      } catch (IOException e) {
        // the client went away
      }
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

    /** On the executor: hands the session's outputs to the writer. */
    void drainSession() {
      if (session == null) {
        return;
      }
      for (SessionOutput output : session.drainOutputs()) {
        if (output instanceof SessionOutput.Write w) {
          if (!enqueue(w.bytes())) {
            LOG.info(
                "{}: client {}: Slow Consumer Detected: MaxPending of {} Exceeded",
                serverName, clientId, options.maxPending());
            session.close("slow consumer");
            session.drainOutputs();
            shutdown();
            return;
          }
        } else if (output instanceof SessionOutput.Close) {
          queue.add(CLOSE_MARKER);
          return;
        }
      }
    }

    private boolean enqueue(byte[] bytes) {
      if (gone) {
        return true;
      }
      if (pending.addAndGet(bytes.length) > options.maxPending()) {
        return false;
      }
      queue.add(bytes);
      return true;
    }

    private void writeLoop() {
      try {
        while (!gone) {
          byte[] bytes = queue.take();
          if (bytes == CLOSE_MARKER) {
            out.flush();
            break;
          }
          out.write(bytes);
          pending.addAndGet(-bytes.length);
          byte[] next;
          while ((next = queue.poll()) != null) {
            if (next == CLOSE_MARKER) {
              out.flush();
              shutdown();
              return;
            }
            out.write(next);
            pending.addAndGet(-next.length);
          }
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // closed underneath us
      }
      shutdown();
    }

    /** Closes the socket (ends both threads) and forgets the session. Any thread. */
    void shutdown() {
      if (gone) {
        return;
      }
      gone = true;
      connections.remove(this);
      closeQuietly(socket);
      writer.interrupt();
      try {
        executor.execute(
            () -> {
              if (session != null) {
                session.close("connection closed");
                session.drainOutputs();
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
