package dev.jslab.engine.stream;

/** When a stream lets go of a message. */
public enum RetentionPolicy {
  /** Kept until a limit (count, bytes, age, per subject) removes it. */
  LIMITS("limits"),
  /** Kept while some consumer interested in its subject has not acknowledged it. */
  INTEREST("interest"),
  /** Removed as soon as one consumer acknowledges it. */
  WORK_QUEUE("workqueue");

  private final String wireName;

  RetentionPolicy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
