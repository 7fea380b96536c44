package dev.jslab.engine.store;

/**
 * How many stored messages match a subject or filter, and the first and last of them.
 *
 * @param messages how many
 * @param firstSeq the first one's sequence, 0 when none
 * @param lastSeq the last one's sequence, 0 when none
 */
public record SubjectState(long messages, long firstSeq, long lastSeq) {
  public static final SubjectState EMPTY = new SubjectState(0, 0, 0);
}
