package dev.jslab.engine.stream;

/**
 * A change to a stream, as one value: what a stand-alone node applies directly and what a
 * replicated stream's leader will propose through Raft, so every replica applies the same changes
 * in the same order (DESIGN principle 2). Time-based decisions travel inside the operation
 * (the publish timestamp, the expiry cutoff), so no replica consults its own clock.
 */
public sealed interface StreamOp {
  /** A published message, stamped by whoever ordered it. */
  record Publish(String subject, String reply, byte[] headers, byte[] data, long timestampNanos)
      implements StreamOp {}

  /** {@code STREAM.MSG.DELETE} of one sequence. */
  record DeleteMessage(long seq) implements StreamOp {}

  /** {@code STREAM.PURGE} with its options (empty filter: every subject; 0: no bound). */
  record Purge(String filter, long beforeSeq, long keep) implements StreamOp {}

  /** Messages stored at or before the cutoff age out ({@code max_age}). */
  record Expire(long cutoffNanos) implements StreamOp {}

  /**
   * A message a mirror copied from its origin, kept at the origin's sequence {@code seq} (refused
   * unless it is the stream's next).
   */
  record Mirrored(long seq, String subject, byte[] headers, byte[] data, long timestampNanos)
      implements StreamOp {}

  /** The next message gets {@code nextSeq} (a mirror's origin skipped sequences); none stored. */
  record SkipTo(long nextSeq) implements StreamOp {}

  /** A checked configuration update. */
  record UpdateConfig(StreamConfig config) implements StreamOp {}
}
