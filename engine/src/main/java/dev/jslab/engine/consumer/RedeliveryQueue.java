package dev.jslab.engine.consumer;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Stream sequences waiting to be redelivered, in the order they became due, with fast membership
 * (nats-server's {@code rdq} and {@code rdqi}).
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class RedeliveryQueue {
  private final ArrayDeque<Long> order = new ArrayDeque<>();
  private final Set<Long> members = new HashSet<>();

  void add(long seq) {
    order.addLast(seq);
    members.add(seq);
  }

  /** The next sequence to redeliver, or 0 when none. */
  long poll() {
    Long seq = order.pollFirst();
    if (seq == null) {
      return 0;
    }
    members.remove(seq);
    return seq;
  }

  boolean contains(long seq) {
    return members.contains(seq);
  }

  boolean remove(long seq) {
    if (!members.remove(seq)) {
      return false;
    }
    order.removeFirstOccurrence(seq);
    return true;
  }

  boolean isEmpty() {
    return order.isEmpty();
  }

  int size() {
    return order.size();
  }

  long[] toArray() {
    return order.stream().mapToLong(Long::longValue).toArray();
  }

  void clear() {
    order.clear();
    members.clear();
  }
}
