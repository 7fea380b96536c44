package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.store.StorageException;
import dev.jslab.engine.store.StoreLockedException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;

/**
 * Opens MapDB files the one way the engine uses them: transactional (write-ahead log, so a crash
 * keeps exactly the last commit) and memory-mapped (the default file volume is syscall-bound).
 *
 * <p>Stateless and thread-safe.
 */
public final class MapDbFiles {
  private MapDbFiles() {}

  /**
   * Opens or creates a transactional store at {@code file}, creating its directory.
   *
   * @throws StoreLockedException when another live handle holds the file
   * @throws StorageException when the directory or file cannot be used
   */
  public static DB openTransactional(Path file) {
    try {
      Files.createDirectories(file.getParent());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new StorageException(
          "cannot create directory " + file.getParent() + ": a file of that name is in the way", e);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new StorageException(
          "cannot create directory " + file.getParent() + ": permission denied", e);
    } catch (java.io.IOException | SecurityException e) {
      throw new StorageException(
          "cannot create directory " + file.getParent() + ": " + e.getMessage(), e);
    }
    try {
      return DBMaker.fileDB(file.toFile()).transactionEnable().fileMmapEnable().make();
    } catch (DBException.FileLocked e) {
      throw new StoreLockedException(file, e);
    } catch (DBException e) {
      throw new StorageException("cannot open store " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens or creates a transactional, memory-mapped store at {@code file} without MapDB's own file
   * lock: the caller holds a {@link DirectoryLock} on the file's directory instead. MapDB leaks its
   * lock when an open fails (MapDB issue #925), which would make the file unopenable for the rest
   * of the process; a lock of our own is released whatever MapDB does.
   *
   * @param fsync false to skip forcing the data file at commit (tests and simulations)
   * @throws DBException when MapDB cannot open the file (damaged, not a MapDB file)
   */
  static DB openUnlocked(Path file, boolean fsync) {
    DBMaker.Maker maker =
        DBMaker.fileDB(file.toFile())
            .transactionEnable()
            .fileMmapEnable()
            .fileMmapPreclearDisable()
            .cleanerHackEnable()
            .fileLockDisable();
    if (!fsync) {
      maker = maker.fileSyncDisable();
    }
    return maker.make();
  }

  /**
   * Forces {@code file} — data written through MapDB's memory map included — and its size to
   * disk. Stores opened with {@code fsync} off commit without forcing (a killed process keeps a
   * commit all the same: it is in the operating system's page cache); the store forces its files
   * only when it syncs.
   */
  static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Abandons a store the way a killed process would: everything not committed is lost, then the
   * handle is released so the same process can reopen the file (MapDB keeps a file lock per live
   * handle, and an abandoned handle would keep it forever).
   */
  public static void crash(DB db) {
    if (db.isClosed()) {
      return;
    }
    db.rollback();
    db.close();
  }

  /**
   * Releases a transactional store opened by {@link #openUnlocked}. With uncommitted writes it
   * rolls them back first, as {@link #crash} does; without, it only closes: a rollback would
   * start a write-ahead log file just to record that nothing happened (MapDB's close leaves an
   * open log behind until the garbage collector frees it).
   */
  static void release(DB db, boolean uncommitted) {
    if (db.isClosed()) {
      return;
    }
    if (uncommitted) {
      db.rollback();
    }
    db.close();
  }

  /** Deletes a MapDB file and its write-ahead log files. */
  static void deleteFiles(Path file) throws IOException {
    for (Path p : withLogs(file)) {
      Files.deleteIfExists(p);
    }
  }

  /**
   * Moves a damaged MapDB file and its write-ahead log files aside, renamed {@code *.corrupt}, so
   * a store opens without them and the bytes stay for inspection.
   */
  static void moveAside(Path file) throws IOException {
    for (Path p : withLogs(file)) {
      Files.move(p, p.resolveSibling(p.getFileName() + ".corrupt"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static List<Path> withLogs(Path file) throws IOException {
    List<Path> files = new ArrayList<>();
    String name = file.getFileName().toString();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(file.getParent(), name + "*")) {
      for (Path p : dir) {
        String n = p.getFileName().toString();
        if (n.equals(name) || (n.startsWith(name + ".wal.") && !n.endsWith(".corrupt"))) {
          files.add(p);
        }
      }
    }
    return files;
  }
}
