package dev.jslab.engine.store.memory;

import dev.jslab.engine.store.StoredMessage;

/**
 * Messages indexed by sequence in a growable ring: slot {@code seq - base} holds the message or
 * null for a deleted one. Appends at the end and removals at the head are O(1) amortized.
 *
 * <p>Not thread-safe.
 */
final class SequenceWindow {
  private StoredMessage[] slots = new StoredMessage[1024];
  private int head; // array index of `base`
  private int length; // slots in use: base .. base + length - 1
  private long base = 1;

  /** Sequence of the first slot. */
  long base() {
    return base;
  }

  /** One past the last slot's sequence. */
  long end() {
    return base + length;
  }

  StoredMessage get(long seq) {
    if (seq < base || seq >= base + length) {
      return null;
    }
    return slots[index(seq)];
  }

  /** Places {@code message} at its sequence, which must be at or after {@link #end()}. */
  void put(StoredMessage message) {
    long seq = message.seq();
    if (length == 0) {
      base = seq;
    }
    long needed = seq - base + 1;
    if (needed > slots.length) {
      grow(needed);
    }
    while (base + length <= seq) {
      slots[index(base + length)] = null;
      length++;
    }
    slots[index(seq)] = message;
  }

  /** Clears the slot at {@code seq}; returns what was there. */
  StoredMessage clear(long seq) {
    if (seq < base || seq >= base + length) {
      return null;
    }
    int i = index(seq);
    StoredMessage old = slots[i];
    slots[i] = null;
    return old;
  }

  /** Drops every slot below {@code seq} (they must already be cleared or be dropped anyway). */
  void dropBefore(long seq) {
    while (length > 0 && base < seq) {
      slots[head] = null;
      head = (head + 1) % slots.length;
      base++;
      length--;
    }
    if (length == 0) {
      base = seq;
      head = 0;
    }
  }

  /** Drops everything; the window restarts at {@code seq}. */
  void reset(long seq) {
    slots = new StoredMessage[Math.min(slots.length, 1 << 16)];
    head = 0;
    length = 0;
    base = seq;
  }

  private int index(long seq) {
    return (int) ((head + (seq - base)) % slots.length);
  }

  private void grow(long needed) {
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("memory store window too large: " + needed);
    }
    int capacity = slots.length;
    while (capacity < needed) {
      capacity = capacity * 2;
    }
    StoredMessage[] bigger = new StoredMessage[capacity];
    for (int i = 0; i < length; i++) {
      bigger[i] = slots[(head + i) % slots.length];
    }
    slots = bigger;
    head = 0;
  }
}
