package dev.jslab.engine.consumer;

import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.store.SubjectState;
import dev.jslab.engine.stream.Stream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Where a new consumer starts in its stream, computed as nats-server's {@code
 * selectStartingSeqNo} computes it for each deliver policy (including its early return for an
 * unfiltered {@code deliver_policy: last}, which records no starting point).
 *
 * <p>Stateless and thread-safe; reads the stream on the caller's thread.
 */
final class StartPosition {
  private static final long SECOND = 1_000_000_000L;

  private StartPosition() {}

  /** {@code deliver_policy: last_per_subject}: the last sequences to deliver, then resume. */
  static final class LastPerSubject {
    final long resume;
    final ArrayDeque<Long> seqs;

    LastPerSubject(long resume, List<Long> seqs) {
      this.resume = resume;
      this.seqs = new ArrayDeque<>(seqs);
    }
  }

  /**
   * The start.
   *
   * @param streamSeq the first stream sequence to look at
   * @param lastPerSubject the skip list of a last-per-subject start, or null
   * @param recorded whether nats-server records the start in the consumer store
   */
  record Start(long streamSeq, LastPerSubject lastPerSubject, boolean recorded) {}

  static Start select(ConsumerConfig cfg, Stream stream) {
    MessageStore store = stream.store();
    StoreState st = store.state();
    List<String> filters = cfg.filters();
    long sseq = 0;
    LastPerSubject lss = null;
    if (cfg.optStartSeq() != 0) {
      sseq = cfg.optStartSeq();
    } else {
      switch (cfg.deliverPolicy()) {
        case ALL -> sseq = st.firstSeq();
        case LAST -> {
          if (filters.isEmpty()) {
            return new Start(st.lastSeq(), null, false);
          }
          for (String f : filters) {
            SubjectState ss = store.filteredState(f, 1);
            if (ss.lastSeq() > sseq) {
              sseq = ss.lastSeq();
            }
          }
        }
        case LAST_PER_SUBJECT -> {
          if (stream.config().maxMsgsPerSubject() == 1) {
            sseq = st.firstSeq();
          } else {
            TreeSet<Long> lasts = new TreeSet<>();
            for (String f : filters) {
              store.subjectsState(f).values().forEach(s -> lasts.add(s.lastSeq()));
            }
            lss = new LastPerSubject(st.lastSeq(), new ArrayList<>(lasts));
            sseq = lasts.isEmpty() ? st.lastSeq() : lasts.first();
          }
        }
        default -> {
          if (cfg.optStartTime() != null) {
            sseq = byTime(cfg, store, st, filters);
          } else {
            sseq = st.lastSeq() + 1;
          }
        }
      }
    }
    if (st.firstSeq() == 0) {
      sseq = 1;
    } else if (sseq < st.firstSeq()) {
      sseq = st.firstSeq();
    } else if (sseq > st.lastSeq()) {
      sseq = st.lastSeq() + 1;
    }
    return new Start(sseq, lss, true);
  }

  private static long byTime(
      ConsumerConfig cfg, MessageStore store, StoreState st, List<String> filters) {
    long ts = cfg.optStartTime().getEpochSecond() * SECOND + cfg.optStartTime().getNano();
    long sseq = seqFromTime(store, st, ts);
    if (!filters.isEmpty()) {
      long nseq = st.lastSeq();
      for (String f : filters) {
        SubjectState ss = store.filteredState(f, st.firstSeq());
        if (ss.firstSeq() >= sseq && ss.firstSeq() < nseq) {
          nseq = ss.firstSeq();
        }
      }
      if (nseq > sseq && nseq < st.lastSeq()) {
        sseq = nseq;
      }
    }
    return sseq;
  }

  /** nats-server's memory store {@code GetSeqFromTime}. */
  private static long seqFromTime(MessageStore store, StoreState st, long ts) {
    if (st.messages() == 0) {
      return st.lastSeq() + 1;
    }
    StoredMessage first = store.load(st.firstSeq());
    if (first != null && ts <= first.timestampNanos()) {
      return st.firstSeq();
    }
    StoredMessage last = store.loadPrevious(st.lastSeq());
    if (last == null) {
      return st.firstSeq();
    }
    if (ts == last.timestampNanos()) {
      return st.lastSeq();
    }
    if (ts > last.timestampNanos()) {
      return st.lastSeq() + 1;
    }
    return store.seqAtOrAfter(ts);
  }
}
