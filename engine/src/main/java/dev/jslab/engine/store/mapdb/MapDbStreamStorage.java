package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.jetstream.StreamStorage;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.stream.StreamConfig;
import java.nio.file.Path;

/**
 * File storage for a node's streams: one {@link MapDbMessageStore} per stream, in {@code
 * <dataDir>/streams/<stream>}.
 *
 * <p>Confined to the node's executor.
 */
public final class MapDbStreamStorage implements StreamStorage {
  private final Path streamsDir;

  public MapDbStreamStorage(Path dataDir) {
    this.streamsDir = dataDir.resolve("streams");
  }

  /** Where {@code stream}'s files live. */
  public Path directoryOf(String stream) {
    return streamsDir.resolve(stream);
  }

  @Override
  public MessageStore create(StreamConfig config) {
    return MapDbMessageStore.open(directoryOf(config.name()), Math.max(1, config.firstSeq()));
  }

  @Override
  public MessageStore open(StreamConfig config) {
    return create(config);
  }

  /**
   * The store as of its last sync: what was written since (committed or not) is undone, as a power
   * cut would, so the store holds exactly what its {@link MessageStore#appliedMark()} says.
   */
  @Override
  public MessageStore openAtLastSync(StreamConfig config) {
    Path dir = directoryOf(config.name());
    if (java.nio.file.Files.isDirectory(dir)) {
      DirectoryLock lock = DirectoryLock.acquire(dir);
      try {
        PowerCut.rollBack(dir, MapDbStoreOptions.DEFAULTS);
      } finally {
        lock.release();
      }
    }
    return open(config);
  }

  @Override
  public void delete(String streamName) {
    // the store's own delete() removed its files; nothing else lives in its directory
  }
}
