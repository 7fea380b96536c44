package dev.jslab.engine.jetstream;

import dev.jslab.engine.consumer.ConsumerStateStore;
import dev.jslab.engine.consumer.MemoryConsumerStateStore;

/**
 * Makes the state store of a consumer, for one storage type.
 *
 * <p>Confined to the node's executor.
 */
public interface ConsumerStorage {
  /** The store of {@code consumer} on {@code stream}, holding its state if it had one. */
  ConsumerStateStore open(String stream, String consumer);

  /** Memory storage: every store starts empty. */
  static ConsumerStorage memory() {
    return (stream, consumer) -> new MemoryConsumerStateStore();
  }
}
