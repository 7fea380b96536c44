package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.consumer.ConsumerState;
import dev.jslab.engine.consumer.ConsumerStateCodec;
import dev.jslab.engine.consumer.ConsumerStateStore;
import dev.jslab.engine.jetstream.ConsumerStorage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The state of every durable consumer of a node's file streams, in one MapDB file ({@code
 * consumers.db}). A consumer's saves stay in memory until a sync writes the latest state of every
 * changed consumer in one commit, so acking costs no disk write; what a crash keeps is the state
 * as of the last sync (at-least-once: later acks are redelivered).
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class MapDbConsumerStorage implements ConsumerStorage, AutoCloseable {
  /** File name inside the node's data directory. */
  public static final String FILE_NAME = "consumers.db";

  private final DB db;
  private final Map<String, byte[]> states;
  private final Map<String, Store> open = new java.util.HashMap<>();
  private boolean uncommitted;

  private MapDbConsumerStorage(DB db) {
    this.db = db;
    this.states = db.hashMap("consumer_state", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
  }

  /** Opens (or creates) the storage in {@code dataDir}. */
  public static MapDbConsumerStorage open(Path dataDir) {
    return new MapDbConsumerStorage(MapDbFiles.openTransactional(dataDir.resolve(FILE_NAME)));
  }

  @Override
  public ConsumerStateStore open(String stream, String consumer) {
    Store store = new Store(stream + "\u0000" + consumer);
    open.put(store.key, store);
    return store;
  }

  /** Writes every changed consumer state and commits: durable against crash and power cut. */
  public void sync() {
    if (db.isClosed()) {
      return;
    }
    for (Store s : java.util.List.copyOf(open.values())) {
      s.writeIfDirty();
    }
    if (uncommitted) {
      db.commit();
      uncommitted = false;
    }
  }

  /** Clean shutdown: everything written and committed. */
  @Override
  public void close() {
    sync();
    if (!db.isClosed()) {
      db.close();
    }
  }

  /** A killed process: whatever was not synced is lost. */
  public void crash() {
    MapDbFiles.crash(db);
  }

  /** One consumer's view of the shared file. */
  private final class Store implements ConsumerStateStore {
    private final String key;
    private ConsumerState latest;
    private boolean dirty;
    private boolean deleted;

    Store(String key) {
      this.key = key;
    }

    @Override
    public Optional<ConsumerState> load() {
      if (latest != null) {
        return Optional.of(latest.copy());
      }
      byte[] bytes = states.get(key);
      return bytes == null ? Optional.empty() : Optional.of(ConsumerStateCodec.decode(bytes));
    }

    /** Keeps the consumer's own state object (confined to the same thread); encoded at sync. */
    @Override
    public void save(ConsumerState state) {
      latest = state;
      dirty = true;
    }

    void writeIfDirty() {
      if (deleted) {
        states.remove(key);
        open.remove(key);
        uncommitted = true;
        return;
      }
      if (dirty) {
        states.put(key, ConsumerStateCodec.encode(latest));
        dirty = false;
        uncommitted = true;
      }
    }

    @Override
    public void sync() {
      MapDbConsumerStorage.this.sync();
    }

    @Override
    public void close() {
      if (!db.isClosed()) {
        writeIfDirty();
        MapDbConsumerStorage.this.sync();
      }
      open.remove(key);
    }

    @Override
    public void crash() {
      open.remove(key);
    }

    @Override
    public void delete() {
      deleted = true;
      latest = null;
      if (!db.isClosed()) {
        writeIfDirty();
      }
    }
  }
}
