package dev.jslab.engine.node;

import dev.jslab.engine.jetstream.ConsumerStorage;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.jetstream.StreamCatalog;
import dev.jslab.engine.jetstream.StreamStorage;
import dev.jslab.engine.store.mapdb.MapDbConsumerStorage;
import dev.jslab.engine.store.mapdb.MapDbStreamCatalog;
import dev.jslab.engine.store.mapdb.MapDbStreamStorage;
import dev.jslab.engine.store.mapdb.NodeMetaStore;

/**
 * One JetStream node: it opens its data directory (recovering its streams, their messages and
 * durable consumers as far as they were durable), runs its JetStream, and ends either cleanly
 * ({@link #close()}), as a killed process ({@link #crash()}) or in a power cut ({@link
 * #powerLoss()}). A node opened {@linkplain #openInMemory in memory} keeps nothing on disk.
 *
 * <p>Not thread-safe: a node is confined to one executor, which calls every method, and which
 * its {@link NodeEnvironment}'s scheduler runs timers on. A stopped node is finished; restarting
 * means opening a new node on the same directory.
 */
public final class JetStreamNode implements AutoCloseable {
  private final NodeConfig config;
  private final NodeMetaStore meta; // null in memory
  private final MapDbStreamCatalog catalog; // null in memory
  private final MapDbConsumerStorage consumers; // null in memory
  private final JetStream jetStream;
  private boolean open = true;

  private JetStreamNode(
      NodeConfig config,
      NodeMetaStore meta,
      MapDbStreamCatalog catalog,
      MapDbConsumerStorage consumers,
      JetStream jetStream) {
    this.config = config;
    this.meta = meta;
    this.catalog = catalog;
    this.consumers = consumers;
    this.jetStream = jetStream;
  }

  /**
   * Opens the node on its data directory, recovering its durable state.
   *
   * @throws dev.jslab.engine.store.StorageException when the directory cannot be used
   */
  public static JetStreamNode open(NodeConfig config, NodeEnvironment env) {
    NodeMetaStore meta = NodeMetaStore.open(config.dataDir());
    MapDbStreamCatalog catalog = null;
    MapDbConsumerStorage consumers = null;
    try {
      catalog = MapDbStreamCatalog.open(config.dataDir());
      consumers = MapDbConsumerStorage.open(config.dataDir());
      JetStream js =
          JetStream.start(
              new JetStream.Environment(
                  env.scheduler(),
                  env.outbox(),
                  new MapDbStreamStorage(config.dataDir()),
                  StreamStorage.memory(),
                  consumers,
                  catalog,
                  env.syncPolicy(),
                  env.domain(),
                  env.random(),
                  env.interest()));
      return new JetStreamNode(config, meta, catalog, consumers, js);
    } catch (RuntimeException e) {
      // never leave files locked behind a node that failed to open
      if (consumers != null) {
        consumers.crash();
      }
      if (catalog != null) {
        catalog.crash();
      }
      meta.crash();
      throw e;
    }
  }

  /**
   * Opens a node that keeps nothing on disk: every stream, whatever its storage type, holds its
   * messages in memory, consumers keep their state in memory, and no catalog remembers streams,
   * so each start begins empty. Nothing is read or written under the data directory.
   */
  public static JetStreamNode openInMemory(NodeConfig config, NodeEnvironment env) {
    return openInMemory(config, env, StreamStorage.memory());
  }

  /**
   * As {@link #openInMemory(NodeConfig, NodeEnvironment)}, with file streams' stores from {@code
   * files}: an in-memory cluster keeps its replicas' stores across a node's restarts there, as it
   * keeps their Raft logs.
   */
  public static JetStreamNode openInMemory(NodeConfig config, NodeEnvironment env, StreamStorage files) {
    JetStream js =
        JetStream.start(
            new JetStream.Environment(
                env.scheduler(),
                env.outbox(),
                files,
                StreamStorage.memory(),
                ConsumerStorage.memory(),
                StreamCatalog.none(),
                env.syncPolicy(),
                env.domain(),
                env.random(),
                env.interest()));
    return new JetStreamNode(config, null, null, null, js);
  }

  /** Whether the node keeps nothing on disk. */
  public boolean inMemory() {
    return meta == null;
  }

  public NodeConfig config() {
    return config;
  }

  /** The node's JetStream: streams, consumers, templates. */
  public JetStream jetStream() {
    return jetStream;
  }

  /** What this start recovered from disk. */
  public NodeRecovery recovery() {
    if (meta == null) {
      return new NodeRecovery(1, false); // nothing on disk remembers earlier starts
    }
    return new NodeRecovery(meta.starts(), meta.recoveredFromCrash());
  }

  public boolean isOpen() {
    return open;
  }

  /** Ends a batch of work: with sync policy {@code always}, makes it durable, then lets answers go. */
  public void flush() {
    jetStream.flush();
  }

  /** Clean shutdown: everything is flushed and the files are released. Idempotent. */
  @Override
  public void close() {
    if (open) {
      open = false;
      jetStream.close();
      if (meta != null) {
        consumers.close();
        catalog.close();
        meta.close();
      }
    }
  }

  /**
   * Abrupt stop, as a killed process: only what was already written survives, and the files are
   * released so the node can be reopened in this process. Idempotent.
   */
  public void crash() {
    if (open) {
      open = false;
      jetStream.crash();
      if (meta != null) {
        consumers.crash();
        catalog.crash();
        meta.crash();
      }
    }
  }

  /** Abrupt stop, as a power cut: only what was synced survives. Idempotent. */
  public void powerLoss() {
    if (open) {
      open = false;
      jetStream.powerLoss();
      if (meta != null) {
        consumers.crash();
        catalog.crash();
        meta.crash();
      }
    }
  }
}
