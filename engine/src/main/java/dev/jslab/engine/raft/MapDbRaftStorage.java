package dev.jslab.engine.raft;

import dev.jslab.engine.codec.DataCodec;
import dev.jslab.engine.store.StorageException;
import dev.jslab.engine.store.mapdb.MapDbFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * {@link RaftStorage} in one transactional MapDB file per member and group: the log keyed by
 * index, the hard state and the latest snapshot. Writes stay uncommitted until {@link #sync}, which
 * {@link RaftStorage#persist} calls once per {@link Ready}, so what a driver has persisted before
 * sending survives a crash, and nothing half-written does.
 *
 * <p>Not thread-safe: confined to the member's driver.
 */
public final class MapDbRaftStorage implements RaftStorage, AutoCloseable {
  private static final String HARD_STATE = "hard_state";
  private static final String SNAPSHOT = "snapshot";

  private final DB db;
  private final NavigableMap<Long, byte[]> log;
  private final Map<String, byte[]> meta;
  private boolean uncommitted;

  private MapDbRaftStorage(DB db) {
    this.db = db;
    this.log = db.treeMap("raft_log", Serializer.LONG, Serializer.BYTE_ARRAY).createOrOpen();
    this.meta = db.hashMap("raft_meta", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
  }

  /** Opens (or creates) the store at {@code file}; every sync is a commit forced to disk. */
  public static MapDbRaftStorage open(Path file) {
    return new MapDbRaftStorage(MapDbFiles.openTransactional(file));
  }

  @Override
  public PersistentState load() {
    HardState hard =
        Optional.ofNullable(meta.get(HARD_STATE)).map(MapDbRaftStorage::decodeHardState).orElse(HardState.INITIAL);
    Optional<Snapshot> snapshot = Optional.ofNullable(meta.get(SNAPSHOT)).map(MapDbRaftStorage::decodeSnapshot);
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<Long, byte[]> e : log.entrySet()) {
      entries.add(decodeEntry(e.getKey(), e.getValue()));
    }
    return new PersistentState(hard, snapshot, entries);
  }

  @Override
  public void saveHardState(HardState state) {
    meta.put(HARD_STATE, encode(out -> RaftStateCodec.writeHardState(out, state)));
    uncommitted = true;
  }

  @Override
  public void saveSnapshot(Snapshot snapshot) {
    meta.put(SNAPSHOT, encode(out -> RaftStateCodec.writeSnapshot(out, snapshot)));
    log.headMap(snapshot.lastIndex(), true).clear();
    uncommitted = true;
  }

  @Override
  public void truncateFrom(long index) {
    log.tailMap(index, true).clear();
    uncommitted = true;
  }

  @Override
  public void append(List<Entry> entries) {
    for (Entry e : entries) {
      log.put(e.index(), encode(out -> {
        out.writeLong(e.term());
        out.writeByte(e.type().ordinal());
        out.writeInt(e.data().length);
        out.write(e.data());
      }));
    }
    uncommitted = !entries.isEmpty() || uncommitted;
  }

  /** Commits everything since the last sync in one MapDB transaction. */
  @Override
  public void sync() {
    if (uncommitted) {
      db.commit();
      uncommitted = false;
    }
  }

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

  private static byte[] encode(DataCodec.Writer writer) {
    return DataCodec.write(writer);
  }

  private static HardState decodeHardState(byte[] bytes) {
    return DataCodec.read(bytes, RaftStateCodec::readHardState, e -> new StorageException("damaged Raft hard state", e));
  }

  private static Snapshot decodeSnapshot(byte[] bytes) {
    return DataCodec.read(bytes, RaftStateCodec::readSnapshot, e -> new StorageException("damaged Raft snapshot", e));
  }

  private static Entry decodeEntry(long index, byte[] bytes) {
    return DataCodec.read(bytes, in -> {
      long term = in.readLong();
      EntryType type = EntryType.values()[in.readByte()];
      byte[] data = new byte[in.readInt()];
      in.readFully(data);
      return new Entry(index, term, type, data);
    }, e -> new StorageException("damaged Raft log entry " + index, e));
  }
}
