package dev.jslab.engine.store.mapdb;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few most recently read blocks, decoded, by first sequence: reading messages one after the
 * other decodes each block once.
 *
 * <p>Not thread-safe: confined to its store.
 */
final class BlockCache {
  private final Map<Long, BlockRecords> blocks;

  BlockCache(int capacity) {
    this.blocks = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, BlockRecords> eldest) {
        return size() > capacity;
      }
    };
  }

  BlockRecords get(long blockFirst) {
    return blocks.get(blockFirst);
  }

  void put(long blockFirst, BlockRecords records) {
    blocks.put(blockFirst, records);
  }

  void evict(long blockFirst) {
    blocks.remove(blockFirst);
  }

  void clear() {
    blocks.clear();
  }
}
