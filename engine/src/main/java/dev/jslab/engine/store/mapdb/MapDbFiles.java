package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.store.StorageException;
import dev.jslab.engine.store.StoreLockedException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
