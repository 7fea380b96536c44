package dev.jslab.engine.advisory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.random.RandomGenerator;

/**
 * NATS unique ids (22 base-62 characters: a 12-character random prefix and a 10-character
 * sequence stepped by a random increment), as nats-server uses for advisory ids, drawn from an
 * injected seeded generator so a run replays exactly. Also nats-server's server-chosen consumer
 * names: the first 8 bytes of a SHA-256 of an id, mapped to base 62.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class Nuid {
  private static final String DIGITS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int BASE = 62;
  private static final int PREFIX_LENGTH = 12;
  private static final int SEQUENCE_LENGTH = 10;
  private static final long MAX_SEQUENCE = 839_299_365_868_340_224L; // 62^10
  private static final long MIN_INCREMENT = 33;
  private static final long MAX_INCREMENT = 333;

  private final RandomGenerator random;
  private final char[] prefix = new char[PREFIX_LENGTH];
  private long sequence;
  private long increment;

  public Nuid(RandomGenerator random) {
    this.random = random;
    randomizePrefix();
    resetSequence();
  }

  /** The next id. */
  public String next() {
    sequence += increment;
    if (sequence >= MAX_SEQUENCE) {
      randomizePrefix();
      resetSequence();
    }
    char[] out = new char[PREFIX_LENGTH + SEQUENCE_LENGTH];
    System.arraycopy(prefix, 0, out, 0, PREFIX_LENGTH);
    long l = sequence;
    for (int i = out.length - 1; i >= PREFIX_LENGTH; i--) {
      out[i] = DIGITS.charAt((int) (l % BASE));
      l /= BASE;
    }
    return new String(out);
  }

  /** A server-chosen consumer name: 8 characters of [0-9A-Za-z]. */
  public String consumerName() {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(next().getBytes(StandardCharsets.UTF_8));
      char[] name = new char[8];
      for (int i = 0; i < name.length; i++) {
        name[i] = DIGITS.charAt((sha[i] & 0xff) % BASE);
      }
      return new String(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Four base-62 characters from one random number, as nats-server's flow control replies. */
  public static String token(RandomGenerator random) {
    long l = random.nextLong() & Long.MAX_VALUE;
    char[] b = new char[4];
    for (int i = 0; i < b.length; i++) {
      b[i] = DIGITS.charAt((int) (l % BASE));
      l /= BASE;
    }
    return new String(b);
  }

  private void randomizePrefix() {
    for (int i = 0; i < PREFIX_LENGTH; i++) {
      prefix[i] = DIGITS.charAt(random.nextInt(256) % BASE);
    }
  }

  private void resetSequence() {
    sequence = random.nextLong(MAX_SEQUENCE);
    increment = MIN_INCREMENT + random.nextLong(MAX_INCREMENT - MIN_INCREMENT);
  }
}
