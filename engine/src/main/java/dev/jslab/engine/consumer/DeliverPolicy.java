package dev.jslab.engine.consumer;

/** Where a consumer starts in its stream, with nats-server's wire names. */
public enum DeliverPolicy {
  ALL("all"),
  LAST("last"),
  NEW("new"),
  BY_START_SEQUENCE("by_start_sequence"),
  BY_START_TIME("by_start_time"),
  LAST_PER_SUBJECT("last_per_subject");

  private final String wireName;

  DeliverPolicy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The policy with this wire name, or null when none has it. */
  public static DeliverPolicy fromWire(String name) {
    for (DeliverPolicy p : values()) {
      if (p.wireName.equals(name)) {
        return p;
      }
    }
    return null;
  }
}
