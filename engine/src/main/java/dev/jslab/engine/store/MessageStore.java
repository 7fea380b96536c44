package dev.jslab.engine.store;

import java.util.List;
import java.util.Map;

/**
 * Where a stream keeps its messages: an append-only sequence with deletions, purges and
 * per-subject bookkeeping. The store enforces no limits and takes no decisions: the stream tells
 * it what to append and what to remove, so the same operations give the same store on every
 * replica.
 *
 * <p>Not thread-safe: confined to the node's executor. Methods never block on the network; a file
 * store may do disk IO. Storage failures surface as {@link StorageException}.
 */
public interface MessageStore extends AutoCloseable {
  StorageType type();

  /**
   * Appends a message at {@code lastSeq + 1} and returns that sequence.
   *
   * @param timestampNanos the time the stream assigned, nanoseconds since the epoch
   */
  long append(String subject, byte[] headers, byte[] data, long timestampNanos);

  /**
   * Appends a message at exactly {@code seq}, which must be greater than {@code lastSeq}; the
   * sequences in between are skipped (mirrors keep their origin's sequences this way).
   */
  void appendAt(long seq, String subject, byte[] headers, byte[] data, long timestampNanos);

  /** Moves {@code lastSeq} to {@code seq - 1} without storing anything, so the next is {@code seq}. */
  void skipTo(long seq);

  /** The message at {@code seq}, or null when there is none (never stored, deleted or purged). */
  StoredMessage load(long seq);

  /** The first message at or after {@code fromSeq} whose subject matches {@code filter}, or null. */
  StoredMessage loadNext(String filter, long fromSeq);

  /** The last message whose subject matches {@code filter}, or null. */
  StoredMessage loadLast(String filter);

  /** The last message at or before {@code seq}, or null. */
  StoredMessage loadPrevious(long seq);

  /** Removes the message at {@code seq}; false when there was none. */
  boolean remove(long seq);

  /** Removes every message; the next append gets {@code lastSeq + 1}. Returns how many. */
  long purgeAll();

  /**
   * Removes every message below {@code seq}; when {@code seq > lastSeq + 1} the store is emptied
   * and the next append gets {@code seq}. Returns how many were removed.
   */
  long compact(long seq);

  /**
   * Removes the messages matching {@code filter} below {@code beforeSeq} (0: no bound), keeping
   * the newest {@code keep} of them (0: none kept). Returns how many were removed.
   */
  long purge(String filter, long beforeSeq, long keep);

  /** The first sequence whose message was stored at or after {@code timestampNanos}. */
  long seqAtOrAfter(long timestampNanos);

  StoreState state();

  /** Count, first and last of the messages matching {@code filter} at or after {@code fromSeq}. */
  SubjectState filteredState(String filter, long fromSeq);

  /** Per distinct subject matching {@code filter}: its count, first and last. */
  Map<String, SubjectState> subjectsState(String filter);

  /**
   * Messages at or after {@code fromSeq} matching {@code filter}; with {@code lastPerSubject},
   * only the last message of each subject counts.
   */
  long numPending(long fromSeq, String filter, boolean lastPerSubject);

  /** Sequences between first and last that hold no message, ascending. */
  List<Long> deletedSequences();

  /**
   * Records that the store now holds what a replicated stream's Raft log held up to {@code index}.
   * The mark is kept with the store's state at each {@link #sync()}: a store opened as of its last
   * sync ({@code StreamStorage#openAtLastSync}) holds exactly the log up to {@link #appliedMark()}.
   */
  default void markApplied(long index) {
    throw new UnsupportedOperationException("this store keeps no replication mark");
  }

  /** The mark last recorded (as of the last sync when the store was just opened); 0 when none. */
  default long appliedMark() {
    return 0;
  }

  /**
   * Makes everything appended or removed so far durable, against a crash and a power cut alike
   * (an fsync). No-op for memory.
   */
  void sync();

  /** Clean shutdown: syncs and releases resources. Idempotent. */
  @Override
  void close();

  /**
   * Abrupt stop as a killed process: the operating system keeps what was written, so only what
   * the store still buffered in memory is lost. Idempotent.
   */
  void crash();

  /**
   * Abrupt stop as a power cut: everything after the last {@link #sync()} is lost, whatever was
   * written since. Idempotent.
   */
  void powerLoss();

  /** Closes the store and removes everything it holds, on disk too. */
  void delete();
}
