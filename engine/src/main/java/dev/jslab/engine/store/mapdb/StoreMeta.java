package dev.jslab.engine.store.mapdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The store's own small record, {@code meta.db}: its sequence marks as of the last commit, and as
 * of the last sync with the sync generation. A crash recovers the committed marks; a power cut
 * rolls everything back to the synced ones.
 *
 * <p>Not thread-safe: confined to its store.
 */
final class StoreMeta {
  static final String FILE_NAME = "meta.db";

  /**
   * A store's sequence marks.
   *
   * @param first every sequence below is removed (the store's first sequence)
   * @param last the last sequence assigned
   * @param lastTs the timestamp of the last message appended, 0 before any
   */
  record Marks(long first, long last, long lastTs) {}

  private final DB db;
  private final Map<String, Long> values;
  private final Path file;
  private final boolean fsync;
  private boolean dirty;

  private StoreMeta(DB db, boolean created, Path file, boolean fsync) {
    this.db = db;
    this.file = file;
    this.fsync = fsync;
    this.values = db.hashMap("meta", Serializer.STRING, Serializer.LONG).createOrOpen();
    this.dirty = created;
  }

  /**
   * Opens or creates {@code meta.db} in {@code directory}.
   *
   * @throws org.mapdb.DBException when MapDB cannot open it
   */
  static StoreMeta open(Path directory, boolean fsync) {
    Path file = directory.resolve(FILE_NAME);
    boolean created = !Files.exists(file);
    DB db = MapDbFiles.openUnlocked(file, false); // forced at sync() only
    try {
      return new StoreMeta(db, created, file, fsync);
    } catch (RuntimeException e) {
      MapDbFiles.crash(db);
      throw e;
    }
  }

  /** True when nothing was ever committed: a new store. */
  boolean isEmpty() {
    return !values.containsKey("c.last");
  }

  Marks committed() {
    return new Marks(get("c.first"), get("c.last"), get("c.lastTs"));
  }

  Marks synced() {
    return new Marks(get("s.first"), get("s.last"), get("s.lastTs"));
  }

  /** The replication mark as of the last sync (0 before any; see {@code MessageStore#markApplied}). */
  long syncedApplied() {
    return values.getOrDefault("s.applied", 0L);
  }

  /** The generation of the last sync (0 before any). */
  long syncedGeneration() {
    return values.getOrDefault("s.gen", 0L);
  }

  /** Commits {@code marks} as the committed marks. */
  void commit(Marks marks) {
    put("c.", marks);
    db.commit();
    dirty = false;
  }

  /**
   * Commits {@code marks} as both the committed and the synced marks, with the generation, and
   * forces the file to disk (with fsync on).
   */
  void sync(Marks marks, long generation) throws IOException {
    sync(marks, generation, syncedApplied());
  }

  /** As {@link #sync(Marks, long)}, recording {@code applied} as the synced replication mark. */
  void sync(Marks marks, long generation, long applied) throws IOException {
    put("c.", marks);
    put("s.", marks);
    values.put("s.gen", generation);
    values.put("s.applied", applied);
    db.commit();
    dirty = false;
    if (fsync) {
      MapDbFiles.force(file);
    }
  }

  /** Releases the file, dropping what was not committed. */
  void release() {
    MapDbFiles.release(db, dirty);
  }

  private void put(String prefix, Marks marks) {
    values.put(prefix + "first", marks.first());
    values.put(prefix + "last", marks.last());
    values.put(prefix + "lastTs", marks.lastTs());
  }

  private long get(String key) {
    Long v = values.get(key);
    if (v == null) {
      throw new CorruptDataException("meta.db lacks " + key);
    }
    return v;
  }
}
