package dev.jslab.engine.stream;

/** What a full stream does with the next message. */
public enum DiscardPolicy {
  /** Drop the oldest messages to make room. */
  OLD("old"),
  /** Refuse the new message. */
  NEW("new");

  private final String wireName;

  DiscardPolicy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
