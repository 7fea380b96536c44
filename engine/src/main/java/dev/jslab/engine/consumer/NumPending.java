package dev.jslab.engine.consumer;

import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StoreState;
import java.util.List;

/**
 * How many stream messages the leader has yet to deliver, as nats-server keeps it: counted from
 * the store ({@code streamNumPending}, which sets {@code npc} and the stream sequence it counted
 * up to, {@code npf}), then kept up to date by deliveries and by messages stored and removed, and
 * counted again when it is visibly off. It may drift below zero; it reads as zero then.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class NumPending {
  private final ConsumerCore core;
  private final LeaderState work;
  private long count;
  private long countedTo;

  NumPending(ConsumerCore core, LeaderState work) {
    this.core = core;
    this.work = work;
  }

  /** The count, never below zero. */
  long get() {
    return Math.max(0, count);
  }

  /** The count, counted again first when it cannot be right ({@code checkNumPending}). */
  long check() {
    StoreState st = core.stream.store().state();
    long n = get();
    if ((work.sseq > st.lastSeq() && n > 0) || n > st.messages()) {
      recount();
    }
    return get();
  }

  /** At the end of the stream nothing is left to deliver. */
  void checkAtEnd() {
    long last = core.stream.store().state().lastSeq();
    if (work.sseq > last && count != 0) {
      count = 0;
      countedTo = last;
    }
  }

  /** Counts the matching messages from the next stream sequence on ({@code streamNumPending}). */
  void recount() {
    MessageStore store = core.stream.store();
    ConsumerConfig cfg = core.cfg;
    boolean lastPerSubject = cfg.deliverPolicy() == DeliverPolicy.LAST_PER_SUBJECT;
    List<String> filters = cfg.filters();
    long total = 0;
    if (filters.isEmpty()) {
      total = store.numPending(work.sseq, "", lastPerSubject);
    } else {
      for (String f : filters) {
        total += store.numPending(work.sseq, f, lastPerSubject);
      }
    }
    count = total;
    countedTo = store.state().lastSeq();
  }

  /** A matching message was stored at {@code seq}. */
  void stored(long seq) {
    if (seq > countedTo) {
      count++;
    }
  }

  /** The message at {@code seq} on {@code subject} left the stream. */
  void removed(long seq, String subject) {
    if (seq >= work.sseq && ConsumerFilters.matches(core.cfg.filters(), subject)) {
      count--;
    }
  }

  /** A message was delivered for the first time. */
  void delivered() {
    count--;
  }

  /** A message taken for a first delivery went back, undelivered. */
  void undelivered() {
    count++;
  }
}
