package dev.jslab.engine.store.mapdb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * One segment file, {@code seg-<firstSeq>.db}: a transactional MapDB store holding a run of
 * consecutive blocks. Three maps: block values by the sequence of their first record, block
 * summaries by block, tombstones (interior removals) by sequence. Removing a segment's last
 * message lets the store delete the whole file, which is how disk space comes back.
 *
 * <p>Not thread-safe: confined to its store.
 */
final class Segment {
  private static final Pattern NAME = Pattern.compile("seg-(\\d+)\\.db");

  final long first;
  final Path file;
  private final DB db;
  private final BTreeMap<Long, byte[]> values;
  private final BTreeMap<Long, byte[]> summaries;
  private final BTreeMap<Long, byte[]> tombstones;
  private int blocks;
  private long live;
  private boolean dirty;
  private boolean fsync;
  private boolean unforced;

  private Segment(long first, Path file, DB db) {
    this.first = first;
    this.file = file;
    this.db = db;
    this.values = db.treeMap("values", Serializer.LONG, Serializer.BYTE_ARRAY)
        .valuesOutsideNodesEnable().createOrOpen();
    this.summaries = db.treeMap("summaries", Serializer.LONG, Serializer.BYTE_ARRAY)
        .valuesOutsideNodesEnable().createOrOpen();
    this.tombstones = db.treeMap("tombstones", Serializer.LONG, Serializer.BYTE_ARRAY)
        .createOrOpen();
  }

  /**
   * Opens or creates the segment file {@code file}.
   *
   * @throws org.mapdb.DBException when MapDB cannot open it
   */
  static Segment open(Path file, boolean fsync) {
    // commits never force the file: the store forces it when it syncs (see force())
    Long first = firstSeqOf(file);
    if (first == null) {
      throw new IllegalArgumentException("not a segment file name: " + file);
    }
    boolean created = !Files.exists(file);
    DB db = MapDbFiles.openUnlocked(file, false);
    try {
      Segment segment = new Segment(first, file, db);
      segment.fsync = fsync;
      segment.blocks = segment.summaries.size();
      segment.dirty = created; // a new file's maps are not committed yet
      return segment;
    } catch (RuntimeException e) {
      MapDbFiles.crash(db);
      throw e;
    }
  }

  static Path fileFor(Path directory, long firstSeq) {
    return directory.resolve("seg-" + firstSeq + ".db");
  }

  /** The first sequence a segment file is named after, or null when it is no segment file. */
  static Long firstSeqOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? Long.valueOf(m.group(1)) : null;
  }

  /** Every segment file in {@code directory}, in sequence order. */
  static List<Path> list(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "seg-*.db")) {
      for (Path p : dir) {
        if (firstSeqOf(p) != null) {
          files.add(p);
        }
      }
    }
    files.sort((a, b) -> Long.compare(firstSeqOf(a), firstSeqOf(b)));
    return files;
  }

  int blocks() {
    return blocks;
  }

  long live() {
    return live;
  }

  void addLive(long delta) {
    live += delta;
  }

  /** Counts a new block in this segment (it may not be written yet). */
  void blockStarted() {
    blocks++;
  }

  void putValue(long key, byte[] value) {
    values.put(key, value);
    dirty = true;
  }

  /** Removes the values keyed after {@code after} up to {@code last} (a block's older pieces). */
  void removeValues(long after, long last) {
    if (last <= after) {
      return;
    }
    for (Long key : new ArrayList<>(values.subMap(after, false, last, true).keySet())) {
      values.remove(key);
      dirty = true;
    }
  }

  void putSummary(long blockFirst, byte[] summary) {
    summaries.put(blockFirst, summary);
    dirty = true;
  }

  void removeSummary(long blockFirst) {
    summaries.remove(blockFirst);
    dirty = true;
  }

  void putTombstone(long seq, byte[] tombstone) {
    tombstones.put(seq, tombstone);
    dirty = true;
  }

  void removeTombstone(long seq) {
    tombstones.remove(seq);
    dirty = true;
  }

  /** The stored values of the block spanning {@code first..last}, in order. */
  List<byte[]> values(long first, long last) {
    return new ArrayList<>(values.subMap(first, true, last, true).values());
  }

  NavigableMap<Long, byte[]> summaries() {
    return summaries;
  }

  NavigableMap<Long, byte[]> tombstones() {
    return tombstones;
  }

  NavigableMap<Long, byte[]> valueMap() {
    return values;
  }

  boolean isDirty() {
    return dirty;
  }

  /**
   * Commits what was written since the last commit (a no-op when nothing was). A killed process
   * keeps the commit; a power cut may not until {@link #force()}.
   */
  void commit() {
    if (dirty) {
      db.commit();
      dirty = false;
      unforced = fsync;
    }
  }

  /** Forces what was committed since the last force to disk (with fsync on; else a no-op). */
  void force() throws IOException {
    if (unforced) {
      MapDbFiles.force(file);
      unforced = false;
    }
  }

  /** Releases the file, dropping what was not committed (as a killed process would). */
  void release() {
    MapDbFiles.release(db, dirty);
    dirty = false;
  }
}
