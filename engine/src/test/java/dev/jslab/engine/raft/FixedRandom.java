package dev.jslab.engine.raft;

import java.util.random.RandomGenerator;

/** A random source that always draws the same offset (clamped to the bound), for unit tests. */
final class FixedRandom implements RandomGenerator {
  private final long value;

  FixedRandom(long value) {
    this.value = value;
  }

  @Override
  public long nextLong() {
    return value;
  }

  @Override
  public long nextLong(long bound) {
    return Math.min(value, bound - 1);
  }
}
