package dev.jslab.engine.consumer;

/** How fast stored messages are replayed, with nats-server's wire names. */
public enum ReplayPolicy {
  /** As fast as the consumer allows. */
  INSTANT("instant"),
  /** Spaced as the messages were originally stored. */
  ORIGINAL("original");

  private final String wireName;

  ReplayPolicy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The policy with this wire name, or null when none has it. */
  public static ReplayPolicy fromWire(String name) {
    for (ReplayPolicy p : values()) {
      if (p.wireName.equals(name)) {
        return p;
      }
    }
    return null;
  }
}
