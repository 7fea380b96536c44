package dev.jslab.engine.monitor;

import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.stream.Stream;

/**
 * What a node's JetStream holds right now: bytes in memory and file streams, and the counts
 * {@code /jsz} and {@code /varz} report.
 */
record JetStreamUsage(
    long memory, long storage, int streams, int consumers, long messages, long bytes) {
  /** Nothing: JetStream is not available. */
  static final JetStreamUsage NONE = new JetStreamUsage(0, 0, 0, 0, 0, 0);

  /** Sums every stream of {@code js}; on the node's executor. */
  static JetStreamUsage of(JetStream js) {
    if (js == null) {
      return NONE;
    }
    long memory = 0;
    long storage = 0;
    int consumers = 0;
    long messages = 0;
    long bytes = 0;
    int streams = 0;
    for (Stream s : js.streams()) {
      long b = s.state().bytes();
      if (s.config().storage() == StorageType.MEMORY) {
        memory += b;
      } else {
        storage += b;
      }
      streams++;
      consumers += s.consumerCount();
      messages += s.state().messages();
      bytes += b;
    }
    return new JetStreamUsage(memory, storage, streams, consumers, messages, bytes);
  }
}
