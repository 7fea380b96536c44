package dev.jslab.engine.consumer;

import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StoredMessage;

/**
 * Picks the next message a consumer's leader delivers, as nats-server's {@code getNextMsg}: a due
 * redelivery first, then, below {@code max_ack_pending}, the rest of a last-per-subject start, then
 * the next stream message on the consumer's subjects. It moves the next stream sequence along.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class MessagePicker {
  /** Why nothing was picked. */
  enum Miss {
    NONE,
    EOF,
    NOT_FOUND,
    MAX_ACK_PENDING
  }

  /** The message picked and its delivery count, or no message and why. */
  record Next(StoredMessage msg, long dc, Miss miss) {}

  private final ConsumerCore core;
  private final LeaderState work;
  private final Redelivery redelivery;

  MessagePicker(ConsumerCore core, LeaderState work, Redelivery redelivery) {
    this.core = core;
    this.work = work;
    this.redelivery = redelivery;
  }

  Next next() {
    MessageStore store = core.stream.store();
    Redelivery.Redelivered again = redelivery.next(store);
    if (again != null) {
      return new Next(again.msg(), again.dc(), Miss.NONE);
    }
    if (work.atMaxAckPending()) {
      return new Next(null, 0, Miss.MAX_ACK_PENDING);
    }
    if (work.lss != null && !work.lss.seqs.isEmpty()) {
      long seq = work.lss.seqs.pollFirst();
      if (work.lss.seqs.isEmpty()) {
        work.sseq = work.lss.resume;
        work.lss = null;
      }
      StoredMessage m = store.load(seq);
      work.sseq++;
      return m == null ? new Next(null, 0, Miss.NOT_FOUND) : new Next(m, 1, Miss.NONE);
    }
    StoredMessage m = ConsumerFilters.loadNext(store, core.cfg.filters(), work.sseq);
    if (m != null) {
      if (m.seq() >= work.sseq) {
        work.sseq = m.seq() + 1;
      }
      return new Next(m, 1, Miss.NONE);
    }
    long last = store.state().lastSeq();
    if (last >= work.sseq) {
      work.sseq = last + 1;
    }
    return new Next(null, 0, Miss.EOF);
  }
}
