package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.subject.Subjects;

/**
 * Whether a block's records match a subject filter, deciding once per distinct subject of the
 * block rather than once per record.
 *
 * <p>Not thread-safe: one scan of one block.
 */
final class SubjectMatch {
  private final String filter;
  private final BlockRecords records;
  private final byte[] decided;

  SubjectMatch(String filter, BlockRecords records) {
    this.filter = filter;
    this.records = records;
    this.decided = new byte[records.subjectCount()];
  }

  /** Whether record {@code i}'s subject matches. */
  boolean test(int i) {
    int id = records.subjectIdAt(i);
    if (id >= decided.length) {
      return Subjects.matches(filter, records.subject(i));
    }
    if (decided[id] == 0) {
      decided[id] = Subjects.matches(filter, records.subject(i)) ? (byte) 1 : (byte) 2;
    }
    return decided[id] == 1;
  }
}
