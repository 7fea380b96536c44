package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.store.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A store's segment files and the block being filled: starts blocks (and segments when the
 * active one is full), writes the open block whole or as a piece, commits the segments written
 * to, and deletes the files of segments left without a live message.
 *
 * <p>Segments hold ascending, disjoint sequence ranges in name order: a new segment is named after
 * the block that starts it, above every sequence stored so far.
 *
 * <p>Not thread-safe: confined to its store.
 */
final class SegmentFiles {
  private final Path directory;
  private final MapDbStoreOptions options;
  private final TreeMap<Long, Segment> segments;
  private final List<Path> doomed;
  private Segment active;
  private OpenBlock open;

  /**
   * @param segments the open segments by first sequence
   * @param doomed files of segments without live messages, not opened, to delete at the next sync
   * @param active the segment new blocks go to, or null to start a new one
   */
  SegmentFiles(Path directory, MapDbStoreOptions options, TreeMap<Long, Segment> segments,
      List<Path> doomed, Segment active) {
    this.directory = directory;
    this.options = options;
    this.segments = segments;
    this.doomed = doomed;
    this.active = active;
  }

  /** The block being filled, or null. */
  OpenBlock open() {
    return open;
  }

  boolean isOpen(Block b) {
    return open != null && open.block == b;
  }

  /** Starts a block at {@code seq}, in a new segment when there is no active one with room. */
  OpenBlock startBlock(long seq) throws IOException {
    if (active == null || active.blocks() >= options.blocksPerSegment()) {
      Path file = Segment.fileFor(directory, seq);
      if (segments.containsKey(seq)) {
        throw new StorageException("segment " + file + " is already open");
      }
      if (Files.exists(file)) {
        // a doomed leftover: every sequence it could hold is above the last one assigned
        doomed.remove(file);
        MapDbFiles.deleteFiles(file);
      }
      active = Segment.open(file, options.fsync());
      segments.put(seq, active);
    }
    active.blockStarted();
    open = new OpenBlock(new Block(seq, active), options.blockMaxBytes(), options.blockMaxMessages());
    return open;
  }

  /** Writes the open block whole, replacing its pieces, and closes it; returns it. */
  OpenBlock seal() {
    OpenBlock sealed = open;
    Block b = sealed.block;
    b.segment.putValue(b.first, sealed.whole());
    b.segment.removeValues(b.first, b.last());
    b.segment.putSummary(b.first, sealed.summary().encode());
    open = null;
    return sealed;
  }

  /** Writes what the open block gained since its last write as a piece. */
  void flush() {
    if (open == null || !open.hasUnwritten()) {
      return;
    }
    Block b = open.block;
    long key = open.nextPieceKey();
    b.segment.putValue(key, open.nextPiece());
    b.segment.putSummary(b.first, open.summary().encode());
  }

  /** Forgets the open block (every message in it was removed); its pieces stay on disk. */
  void dropOpenBlock() {
    open = null;
  }

  /** Every message is gone: no segment holds a live one, the next block starts a new segment. */
  void allRemoved() {
    open = null;
    active = null;
    for (Segment s : segments.values()) {
      s.addLive(-s.live());
    }
  }

  /** Commits every segment written to since its last commit. */
  void commit() {
    for (Segment s : segments.values()) {
      s.commit();
    }
  }

  /** Forces every segment committed since its last force to disk. */
  void force() throws IOException {
    for (Segment s : segments.values()) {
      s.force();
    }
  }

  /**
   * Deletes the files of segments without a live message, and of the doomed ones. Returns the
   * open block when it went with its segment (all its messages were removed), else null.
   */
  OpenBlock deleteEmpty() throws IOException {
    OpenBlock dropped = null;
    for (Segment s : new ArrayList<>(segments.values())) {
      if (s.live() > 0) {
        continue;
      }
      if (open != null && open.block.segment == s) {
        dropped = open;
        open = null;
      }
      if (s == active) {
        active = null;
      }
      segments.remove(s.first);
      s.release();
      MapDbFiles.deleteFiles(s.file);
    }
    for (Path p : doomed) {
      MapDbFiles.deleteFiles(p);
    }
    doomed.clear();
    return dropped;
  }

  /** Drops what was not committed and releases every file. Returns the failures, if any. */
  List<RuntimeException> release() {
    List<RuntimeException> failures = new ArrayList<>();
    for (Segment s : segments.values()) {
      try {
        s.release();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    segments.clear();
    open = null;
    active = null;
    return failures;
  }
}
