package dev.jslab.engine.consumer;

/** How deliveries are acknowledged, with nats-server's wire names. */
public enum AckPolicy {
  /** Nothing is acknowledged; a delivery counts as done. */
  NONE("none"),
  /** Acknowledging a message acknowledges every earlier one too. */
  ALL("all"),
  /** Every delivery is acknowledged on its own. */
  EXPLICIT("explicit");

  private final String wireName;

  AckPolicy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** True for the policies that track pending acknowledgements ({@code all}, {@code explicit}). */
  public boolean tracksAcks() {
    return this != NONE;
  }

  /** The policy with this wire name, or null when none has it. */
  public static AckPolicy fromWire(String name) {
    for (AckPolicy p : values()) {
      if (p.wireName.equals(name)) {
        return p;
      }
    }
    return null;
  }
}
