package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.store.StorageException;
import dev.jslab.engine.store.SubjectTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mapdb.DBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a store's memory from its directory: the committed marks from {@code meta.db}, the
 * blocks from their summaries, the removals from the tombstones. No message is decoded except in
 * the newest block (verified, as a crash may have torn it), the block straddling the first
 * sequence and the block holding the first message.
 *
 * <p>Damage never stops the store from opening: a block that fails its checksum is dropped (its
 * sequences stay used and count as deleted), a segment or meta file MapDB cannot open is moved
 * aside as {@code .corrupt} and the store opens without it (meta is rebuilt from the segments).
 *
 * <p>Not thread-safe: runs once, inside the store's open, under the directory's lock.
 */
final class StoreRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(StoreRecovery.class);

  /** What a store starts from. */
  record Recovered(
      StoreMeta meta,
      TreeMap<Long, Segment> segments,
      List<Path> doomed,
      Segment active,
      long messages,
      long bytes,
      long firstSeq,
      long firstTs,
      long lastSeq,
      long lastTs,
      long generation) {}

  private record Removal(String subject, long seq) {}

  /** A block summary and the segment it was read from. */
  private record Stored(BlockSummary summary, Segment segment) {}

  private final Path directory;
  private final MapDbStoreOptions options;
  private final BlockIndex index;
  private final SubjectTracker subjects;
  private final BlockCache cache;
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private final List<Path> doomed = new ArrayList<>();
  private final List<Removal> removals = new ArrayList<>();
  private final Map<Long, Stored> storedAt = new TreeMap<>();
  private StoreMeta meta;

  private StoreRecovery(Path directory, MapDbStoreOptions options, BlockIndex index,
      SubjectTracker subjects, BlockCache cache) {
    this.directory = directory;
    this.options = options;
    this.index = index;
    this.subjects = subjects;
    this.cache = cache;
  }

  /**
   * Recovers the store in {@code directory} into {@code index}, {@code subjects} and
   * {@code cache}, or starts an empty one at {@code firstSeq}. The caller holds the directory's
   * lock.
   */
  static Recovered recover(Path directory, long firstSeq, MapDbStoreOptions options,
      BlockIndex index, SubjectTracker subjects, BlockCache cache) {
    StoreRecovery recovery = new StoreRecovery(directory, options, index, subjects, cache);
    try {
      return recovery.run(firstSeq);
    } catch (IOException | DBException e) {
      recovery.releaseAll();
      throw new StorageException("cannot recover store " + directory + ": " + e, e);
    } catch (RuntimeException e) {
      recovery.releaseAll();
      throw e;
    }
  }

  private Recovered run(long firstSeq) throws IOException {
    List<Path> files = Segment.list(directory);
    boolean metaLost = openMeta();
    if (meta.isEmpty() && files.isEmpty()) {
      StoreMeta.Marks marks = new StoreMeta.Marks(firstSeq, firstSeq - 1, 0);
      meta.sync(marks, 0);
      return new Recovered(meta, segments, doomed, null, 0, 0, firstSeq, 0, firstSeq - 1, 0, 1);
    }
    StoreMeta.Marks committed = metaLost || meta.isEmpty() ? null : readCommitted();
    metaLost = committed == null;
    long floor = metaLost ? Long.MIN_VALUE : committed.first();

    openSegments(files, floor);
    List<Stored> summaries = readSummaries();
    long lastUsed = summaries.isEmpty() ? Long.MIN_VALUE
        : summaries.get(summaries.size() - 1).summary().last();
    BlockSummary newest = verifyNewest(summaries);
    long lastSeen = newest == null ? Long.MIN_VALUE : newest.last();
    long lastSeenTs = newest == null ? 0 : lastTimestamp(cache.get(newest.first()));
    if (metaLost) {
      floor = summaries.isEmpty() ? 1 : summaries.get(0).summary().first();
    }
    for (Stored stored : summaries) {
      BlockSummary s = stored.summary();
      if (s.last() >= floor) {
        index.add(Block.of(s, stored.segment()));
        storedAt.put(s.first(), stored);
      }
    }
    removeBelow(floor);
    long maxGeneration = applyTombstones(floor);
    long first = findFirstLive(floor);
    for (Stored stored : storedAt.values()) {
      for (BlockSummary.SubjectCount c : stored.summary().subjects()) {
        subjects.addedRange(c.subject(), c.count(), c.first(), c.last());
      }
    }
    for (Removal r : removals) {
      subjects.removed(r.subject(), r.seq());
    }

    long messages = 0;
    long bytes = 0;
    for (Block b : new ArrayList<>(index.all())) {
      b.segment.addLive(b.live());
      messages += b.live();
      bytes += b.liveBytes();
      if (b.live() == 0) {
        index.remove(b);
      }
    }
    for (Segment s : new ArrayList<>(segments.values())) {
      if (s.live() == 0) {
        s.release();
        segments.remove(s.first);
        doomed.add(s.file);
      }
    }

    long lastSeq;
    long lastTs;
    long generation;
    if (metaLost) {
      lastSeq = Math.max(floor - 1, lastUsed);
      lastTs = lastSeenTs;
      generation = maxGeneration + 1;
    } else {
      // meta.db is committed only when the marks move in a way blocks do not show, so blocks
      // committed since may reach further; a dropped block's sequences stay used
      lastSeq = Math.max(committed.last(), lastUsed);
      lastTs = lastSeen > committed.last() ? lastSeenTs : committed.lastTs();
      generation = meta.syncedGeneration() + 1;
    }
    long firstSeqNow = first < 0 ? lastSeq + 1 : first;
    long firstTs = first < 0 ? 0 : timestampOf(first);
    if (metaLost) {
      meta.sync(new StoreMeta.Marks(firstSeqNow, lastSeq, lastTs), maxGeneration);
    }
    Segment active = reusable(files);
    return new Recovered(meta, segments, doomed, active, messages, bytes, firstSeqNow, firstTs,
        lastSeq, lastTs, generation);
  }

  /** Opens meta.db, moving a damaged one aside; true when it was lost. */
  private boolean openMeta() throws IOException {
    try {
      meta = StoreMeta.open(directory, options.fsync());
      return false;
    } catch (DBException e) {
      LOG.warn("store {}: meta.db cannot be opened ({}); rebuilding it from the segments",
          directory, e.toString());
      MapDbFiles.moveAside(directory.resolve(StoreMeta.FILE_NAME));
      meta = StoreMeta.open(directory, options.fsync());
      return true;
    }
  }

  private StoreMeta.Marks readCommitted() {
    try {
      return meta.committed();
    } catch (CorruptDataException e) {
      LOG.warn("store {}: meta.db is incomplete ({}); rebuilding it", directory, e.getMessage());
      return null;
    }
  }

  /**
   * Opens the segment files. Segments hold ascending, disjoint sequence ranges in name order, so a
   * segment followed by one named at or below the floor holds nothing live: it is doomed unopened.
   * A segment without any block (created for a block a crash then lost) is deleted at once: it
   * holds nothing, committed or synced, and left behind it would break that order.
   */
  private void openSegments(List<Path> files, long floor) throws IOException {
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      if (i + 1 < files.size() && Segment.firstSeqOf(files.get(i + 1)) <= floor) {
        doomed.add(file);
        continue;
      }
      Segment segment;
      try {
        segment = Segment.open(file, options.fsync());
      } catch (DBException e) {
        LOG.warn("store {}: segment {} cannot be opened ({}); its messages are lost",
            directory, file.getFileName(), e.toString());
        MapDbFiles.moveAside(file);
        continue;
      }
      if (segment.blocks() == 0) {
        segment.release();
        MapDbFiles.deleteFiles(file);
      } else {
        segments.put(segment.first, segment);
      }
    }
  }

  /**
   * The segment new blocks may go on filling: the newest one, if it has room and no other segment
   * file is named after it (new blocks must stay above every segment's range).
   */
  private Segment reusable(List<Path> files) {
    if (segments.isEmpty()) {
      return null;
    }
    Segment last = segments.lastEntry().getValue();
    for (Path file : files) {
      if (Segment.firstSeqOf(file) > last.first && Files.exists(file)) {
        return null;
      }
    }
    return last.blocks() < options.blocksPerSegment() ? last : null;
  }

  /** Every block summary of every open segment, in order; unreadable ones are rebuilt or dropped. */
  private List<Stored> readSummaries() {
    List<Stored> out = new ArrayList<>();
    for (Segment segment : segments.values()) {
      List<Map.Entry<Long, byte[]>> entries = new ArrayList<>(segment.summaries().entrySet());
      for (int k = 0; k < entries.size(); k++) {
        long key = entries.get(k).getKey();
        try {
          out.add(new Stored(BlockSummary.decode(entries.get(k).getValue()), segment));
        } catch (CorruptDataException e) {
          long end = k + 1 < entries.size() ? entries.get(k + 1).getKey() - 1 : Long.MAX_VALUE;
          BlockSummary rebuilt = rebuild(segment, key, end);
          if (rebuilt != null) {
            out.add(new Stored(rebuilt, segment));
          }
        }
      }
    }
    return out;
  }

  private BlockSummary rebuild(Segment segment, long first, long end) {
    try {
      BlockSummary summary = BlockSummary.of(BlockCodec.decode(segment.values(first, end)));
      segment.putSummary(first, summary.encode());
      segment.commit();
      LOG.warn("store {}: rebuilt the damaged summary of block {}", directory, first);
      return summary;
    } catch (CorruptDataException e) {
      drop(segment, first, end);
      return null;
    }
  }

  /**
   * Decodes the newest block (the one a crash may have torn), dropping it while it is damaged.
   * Returns its summary, or null when no block is left.
   */
  private BlockSummary verifyNewest(List<Stored> summaries) {
    while (!summaries.isEmpty()) {
      Stored s = summaries.get(summaries.size() - 1);
      if (read(s) != null) {
        return s.summary();
      }
      summaries.remove(summaries.size() - 1);
    }
    return null;
  }

  /** The records of a stored block, checked against its summary; null (and dropped) if damaged. */
  private BlockRecords read(Stored stored) {
    BlockSummary s = stored.summary();
    BlockRecords records = cache.get(s.first());
    if (records != null) {
      return records;
    }
    Segment segment = stored.segment();
    try {
      records = BlockCodec.decode(segment.values(s.first(), s.last()));
      if (records.count() != s.count() || records.seq(records.count() - 1) != s.last()) {
        throw new CorruptDataException(
            "block holds " + records.count() + " records, its summary " + s.count());
      }
      cache.put(s.first(), records);
      return records;
    } catch (CorruptDataException e) {
      drop(segment, s.first(), s.last());
      return null;
    }
  }

  private void drop(Segment segment, long first, long last) {
    LOG.warn("store {}: block at {} in {} is damaged; its messages are lost", directory, first,
        segment.file.getFileName());
    segment.removeSummary(first);
    segment.removeValues(first - 1, last);
    segment.commit();
  }

  /** Takes the messages below {@code floor} off the block that straddles it. */
  private void removeBelow(long floor) {
    Block b = index.firstBlock();
    if (b == null || b.first >= floor) {
      return;
    }
    BlockRecords records = read(storedAt.get(b.first));
    if (records == null) {
      forget(b);
      return;
    }
    for (int i = 0; i < records.count() && records.seq(i) < floor; i++) {
      b.remove(i, records.size(i));
      removals.add(new Removal(records.subject(i), records.seq(i)));
    }
  }

  private long applyTombstones(long floor) {
    long maxGeneration = 0;
    for (Segment segment : segments.values()) {
      for (Map.Entry<Long, byte[]> e : segment.tombstones().entrySet()) {
        long seq = e.getKey();
        Tombstone t;
        try {
          t = Tombstone.decode(e.getValue());
        } catch (CorruptDataException ex) {
          continue;
        }
        maxGeneration = Math.max(maxGeneration, t.generation());
        Block b = seq < floor ? null : index.blockOf(seq);
        int i = b == null ? -1 : b.indexOf(seq);
        if (i >= 0 && b.isLive(i)) {
          b.remove(i, t.size());
          removals.add(new Removal(t.subject(), seq));
        }
      }
    }
    return maxGeneration;
  }

  /** The first live sequence, making sure its block decodes; -1 when none. */
  private long findFirstLive(long floor) {
    while (true) {
      long seq = index.nextLive(floor);
      if (seq < 0) {
        return -1;
      }
      Block b = index.blockOf(seq);
      if (read(storedAt.get(b.first)) != null) {
        return seq;
      }
      forget(b);
    }
  }

  /** Forgets a block that was dropped as damaged, with the removals recorded against it. */
  private void forget(Block b) {
    index.remove(b);
    storedAt.remove(b.first);
    removals.removeIf(r -> r.seq() >= b.first && r.seq() <= b.last());
  }

  private long timestampOf(long seq) {
    BlockRecords records = cache.get(index.blockOf(seq).first);
    return records.timestamp(records.indexOf(seq));
  }

  private static long lastTimestamp(BlockRecords records) {
    return records.timestamp(records.count() - 1);
  }

  private void releaseAll() {
    for (Segment s : segments.values()) {
      s.release();
    }
    if (meta != null) {
      meta.release();
    }
  }
}
