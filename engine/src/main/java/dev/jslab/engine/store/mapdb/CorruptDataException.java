package dev.jslab.engine.store.mapdb;

/** Stored bytes fail their checksum or do not decode: a torn or damaged block, summary or record. */
final class CorruptDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CorruptDataException(String message) {
    super(message);
  }
}
