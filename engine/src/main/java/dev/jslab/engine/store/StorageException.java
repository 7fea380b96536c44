package dev.jslab.engine.store;

/**
 * A storage operation failed: the directory is unusable, the files are locked by another process,
 * or the store is damaged. MapDB and IO exceptions are wrapped into this type at the store
 * boundary so callers handle one operating error.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
