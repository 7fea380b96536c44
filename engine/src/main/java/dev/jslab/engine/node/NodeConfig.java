package dev.jslab.engine.node;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a node is started with: its name (also its {@code server_name}) and its data directory.
 *
 * @param name node name: letters, digits, {@code -} and {@code _}, at most 32 characters
 * @param dataDir directory that holds everything the node persists
 */
public record NodeConfig(String name, Path dataDir) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /** True for names made of 1-32 letters, digits, {@code -} and {@code _} (nodes, clusters). */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  public NodeConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataDir, "dataDir");
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "node name must be 1-32 letters, digits, '-' or '_': " + name);
    }
  }
}
