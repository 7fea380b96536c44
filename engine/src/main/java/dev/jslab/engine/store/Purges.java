package dev.jslab.engine.store;

import dev.jslab.engine.subject.Subjects;

/**
 * The purge-with-options rules of nats-server's stores ({@code PurgeEx}), written once on top of
 * {@link MessageStore}'s primitives so both storage types behave alike.
 *
 * <p>Stateless and thread-safe; the store it is given is not.
 */
public final class Purges {
  private Purges() {}

  /**
   * Removes messages matching {@code filter} below {@code beforeSeq} (0: no bound), keeping the
   * newest {@code keep} (0: none). An empty filter or {@code >} means every subject.
   */
  public static long purge(MessageStore store, String filter, long beforeSeq, long keep) {
    if (filter == null || filter.isEmpty() || Subjects.REST.equals(filter)) {
      if (keep == 0 && beforeSeq == 0) {
        return store.purgeAll();
      }
      if (beforeSeq > 1) {
        return store.compact(beforeSeq);
      }
      if (keep > 0) {
        StoreState state = store.state();
        if (keep >= state.messages()) {
          return 0;
        }
        return store.compact(state.lastSeq() - keep + 1);
      }
      return 0;
    }
    SubjectState matching = store.filteredState(filter, 1);
    if (matching.messages() == 0) {
      return 0;
    }
    long toRemove = matching.messages();
    if (keep > 0) {
      if (keep >= toRemove) {
        return 0;
      }
      toRemove -= keep;
    }
    long last = beforeSeq > 1 ? beforeSeq - 1 : matching.lastSeq();
    long purged = 0;
    for (long seq = matching.firstSeq(); seq <= last && purged < toRemove; seq++) {
      StoredMessage m = store.load(seq);
      if (m != null && Subjects.matches(filter, m.subject()) && store.remove(seq)) {
        purged++;
      }
    }
    return purged;
  }
}
