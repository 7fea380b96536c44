package dev.jslab.engine.store;

import java.nio.file.Path;

/** Another process (or another live node in this one) already holds the store at this path. */
public final class StoreLockedException extends StorageException {
  private static final long serialVersionUID = 1L;

  public StoreLockedException(Path path, Throwable cause) {
    super("storage " + path + " is in use by another JetStream Lab process", cause);
  }
}
