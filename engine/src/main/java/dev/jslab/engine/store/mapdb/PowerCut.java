package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.store.StorageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mapdb.DBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulates a power cut on a closed store directory: everything after the last sync is undone,
 * committed or not. Segment files created since are deleted; in the others, blocks and pieces past
 * the synced last sequence are dropped (a block sealed since is cut back to what was synced) and
 * tombstones written since are removed; the committed marks go back to the synced ones. Segments
 * whose messages were all removed since the sync are still on disk (the store deletes them only
 * at a sync), so their messages come back.
 *
 * <p>Not thread-safe: runs on a directory no live store uses (the caller holds its lock).
 */
final class PowerCut {
  private static final Logger LOG = LoggerFactory.getLogger(PowerCut.class);

  private PowerCut() {}

  /** Rolls the store in {@code directory} back to its last sync. */
  static void rollBack(Path directory, MapDbStoreOptions options) {
    StoreMeta meta;
    try {
      meta = StoreMeta.open(directory, options.fsync());
    } catch (DBException e) {
      LOG.warn("store {}: no readable meta.db, nothing to roll back ({})", directory, e.toString());
      return;
    }
    try {
      if (meta.isEmpty()) {
        return;
      }
      StoreMeta.Marks synced = meta.synced();
      long generation = meta.syncedGeneration();
      for (Path file : Segment.list(directory)) {
        if (Segment.firstSeqOf(file) > synced.last()) {
          MapDbFiles.deleteFiles(file);
        } else {
          rollBack(file, synced.last(), generation, options);
        }
      }
      meta.commit(synced);
    } catch (IOException | DBException e) {
      throw new StorageException("cannot roll store " + directory + " back to its last sync: "
          + e, e);
    } finally {
      meta.release();
    }
  }

  private static void rollBack(Path file, long syncedLast, long generation,
      MapDbStoreOptions options) {
    Segment segment;
    try {
      segment = Segment.open(file, options.fsync());
    } catch (DBException e) {
      return; // damaged: the next open moves it aside
    }
    try {
      for (Long key : new ArrayList<>(segment.summaries().tailMap(syncedLast, false).keySet())) {
        segment.removeSummary(key);
      }
      Map.Entry<Long, byte[]> straddling = segment.summaries().lastEntry();
      if (straddling != null && lastOf(straddling.getValue()) > syncedLast) {
        cutBack(segment, straddling.getKey(), syncedLast);
      }
      segment.removeValues(syncedLast, Long.MAX_VALUE);
      List<Long> undone = new ArrayList<>();
      for (Map.Entry<Long, byte[]> e : segment.tombstones().entrySet()) {
        if (e.getKey() > syncedLast || generationOf(e.getValue()) > generation) {
          undone.add(e.getKey());
        }
      }
      undone.forEach(segment::removeTombstone);
      segment.commit();
    } finally {
      segment.release();
    }
  }

  private static long lastOf(byte[] summary) {
    try {
      return BlockSummary.decode(summary).last();
    } catch (CorruptDataException e) {
      return Long.MAX_VALUE; // unknown: cut the block back to be sure
    }
  }

  private static long generationOf(byte[] tombstone) {
    try {
      return Tombstone.decode(tombstone).generation();
    } catch (CorruptDataException e) {
      return Long.MAX_VALUE; // unreadable: drop it
    }
  }

  /**
   * Rewrites the block at {@code first} with only its records up to {@code syncedLast} (sealing
   * it after the sync consolidated synced and unsynced records into one value).
   */
  private static void cutBack(Segment segment, long first, long syncedLast) {
    BlockRecords records;
    try {
      records = BlockCodec.decode(segment.values(first, syncedLast));
    } catch (CorruptDataException e) {
      LOG.warn("segment {}: block at {} is damaged; its messages are lost",
          segment.file.getFileName(), first);
      segment.removeValues(first - 1, Long.MAX_VALUE);
      segment.removeSummary(first);
      return;
    }
    OpenBlock kept = new OpenBlock(new Block(first, null), 1 << 16, 64);
    for (int i = 0; i < records.count() && records.seq(i) <= syncedLast; i++) {
      kept.append(records.seq(i), records.subject(i), records.headers(i), records.data(i),
          records.timestamp(i));
    }
    segment.removeValues(first - 1, Long.MAX_VALUE);
    if (kept.block.count() == 0) {
      segment.removeSummary(first);
      return;
    }
    segment.putValue(first, kept.whole());
    segment.putSummary(first, kept.summary().encode());
  }
}
