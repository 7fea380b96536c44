package dev.jslab.engine.store.mapdb;

import java.nio.charset.StandardCharsets;

/**
 * The record of one interior removal, stored by sequence in the message's segment: enough to
 * reopen without reading the block (the subject and size the removal takes off the totals), plus
 * the sync generation it was written in, so a power cut can undo the removals made after the last
 * sync.
 *
 * @param generation the store's sync generation when the message was removed (synced generation
 *     + 1)
 * @param size what the message counted for in the store's bytes
 * @param subject the message's subject
 */
record Tombstone(long generation, long size, String subject) {
  byte[] encode() {
    byte[] name = subject.getBytes(StandardCharsets.UTF_8);
    ByteSink out = new ByteSink(name.length + 12);
    out.writeVarLong(generation);
    out.writeVarLong(size);
    out.writeBytes(name);
    return out.toByteArray();
  }

  /** @throws CorruptDataException when the bytes do not decode */
  static Tombstone decode(byte[] bytes) {
    ByteSource in = new ByteSource(bytes, 0, bytes.length);
    long generation = in.readVarLong();
    long size = in.readVarLong();
    int at = in.position();
    return new Tombstone(generation, size,
        new String(bytes, at, bytes.length - at, StandardCharsets.UTF_8));
  }
}
