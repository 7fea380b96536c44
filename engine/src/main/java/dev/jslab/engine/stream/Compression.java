package dev.jslab.engine.stream;

/** Storage compression a stream asks for; accepted and reported, the lab stores uncompressed. */
public enum Compression {
  NONE("none"),
  S2("s2");

  private final String wireName;

  Compression(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
