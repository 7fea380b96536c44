package dev.jslab.local.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * Where a cluster's node folders live, and checks that the place is usable.
 *
 * <p>The default root is {@code $XDG_DATA_HOME/jetstream-lab}, else {@code
 * ~/.local/share/jetstream-lab}; each cluster gets a folder under it and each node a folder under
 * that. Stateless and thread-safe.
 */
public final class DataDirectories {
  private DataDirectories() {}

  /** The user's data directory for JetStream Lab, from the environment given. */
  public static Path userDataRoot(Map<String, String> env, Path home) {
    String xdg = env.get("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share");
    return base.resolve("jetstream-lab");
  }

  /** The user's data directory for JetStream Lab, from this process's environment. */
  public static Path userDataRoot() {
    return userDataRoot(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * Creates {@code dir} if needed and proves it writable by creating and deleting a file in it.
   *
   * @throws IllegalArgumentException with a one-line reason when it is not usable
   */
  public static Path requireWritable(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
      return dir;
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException("data directory " + dir + " is not writable", e);
    }
  }

  /** Deletes {@code dir} and everything in it; a missing directory is fine. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
