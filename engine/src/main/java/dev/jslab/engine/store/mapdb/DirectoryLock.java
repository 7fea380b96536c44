package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.store.StorageException;
import dev.jslab.engine.store.StoreLockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive ownership of a store directory: a registry of the directories this process holds,
 * then an OS lock on {@code store.lock} against other processes. The registry is checked first
 * so a second opener in this process never opens (and on close releases) the lock file's lock.
 *
 * <p>Thread-safe: stores on different nodes open and close on different threads.
 */
final class DirectoryLock {
  static final String FILE_NAME = "store.lock";
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean released;

  private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
    this.directory = directory;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the directory, which must exist.
   *
   * @throws StoreLockedException when this or another process holds it
   */
  static DirectoryLock acquire(Path directory) {
    Path key;
    try {
      key = directory.toRealPath();
    } catch (IOException e) {
      throw new StorageException("cannot resolve store directory " + directory + ": " + e, e);
    }
    if (!HELD.add(key)) {
      throw new StoreLockedException(directory, null);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(key.resolve(FILE_NAME), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new StoreLockedException(directory, null);
      }
      return new DirectoryLock(key, channel, lock);
    } catch (IOException | OverlappingFileLockException | StorageException e) {
      closeQuietly(channel);
      HELD.remove(key);
      if (e instanceof StorageException se) {
        throw se;
      }
      if (e instanceof OverlappingFileLockException) {
        throw new StoreLockedException(directory, e);
      }
      throw new StorageException("cannot lock store directory " + directory + ": " + e, e);
    }
  }

  /** Gives the directory up. Idempotent. */
  void release() {
    if (released) {
      return;
    }
    released = true;
    try {
      lock.release();
    } catch (IOException e) {
      // the channel's close below releases it too
    } finally {
      closeQuietly(channel);
      HELD.remove(directory);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
