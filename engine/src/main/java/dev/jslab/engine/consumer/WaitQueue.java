package dev.jslab.engine.consumer;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The queue of waiting pull requests, as nats-server's {@code waitQueue}: first in, first served
 * one message at a time; a request with more to take moves to the back after each message, so
 * requests share the messages round-robin.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class WaitQueue {
  private final ArrayDeque<WaitingRequest> queue = new ArrayDeque<>();
  private final int max;
  /** When a request last arrived or was answered (nats-server's inactivity clock); 0 for never. */
  long last;

  WaitQueue(int max) {
    this.max = max;
  }

  /** Adds at the back; false when {@code max_waiting} requests are already waiting. */
  boolean add(WaitingRequest wr) {
    if (isFull()) {
      return false;
    }
    queue.addLast(wr);
    last = wr.receivedAt;
    return true;
  }

  boolean isFull() {
    return queue.size() == max;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  int size() {
    return queue.size();
  }

  WaitingRequest peek() {
    return queue.peekFirst();
  }

  /** Takes one message for the head request: it moves to the back, or leaves when done. */
  WaitingRequest pop() {
    WaitingRequest wr = queue.peekFirst();
    if (wr != null) {
      wr.delivered++;
      wr.remaining--;
      if (wr.remaining > 0 && queue.size() > 1) {
        queue.pollFirst();
        queue.addLast(wr);
      } else if (wr.remaining <= 0) {
        queue.pollFirst();
      }
    }
    return wr;
  }

  void removeHead() {
    queue.pollFirst();
  }

  Iterator<WaitingRequest> iterator() {
    return queue.iterator();
  }

  /** Drains every request, front to back. */
  Iterable<WaitingRequest> drain() {
    ArrayDeque<WaitingRequest> all = new ArrayDeque<>(queue);
    queue.clear();
    return all;
  }
}
