package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.Purges;
import dev.jslab.engine.store.StorageException;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.store.SubjectState;
import dev.jslab.engine.store.SubjectTracker;
import dev.jslab.engine.subject.Subjects;
import java.io.IOError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mapdb.DBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File storage on MapDB: messages in blocks, blocks in segment files, one directory per store.
 *
 * <p><b>Layout.</b> Appends are encoded into an in-memory <i>open block</i>. A block is sealed when
 * it reaches {@link MapDbStoreOptions#blockMaxMessages()} or {@link
 * MapDbStoreOptions#blockMaxBytes()}: it is written to MapDB as one checksummed value with a
 * summary (sequence range, counts, bytes, newest timestamp, per-subject counts) and committed.
 * Blocks live in <i>segment</i> files {@code seg-<firstSeq>.db}, {@link
 * MapDbStoreOptions#blocksPerSegment()} each. Removed messages get a tombstone in their segment;
 * {@code compact} and {@code purgeAll} only move the first sequence, kept in {@code meta.db} with
 * the last sequence and timestamp (committed when they move in a way blocks and tombstones do not
 * show, and at every sync). Once every message of a segment is removed its file is deleted (at
 * the next sync), which is how disk space comes back. In memory the store keeps one small entry
 * per block, the subjects, the open block and a few decoded blocks, never every message.
 *
 * <p><b>Durability.</b>
 * <ul>
 *   <li>A <i>commit</i> happens when a block is sealed, every {@link
 *       MapDbStoreOptions#removalsPerCommit()} interior removals (at the end of the operation),
 *       and at {@link #sync()}. A commit first writes the open block's new messages as a piece,
 *       so it captures the store's whole state at that moment; MapDB commits are atomic per file
 *       and force the files to disk ({@link MapDbStoreOptions#fsync()}).
 *   <li>{@link #sync()}: commits, then records the state as <i>synced</i> (marks and a sync
 *       generation in {@code meta.db}), then deletes the segment files that no longer hold any
 *       message. After it, everything is durable against a crash and a power cut.
 *   <li>{@link #crash()}: a killed process. What was committed survives: the state as of the last
 *       commit. The open block's messages appended since, and removals, purges and sequence moves
 *       since, are lost.
 *   <li>{@link #powerLoss()}: a power cut. The state as of the last {@link #sync()} survives,
 *       even where later commits reached the files: segments created since are deleted, blocks
 *       and pieces past the synced last sequence are dropped, tombstones of later generations
 *       removed, and the marks reset; segments emptied since were not deleted yet, so their
 *       messages come back.
 *   <li>{@link #close()}: sync, then release the files. {@link #delete()}: release and remove them.
 * </ul>
 * Reopening after any of these never fails because of the files' content: a damaged block is
 * dropped (its sequences stay used and count as deleted), an unopenable file is moved aside.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class MapDbMessageStore implements MessageStore {
  private static final Logger LOG = LoggerFactory.getLogger(MapDbMessageStore.class);

  private final Path directory;
  private final MapDbStoreOptions options;
  private final DirectoryLock lock;
  private final StoreMeta meta;
  private final SegmentFiles files;
  private final BlockIndex index = new BlockIndex();
  private final BlockCache cache;
  private final SubjectTracker subjects = new SubjectTracker(this::load);
  private long messages;
  private long bytes;
  private long firstSeq;
  private long firstTs;
  private long lastSeq;
  private long lastTs;
  private long generation;
  private int pendingRemovals;
  private boolean batching;
  private boolean unsynced = true;
  /** The replication mark: recorded at each sync, read back from the last one when opened. */
  private long applied;
  private boolean marksMoved;
  private long commits;
  private boolean closed;

  private MapDbMessageStore(Path directory, long firstSeq, MapDbStoreOptions options,
      DirectoryLock lock) {
    this.directory = directory;
    this.options = options;
    this.lock = lock;
    this.cache = new BlockCache(options.cachedBlocks());
    StoreRecovery.Recovered r =
        StoreRecovery.recover(directory, firstSeq, options, index, subjects, cache);
    this.meta = r.meta();
    this.files = new SegmentFiles(directory, options, r.segments(), r.doomed(), r.active());
    this.messages = r.messages();
    this.bytes = r.bytes();
    this.firstSeq = r.firstSeq();
    this.firstTs = r.firstTs();
    this.lastSeq = r.lastSeq();
    this.lastTs = r.lastTs();
    this.generation = r.generation();
    this.applied = meta.syncedApplied();
  }

  /** Opens the store in {@code directory} with {@link MapDbStoreOptions#DEFAULTS}. */
  public static MapDbMessageStore open(Path directory, long firstSeq) {
    return open(directory, firstSeq, MapDbStoreOptions.DEFAULTS);
  }

  /**
   * Opens the store in {@code directory}, recovering what it holds, or creates an empty one whose
   * first message will get {@code firstSeq} (ignored when the store exists).
   *
   * @throws dev.jslab.engine.store.StoreLockedException when a live store holds the directory
   * @throws StorageException when the directory cannot be used
   */
  public static MapDbMessageStore open(Path directory, long firstSeq, MapDbStoreOptions options) {
    if (firstSeq < 1) {
      throw new IllegalArgumentException("first sequence must be at least 1: " + firstSeq);
    }
    Objects.requireNonNull(options, "options");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException("cannot create store directory " + directory + ": " + e, e);
    }
    DirectoryLock lock = DirectoryLock.acquire(directory);
    try {
      return new MapDbMessageStore(directory, firstSeq, options, lock);
    } catch (RuntimeException e) {
      lock.release();
      throw e;
    }
  }

  @Override
  public StorageType type() {
    return StorageType.FILE;
  }

  @Override
  public long append(String subject, byte[] headers, byte[] data, long timestampNanos) {
    long seq = lastSeq + 1;
    appendAt(seq, subject, headers, data, timestampNanos);
    return seq;
  }

  @Override
  public void appendAt(long seq, String subject, byte[] headers, byte[] data, long timestampNanos) {
    checkOpen();
    Objects.requireNonNull(subject, "subject");
    if (seq <= lastSeq) {
      throw new IllegalArgumentException("sequence " + seq + " is not after last " + lastSeq);
    }
    unsynced = true;
    try {
      OpenBlock open = files.open();
      if (open == null) {
        open = files.startBlock(seq);
        index.add(open.block);
      }
      long size = open.append(seq, subject, headers, data, timestampNanos);
      open.block.segment.addLive(1);
      if (messages == 0) {
        firstSeq = seq;
        firstTs = timestampNanos;
      }
      messages++;
      bytes += size;
      lastSeq = seq;
      lastTs = timestampNanos;
      subjects.added(subject, seq);
      if (open.isFull(options)) {
        OpenBlock sealed = files.seal();
        cache.put(sealed.block.first, sealed.records());
        forgetIfEmpty(sealed.block);
        commit();
      }
    } catch (DBException | IOError | IOException e) {
      throw failure("append", e);
    }
  }

  @Override
  public void skipTo(long seq) {
    checkOpen();
    if (seq - 1 <= lastSeq) {
      return;
    }
    unsynced = true;
    marksMoved = true;
    lastSeq = seq - 1;
    if (messages == 0) {
      firstSeq = seq;
    }
  }

  @Override
  public StoredMessage load(long seq) {
    checkOpen();
    if (seq < firstSeq || seq > lastSeq) {
      return null;
    }
    Block b = index.blockOf(seq);
    int i = b == null ? -1 : b.indexOf(seq);
    return i >= 0 && b.isLive(i) ? records(b).message(i) : null;
  }

  @Override
  public StoredMessage loadNext(String filter, long fromSeq) {
    checkOpen();
    long from = Math.max(fromSeq, firstSeq);
    long to = lastSeq;
    boolean all = isAll(filter);
    if (!all && Subjects.isLiteral(filter)) {
      SubjectState state = subjects.state(filter);
      if (state.messages() == 0) {
        return null;
      }
      from = Math.max(from, state.firstSeq());
      to = Math.min(to, state.lastSeq());
    }
    for (Block b : index.from(from)) {
      if (b.first > to) {
        break;
      }
      BlockRecords r = records(b);
      SubjectMatch match = all ? null : new SubjectMatch(filter, r);
      for (int i = b.nextLive(b.ceilingIndex(from)); i >= 0; i = b.nextLive(i + 1)) {
        if (b.seqAt(i) > to) {
          return null;
        }
        if (all || match.test(i)) {
          return r.message(i);
        }
      }
    }
    return null;
  }

  @Override
  public StoredMessage loadLast(String filter) {
    checkOpen();
    if (isAll(filter)) {
      return loadPrevious(lastSeq);
    }
    if (Subjects.isLiteral(filter)) {
      SubjectState state = subjects.state(filter);
      return state.messages() == 0 ? null : load(state.lastSeq());
    }
    long best = 0;
    for (SubjectState s : subjects.matching(filter).values()) {
      best = Math.max(best, s.lastSeq());
    }
    return best == 0 ? null : load(best);
  }

  @Override
  public StoredMessage loadPrevious(long seq) {
    checkOpen();
    long s = index.previousLive(Math.min(seq, lastSeq));
    return s < 0 ? null : load(s);
  }

  @Override
  public boolean remove(long seq) {
    checkOpen();
    if (seq < firstSeq || seq > lastSeq) {
      return false;
    }
    Block b = index.blockOf(seq);
    int i = b == null ? -1 : b.indexOf(seq);
    if (i < 0 || !b.isLive(i)) {
      return false;
    }
    unsynced = true;
    try {
      BlockRecords r = records(b);
      String subject = r.subject(i);
      long size = r.size(i);
      b.segment.putTombstone(seq, new Tombstone(generation, size, subject).encode());
      b.remove(i, size);
      b.segment.addLive(-1);
      messages--;
      bytes -= size;
      subjects.removed(subject, seq);
      forgetIfEmpty(b);
      if (seq == firstSeq) {
        advanceFirst();
      }
      pendingRemovals++;
      if (!batching && pendingRemovals >= options.removalsPerCommit()) {
        checkpoint();
      }
      return true;
    } catch (DBException | IOError e) {
      throw failure("remove", e);
    }
  }

  @Override
  public long purgeAll() {
    checkOpen();
    unsynced = true;
    marksMoved = true;
    long purged = messages;
    dropEverything();
    firstSeq = lastSeq + 1;
    firstTs = 0;
    return purged;
  }

  @Override
  public long compact(long seq) {
    checkOpen();
    if (seq <= firstSeq) {
      return 0;
    }
    unsynced = true;
    marksMoved = true;
    if (seq > lastSeq) {
      long purged = messages;
      dropEverything();
      firstSeq = seq;
      firstTs = 0;
      lastSeq = seq - 1;
      return purged;
    }
    long purged = 0;
    try {
      for (Block b : new ArrayList<>(index.from(firstSeq))) {
        if (b.first >= seq) {
          break;
        }
        purged += b.last() < seq ? removeWhole(b) : removeBelow(b, seq);
      }
      firstSeq = seq;
      advanceFirst();
    } catch (DBException | IOError e) {
      throw failure("compact", e);
    }
    return purged;
  }

  @Override
  public long purge(String filter, long beforeSeq, long keep) {
    checkOpen();
    long purged;
    batching = true;
    try {
      purged = Purges.purge(this, filter, beforeSeq, keep);
    } finally {
      batching = false;
    }
    if (pendingRemovals >= options.removalsPerCommit()) {
      checkpoint();
    }
    return purged;
  }

  @Override
  public long seqAtOrAfter(long timestampNanos) {
    checkOpen();
    for (Block b : index.from(firstSeq)) {
      if (b.live() == 0 || b.maxTs() < timestampNanos) {
        continue;
      }
      BlockRecords r = records(b);
      for (int i = b.nextLive(0); i >= 0; i = b.nextLive(i + 1)) {
        if (r.timestamp(i) >= timestampNanos) {
          return b.seqAt(i);
        }
      }
    }
    return lastSeq + 1;
  }

  @Override
  public StoreState state() {
    checkOpen();
    long deleted = messages == 0 ? 0 : (lastSeq - firstSeq + 1) - messages;
    // a store that never held anything reports first_seq 0, as nats-server's stores do
    long first = messages == 0 && lastSeq == 0 ? 0 : firstSeq;
    return new StoreState(
        messages, bytes, first, firstTs, lastSeq, lastTs, subjects.count(), deleted);
  }

  @Override
  public SubjectState filteredState(String filter, long fromSeq) {
    checkOpen();
    boolean all = isAll(filter);
    if (fromSeq <= firstSeq) {
      if (all) {
        return messages == 0 ? SubjectState.EMPTY
            : new SubjectState(messages, firstSeq, index.previousLive(lastSeq));
      }
      return subjects.total(filter);
    }
    if (all) {
      long count = index.countFrom(fromSeq);
      return count == 0 ? SubjectState.EMPTY
          : new SubjectState(count, index.nextLive(fromSeq), index.previousLive(lastSeq));
    }
    long count = 0;
    long first = 0;
    long last = 0;
    for (Block b : index.from(fromSeq)) {
      BlockRecords r = records(b);
      SubjectMatch match = new SubjectMatch(filter, r);
      for (int i = b.nextLive(b.ceilingIndex(fromSeq)); i >= 0; i = b.nextLive(i + 1)) {
        if (match.test(i)) {
          count++;
          first = first == 0 ? b.seqAt(i) : first;
          last = b.seqAt(i);
        }
      }
    }
    return new SubjectState(count, first, last);
  }

  @Override
  public Map<String, SubjectState> subjectsState(String filter) {
    checkOpen();
    return subjects.matching(isAll(filter) ? Subjects.REST : filter);
  }

  @Override
  public long numPending(long fromSeq, String filter, boolean lastPerSubject) {
    checkOpen();
    if (lastPerSubject) {
      return subjects.matching(isAll(filter) ? Subjects.REST : filter).values().stream()
          .filter(s -> s.lastSeq() >= fromSeq)
          .count();
    }
    return filteredState(filter, fromSeq).messages();
  }

  @Override
  public List<Long> deletedSequences() {
    checkOpen();
    return messages == 0 ? new ArrayList<>() : index.missing(firstSeq, lastSeq);
  }

  @Override
  public void markApplied(long index) {
    if (index != applied) {
      applied = index;
      unsynced = true;
    }
  }

  @Override
  public long appliedMark() {
    return applied;
  }

  @Override
  public void sync() {
    if (closed || !unsynced) {
      return;
    }
    try {
      files.flush();
      files.commit();
      files.force(); // the messages are on disk before the marks that claim them
      meta.sync(marks(), generation, applied);
      marksMoved = false;
      generation++;
      pendingRemovals = 0;
      commits++;
      unsynced = false;
      OpenBlock dropped = files.deleteEmpty();
      if (dropped != null) {
        index.remove(dropped.block);
      }
    } catch (DBException | IOError | IOException e) {
      throw failure("sync", e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      sync();
    } finally {
      closed = true;
      releaseFiles();
      lock.release();
      forgetMemory();
    }
  }

  @Override
  public void crash() {
    if (closed) {
      return;
    }
    closed = true;
    releaseFiles();
    lock.release();
    forgetMemory();
  }

  @Override
  public void powerLoss() {
    if (closed) {
      return;
    }
    closed = true;
    releaseFiles();
    forgetMemory();
    try {
      PowerCut.rollBack(directory, options);
    } finally {
      lock.release();
    }
  }

  @Override
  public void delete() {
    if (closed && !Files.exists(directory)) {
      return;
    }
    DirectoryLock held = lock;
    if (closed) {
      held = DirectoryLock.acquire(directory);
    } else {
      closed = true;
      releaseFiles();
      forgetMemory();
    }
    try {
      StoreDirectory.deleteDataFiles(directory);
    } catch (IOException e) {
      throw new StorageException("cannot delete store " + directory + ": " + e, e);
    } finally {
      held.release();
    }
    try {
      StoreDirectory.deleteIfOnlyTheLockIsLeft(directory);
    } catch (IOException e) {
      throw new StorageException("cannot delete store " + directory + ": " + e, e);
    }
  }

  /** How many commits the store made: block seals, removal checkpoints and syncs. */
  long commits() {
    return commits;
  }

  // ---- writing

  /**
   * Commits the segments, and meta.db when the marks moved in a way the segments do not show
   * (compact, purge all, skip): appends show in the newest block, removals in tombstones.
   */
  private void commit() {
    files.commit();
    if (marksMoved) {
      meta.commit(marks());
      marksMoved = false;
    }
    pendingRemovals = 0;
    commits++;
  }

  private void checkpoint() {
    try {
      files.flush();
      commit();
    } catch (DBException | IOError e) {
      throw failure("commit", e);
    }
  }

  private StoreMeta.Marks marks() {
    return new StoreMeta.Marks(firstSeq, lastSeq, lastTs);
  }

  // ---- removing

  private long removeWhole(Block b) {
    int n = b.live();
    if (n > 0) {
      String single = b.singleSubject();
      BlockRecords r = single == null ? records(b) : null;
      for (int i = b.nextLive(0); i >= 0; i = b.nextLive(i + 1)) {
        subjects.removed(single != null ? single : r.subject(i), b.seqAt(i));
      }
      messages -= n;
      bytes -= b.liveBytes();
      b.segment.addLive(-n);
      b.removeAll();
    }
    if (files.isOpen(b)) {
      files.dropOpenBlock();
    }
    index.remove(b);
    cache.evict(b.first);
    return n;
  }

  private long removeBelow(Block b, long seq) {
    BlockRecords r = records(b);
    long n = 0;
    for (int i = b.nextLive(0); i >= 0 && b.seqAt(i) < seq; i = b.nextLive(i + 1)) {
      long size = r.size(i);
      subjects.removed(r.subject(i), b.seqAt(i));
      b.remove(i, size);
      b.segment.addLive(-1);
      messages--;
      bytes -= size;
      n++;
    }
    forgetIfEmpty(b);
    return n;
  }

  private void dropEverything() {
    messages = 0;
    bytes = 0;
    subjects.clear();
    index.clear();
    cache.clear();
    files.allRemoved();
  }

  /** Drops a sealed block without live messages from memory (its bytes stay until its segment goes). */
  private void forgetIfEmpty(Block b) {
    if (b.live() == 0 && !files.isOpen(b)) {
      index.remove(b);
      cache.evict(b.first);
    }
  }

  private void advanceFirst() {
    long next = index.nextLive(firstSeq);
    if (next < 0) {
      firstSeq = lastSeq + 1;
      firstTs = 0;
      return;
    }
    firstSeq = next;
    Block b = index.blockOf(next);
    firstTs = records(b).timestamp(b.indexOf(next));
  }

  // ---- reading

  /** The records of {@code b}, from the open block, the cache or the segment. */
  private BlockRecords records(Block b) {
    if (files.isOpen(b)) {
      return files.open().records();
    }
    BlockRecords r = cache.get(b.first);
    if (r != null) {
      return r;
    }
    try {
      r = BlockCodec.decode(b.segment.values(b.first, b.last()));
    } catch (CorruptDataException e) {
      throw new StorageException(
          "store " + directory + ": block " + b.first + " is damaged: " + e.getMessage(), e);
    } catch (DBException | IOError e) {
      throw failure("read", e);
    }
    if (r.count() != b.count()) {
      throw new StorageException("store " + directory + ": block " + b.first + " holds "
          + r.count() + " records, expected " + b.count());
    }
    cache.put(b.first, r);
    return r;
  }

  // ---- lifecycle

  /** Drops what was not committed and releases every file but the lock. Never throws. */
  private void releaseFiles() {
    for (RuntimeException e : files.release()) {
      LOG.warn("store {}: releasing a segment failed: {}", directory, e.toString());
    }
    try {
      meta.release();
    } catch (RuntimeException e) {
      LOG.warn("store {}: releasing meta.db failed: {}", directory, e.toString());
    }
  }

  private void forgetMemory() {
    index.clear();
    cache.clear();
    subjects.clear();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }

  private StorageException failure(String what, Throwable e) {
    return new StorageException("store " + directory + ": " + what + " failed: " + e, e);
  }

  private static boolean isAll(String filter) {
    return filter == null || filter.isEmpty() || Subjects.REST.equals(filter);
  }
}
