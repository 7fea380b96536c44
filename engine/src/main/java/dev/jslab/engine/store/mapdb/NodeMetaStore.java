package dev.jslab.engine.store.mapdb;

import java.nio.file.Path;
import java.util.Map;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * A node's own small durable record: how many times it has started and whether its last run ended
 * with a clean shutdown. It lets a restarted node tell a recovery after a crash from a normal start.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class NodeMetaStore implements AutoCloseable {
  /** File name of the store inside the node's data directory. */
  public static final String FILE_NAME = "node.db";

  private static final String STARTS = "starts";
  private static final String CLEAN = "clean_shutdown";

  private final DB db;
  private final Map<String, Long> values;
  private final long starts;
  private final boolean recoveredFromCrash;

  private NodeMetaStore(DB db) {
    this.db = db;
    this.values = db.hashMap("meta", Serializer.STRING, Serializer.LONG).createOrOpen();
    long previousStarts = values.getOrDefault(STARTS, 0L);
    this.recoveredFromCrash = previousStarts > 0 && values.getOrDefault(CLEAN, 0L) == 0L;
    this.starts = previousStarts + 1;
    values.put(STARTS, starts);
    values.put(CLEAN, 0L);
    db.commit();
  }

  /** Opens (or creates) the store in {@code dataDir} and records this start durably. */
  public static NodeMetaStore open(Path dataDir) {
    return new NodeMetaStore(MapDbFiles.openTransactional(dataDir.resolve(FILE_NAME)));
  }

  /** How many times this node has started, this start included. */
  public long starts() {
    return starts;
  }

  /** True when the previous run ended without a clean shutdown. */
  public boolean recoveredFromCrash() {
    return recoveredFromCrash;
  }

  /** Clean shutdown: records it, commits and releases the files. */
  @Override
  public void close() {
    if (db.isClosed()) {
      return;
    }
    values.put(CLEAN, 1L);
    db.commit();
    db.close();
  }

  /** Abrupt stop: nothing uncommitted survives and no clean shutdown is recorded. */
  public void crash() {
    MapDbFiles.crash(db);
  }
}
