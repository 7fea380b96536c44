package dev.jslab.local.net;

import dev.jslab.engine.hub.MessageHub;
import dev.jslab.engine.monitor.ConnectionView;
import dev.jslab.engine.monitor.ServerTraffic;
import dev.jslab.engine.time.TimeSource;
import dev.jslab.engine.protocol.ClientAuth;
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
 * bytes: a client that does not read is cut off as a slow consumer, the others go on.
 *
 * <p>{@link #drain()}, {@link #requestDrain()} and the monitoring views must be called on the
 * node's executor; {@link #open} and {@link #close} from any thread.
 */
public final class ClientListener implements AutoCloseable {
  /** nats-server's default {@code max_pending}: 64 MB queued for one client. */
  public static final long DEFAULT_MAX_PENDING = 64L * 1024 * 1024;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientListener.class);
  private static final AtomicLong CLIENT_IDS = new AtomicLong();

  private final String serverName;
  private final Executor executor;
  private final MessageHub hub;
  private final long maxPending;
  private final ServerSocket server;
  private final Thread acceptThread;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private boolean drainScheduled; // confined to the executor
  private final MonitoredConnections monitored = new MonitoredConnections(); // the executor's

  private ClientListener(
      String serverName, Executor executor, MessageHub hub, long maxPending, ServerSocket server) {
    this.serverName = serverName;
    this.executor = executor;
    this.hub = hub;
    this.maxPending = maxPending;
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
    return open(serverName, port, executor, hub, DEFAULT_MAX_PENDING);
  }

  /** As {@link #open(String, int, Executor, MessageHub)}, with a per-client pending limit. */
  public static ClientListener open(
      String serverName, int port, Executor executor, MessageHub hub, long maxPending)
      throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    ClientListener listener = new ClientListener(serverName, executor, hub, maxPending, server);
    listener.acceptThread.start();
    return listener;
  }

  /**
   * As {@link #open(String, int, Executor, MessageHub)}, stamping connection start and activity
   * with {@code clock} (the node's time) for monitoring. Call on the node's executor.
   */
  public static ClientListener open(
      String serverName, int port, Executor executor, MessageHub hub, TimeSource clock)
      throws IOException {
    ClientListener listener = open(serverName, port, executor, hub);
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
    return server.getLocalPort();
  }

  /** {@code nats://127.0.0.1:<port>}. */
  public String url() {
    return "nats://127.0.0.1:" + port();
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
        if (!closed) {
          LOG.warn("accept failed on {}", serverName, e);
        }
        return;
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
    private final InputStream in;
    private final OutputStream out;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final Thread reader;
    private final Thread writer;
    private volatile boolean gone;
    private ClientSession session; // confined to the executor
    private MonitoredConnections.Tracked tracked; // confined to the executor

    Connection(Socket socket, long clientId) throws IOException {
      this.socket = socket;
      this.clientId = clientId;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
      this.reader = new Thread(this::readLoop, "nats-read-" + serverName + "-" + clientId);
      this.writer = new Thread(this::writeLoop, "nats-write-" + serverName + "-" + clientId);
      reader.setDaemon(true);
      writer.setDaemon(true);
    }

    void start() {
      byte[] info =
          Info.builder()
              .serverName(serverName)
              .serverId(serverName)
              .port(port())
              .host("127.0.0.1")
              .clientId(clientId)
              .jetstream(true)
              .headers(true)
              .build()
              .bytes();
      enqueue(info);
      InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
      onExecutor(
          () -> {
            session = new ClientSession(clientId, hub, ClientAuth.none());
            tracked = monitored.opened(clientId, session, remote, pending::get);
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

    /** On the executor: hands the session's outputs to the writer. */
    void drainSession() {
      if (session == null) {
        return;
      }
      monitored.touched(tracked);
      for (SessionOutput output : session.drainOutputs()) {
        if (output instanceof SessionOutput.Write w) {
          if (!enqueue(w.bytes())) {
            LOG.info("{}: client {} is a slow consumer, closing it", serverName, clientId);
            monitored.slowConsumer();
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
      if (pending.addAndGet(bytes.length) > maxPending) {
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
