package dev.jslab.engine.advisory;

import java.util.random.RandomGenerator;

/**
 * Makes 22-character base-62 ids like nats-server's NUIDs, from an injected random source, so a
 * seeded run names its advisories the same way every time.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class Nuid {
  private static final char[] DIGITS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  /** Length of every id. */
  public static final int LENGTH = 22;

  private final RandomGenerator random;

  public Nuid(RandomGenerator random) {
    this.random = random;
  }

  /** The next id. */
  public String next() {
    char[] id = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      id[i] = DIGITS[random.nextInt(DIGITS.length)];
    }
    return new String(id);
  }
}
