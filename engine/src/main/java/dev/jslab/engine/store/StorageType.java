package dev.jslab.engine.store;

/** Where a stream keeps its messages: {@code file} (MapDB on disk) or {@code memory}. */
public enum StorageType {
  FILE("file"),
  MEMORY("memory");

  private final String wireName;

  StorageType(String wireName) {
    this.wireName = wireName;
  }

  /** The JSON value nats-server uses ({@code "file"}, {@code "memory"}). */
  public String wireName() {
    return wireName;
  }
}
