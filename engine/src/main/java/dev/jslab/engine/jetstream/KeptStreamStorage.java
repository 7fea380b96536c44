package dev.jslab.engine.jetstream;

import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.memory.MemoryMessageStore;
import dev.jslab.engine.stream.StreamConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Memory stores kept by stream name across the restarts of the node that uses them, as files
 * would be: a store reopened after its node stopped (cleanly or not) holds everything it held.
 *
 * <p>Confined to the node's executor (one node at a time uses it).
 */
final class KeptStreamStorage implements StreamStorage {
  private final Map<String, MemoryMessageStore> stores = new HashMap<>();

  @Override
  public MessageStore create(StreamConfig config) {
    MemoryMessageStore store = new MemoryMessageStore(Math.max(1, config.firstSeq()));
    stores.put(config.name(), store);
    return store;
  }

  @Override
  public MessageStore open(StreamConfig config) {
    MemoryMessageStore kept = stores.get(config.name());
    return kept == null ? create(config) : kept.reopen();
  }

  @Override
  public void delete(String streamName) {
    stores.remove(streamName);
  }
}
