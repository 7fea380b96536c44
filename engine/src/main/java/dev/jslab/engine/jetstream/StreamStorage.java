package dev.jslab.engine.jetstream;

import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.stream.StreamConfig;

/**
 * Makes the message store of a stream, for one storage type.
 *
 * <p>Confined to the node's executor.
 */
public interface StreamStorage {
  /** A new, empty store for a stream being created. */
  MessageStore create(StreamConfig config);

  /** The store of an existing stream, recovered from wherever it lives. */
  MessageStore open(StreamConfig config);

  /**
   * The store of an existing stream as of its last sync (what a replica resumes from: it holds
   * exactly its {@link MessageStore#appliedMark()}); a new, empty one when there is none.
   */
  default MessageStore openAtLastSync(StreamConfig config) {
    return open(config);
  }

  /** Removes whatever a deleted stream left behind. */
  void delete(String streamName);

  /** Memory storage: every store starts empty and nothing outlives the node. */
  static StreamStorage memory() {
    return new StreamStorage() {
      @Override
      public MessageStore create(StreamConfig config) {
        return new dev.jslab.engine.store.memory.MemoryMessageStore(Math.max(1, config.firstSeq()));
      }

      @Override
      public MessageStore open(StreamConfig config) {
        return create(config);
      }

      @Override
      public void delete(String streamName) {}
    };
  }

  /**
   * Memory stores that outlive the node as a disk would (a simulated node's, an in-memory lab's):
   * every store holds what it held when its node stopped, as if synced at each change.
   */
  static StreamStorage kept() {
    return new KeptStreamStorage();
  }
}
