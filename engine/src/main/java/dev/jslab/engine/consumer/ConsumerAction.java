package dev.jslab.engine.consumer;

/** The {@code action} of a 2.10 create request: what to do when the consumer exists or not. */
public enum ConsumerAction {
  /** {@code ""}: create it, or update it when it exists. */
  CREATE_OR_UPDATE(""),
  /** {@code "create"}: create it; an existing one with a different configuration is an error. */
  CREATE("create"),
  /** {@code "update"}: update it; a missing one is an error. */
  UPDATE("update");

  private final String wireName;

  ConsumerAction(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The action with this wire name, or null when none has it. */
  public static ConsumerAction fromWire(String name) {
    for (ConsumerAction a : values()) {
      if (a.wireName.equals(name)) {
        return a;
      }
    }
    return null;
  }
}
