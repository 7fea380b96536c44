package dev.jslab.engine.store.mapdb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The blocks that hold live messages, by first sequence, the open block included. Answers where a
 * sequence is and which sequences are live without reading any block.
 *
 * <p>Not thread-safe: confined to its store.
 */
final class BlockIndex {
  private final TreeMap<Long, Block> blocks = new TreeMap<>();

  void add(Block block) {
    blocks.put(block.first, block);
  }

  void remove(Block block) {
    blocks.remove(block.first, block);
  }

  void clear() {
    blocks.clear();
  }

  boolean isEmpty() {
    return blocks.isEmpty();
  }

  Collection<Block> all() {
    return blocks.values();
  }

  Block firstBlock() {
    return blocks.isEmpty() ? null : blocks.firstEntry().getValue();
  }

  Block lastBlock() {
    return blocks.isEmpty() ? null : blocks.lastEntry().getValue();
  }

  /** The block whose range holds {@code seq}, or null. */
  Block blockOf(long seq) {
    Map.Entry<Long, Block> e = blocks.floorEntry(seq);
    return e == null || seq > e.getValue().last() ? null : e.getValue();
  }

  /** The blocks that may hold sequences at or after {@code seq}, in order. */
  Collection<Block> from(long seq) {
    Long key = blocks.floorKey(seq);
    return key == null ? blocks.values() : blocks.tailMap(key, true).values();
  }

  /** The blocks that may hold sequences at or before {@code seq}, newest first. */
  Collection<Block> downFrom(long seq) {
    return blocks.headMap(seq, true).descendingMap().values();
  }

  /** The first live sequence at or after {@code seq}, or -1. */
  long nextLive(long seq) {
    for (Block b : from(seq)) {
      int i = b.nextLive(b.ceilingIndex(seq));
      if (i >= 0) {
        return b.seqAt(i);
      }
    }
    return -1;
  }

  /** The last live sequence at or before {@code seq}, or -1. */
  long previousLive(long seq) {
    for (Block b : downFrom(seq)) {
      int i = b.previousLive(b.floorIndex(seq));
      if (i >= 0) {
        return b.seqAt(i);
      }
    }
    return -1;
  }

  /** How many live messages are at or after {@code seq}. */
  long countFrom(long seq) {
    long n = 0;
    for (Block b : from(seq)) {
      if (b.first >= seq) {
        n += b.live();
      } else {
        for (int i = b.nextLive(b.ceilingIndex(seq)); i >= 0; i = b.nextLive(i + 1)) {
          n++;
        }
      }
    }
    return n;
  }

  /** The sequences from {@code first} to {@code last} that hold no live message, ascending. */
  List<Long> missing(long first, long last) {
    List<Long> out = new ArrayList<>();
    long expected = first;
    for (Block b : from(first)) {
      if (b.first > last) {
        break;
      }
      for (int i = b.ceilingIndex(expected); i < b.count(); i++) {
        long seq = b.seqAt(i);
        if (seq > last) {
          break;
        }
        if (b.isLive(i)) {
          for (long s = expected; s < seq; s++) {
            out.add(s);
          }
          expected = seq + 1;
        }
      }
    }
    for (long s = expected; s <= last; s++) {
      out.add(s);
    }
    return out;
  }
}
