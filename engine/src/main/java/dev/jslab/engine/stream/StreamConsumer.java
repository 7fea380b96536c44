package dev.jslab.engine.stream;

import dev.jslab.engine.store.StoredMessage;

/**
 * What a stream needs to know of its consumers: who is interested in which subjects (interest
 * and work-queue retention), who has acknowledged what, and how to tell them about new messages.
 *
 * <p>Called on the node's executor.
 */
public interface StreamConsumer {
  String name();

  /** True for internal consumers (a mirror's or source's), which nats-server does not count. */
  default boolean isDirect() {
    return false;
  }

  /** True when this consumer's filters match {@code subject}. */
  boolean isInterestedIn(String subject);

  /** True when this consumer no longer needs the message at {@code seq} (acknowledged it). */
  boolean hasAcknowledged(long seq);

  /** A message was stored; the consumer may deliver it. */
  void onStored(StoredMessage message);

  /**
   * Messages were purged: everything below {@code firstSeq} on subjects matching {@code filter}
   * (empty: all subjects) is gone.
   */
  void onPurged(long firstSeq, String filter);

  /**
   * One message left the stream (deleted, aged out, dropped by a limit, or released by
   * retention); nats-server tells its consumers so they can adjust what is pending.
   */
  default void onRemoved(long seq, String subject) {}
}
