package dev.jslab.engine.stream;

import dev.jslab.engine.message.Outbox;
import dev.jslab.engine.time.TimeSource;

/**
 * What a stream gets from the node hosting it.
 *
 * @param time the node's time
 * @param outbox where PubAcks and other replies go
 * @param domain the JetStream domain named in PubAcks, or empty
 */
public record StreamContext(TimeSource time, Outbox outbox, String domain) {
  public StreamContext {
    domain = domain == null ? "" : domain;
  }
}
