package dev.jslab.engine.store.mapdb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a store keeps in its directory ({@code seg-*}, {@code meta.db*}, {@code store.lock}),
 * and removing them. Other files in the directory are left alone.
 *
 * <p>Stateless and thread-safe.
 */
final class StoreDirectory {
  private StoreDirectory() {}

  /** Deletes the store's data files (segments, meta, their logs and moved-aside copies). */
  static void deleteDataFiles(Path directory) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path p : files) {
        String n = p.getFileName().toString();
        if (n.startsWith("seg-") || n.startsWith(StoreMeta.FILE_NAME)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Deletes the lock file, then the directory when nothing else is in it. */
  static void deleteIfOnlyTheLockIsLeft(Path directory) throws IOException {
    Files.deleteIfExists(directory.resolve(DirectoryLock.FILE_NAME));
    try (DirectoryStream<Path> rest = Files.newDirectoryStream(directory)) {
      if (!rest.iterator().hasNext()) {
        Files.deleteIfExists(directory);
      }
    }
  }
}
