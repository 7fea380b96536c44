package dev.jslab.engine.node;

import dev.jslab.engine.store.mapdb.NodeMetaStore;

/**
 * One JetStream node: it opens its data directory (recovering whatever was durably stored), runs,
 * and ends either cleanly ({@link #close()}) or abruptly ({@link #crash()}, as a killed process).
 *
 * <p>Not thread-safe: a node is confined to one executor, which calls every method. A closed or
 * crashed node is finished; restarting means opening a new node on the same directory.
 */
public final class JetStreamNode implements AutoCloseable {
  private final NodeConfig config;
  private final NodeMetaStore meta;
  private boolean open = true;

  private JetStreamNode(NodeConfig config, NodeMetaStore meta) {
    this.config = config;
    this.meta = meta;
  }

  /**
   * Opens the node on its data directory, recovering its durable state.
   *
   * @throws dev.jslab.engine.store.StorageException when the directory cannot be used
   */
  public static JetStreamNode open(NodeConfig config) {
    return new JetStreamNode(config, NodeMetaStore.open(config.dataDir()));
  }

  public NodeConfig config() {
    return config;
  }

  /** What this start recovered from disk. */
  public NodeRecovery recovery() {
    return new NodeRecovery(meta.starts(), meta.recoveredFromCrash());
  }

  public boolean isOpen() {
    return open;
  }

  /** Clean shutdown: everything is flushed and the files are released. Idempotent. */
  @Override
  public void close() {
    if (open) {
      open = false;
      meta.close();
    }
  }

  /**
   * Abrupt stop, as a killed process: only what was already durable survives, and the files are
   * released so the node can be reopened in this process. Idempotent.
   */
  public void crash() {
    if (open) {
      open = false;
      meta.crash();
    }
  }
}
