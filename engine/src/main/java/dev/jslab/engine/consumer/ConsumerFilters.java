package dev.jslab.engine.consumer;

import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.subject.Subjects;
import java.util.List;

/**
 * A consumer's filter subjects at work, as nats-server applies them: which subjects a consumer
 * wants ({@code isFilteredMatch}), which purges are within its filters ({@code
 * isEqualOrSubsetMatch}), and the next message it wants from a stream. No filters means every
 * subject.
 *
 * <p>Stateless and thread-safe; reads the store on the caller's thread.
 */
final class ConsumerFilters {
  private ConsumerFilters() {}

  /** Whether {@code subject} (a literal or a wildcard subject) is within one of the filters. */
  static boolean matches(List<String> filters, String subject) {
    if (filters.isEmpty()) {
      return true;
    }
    boolean literal = Subjects.isLiteral(subject);
    for (String f : filters) {
      if (f.equals(subject)
          || (literal ? Subjects.matches(f, subject) : Subjects.isSubsetOf(subject, f))) {
        return true;
      }
    }
    return false;
  }

  /** Whether one of the filters equals {@code subject} or is a subset of it. */
  static boolean coveredBy(List<String> filters, String subject) {
    for (String f : filters) {
      if (f.equals(subject) || Subjects.isSubsetOf(f, subject)) {
        return true;
      }
    }
    return false;
  }

  /** The first message at or after {@code from} on a filtered subject, or null. */
  static StoredMessage loadNext(MessageStore store, List<String> filters, long from) {
    if (filters.isEmpty()) {
      return store.loadNext("", from);
    }
    if (filters.size() == 1) {
      return store.loadNext(filters.get(0), from);
    }
    StoredMessage best = null;
    for (String f : filters) {
      StoredMessage m = store.loadNext(f, from);
      if (m != null && (best == null || m.seq() < best.seq())) {
        best = m;
      }
    }
    return best;
  }
}
