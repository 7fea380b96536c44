package dev.jslab.engine.raft;

import java.util.Optional;

/**
 * What a member must persist before it sends anything: its current term and whom it voted for in
 * that term (paper Figure 2, "persistent state").
 *
 * <p>Immutable and thread-safe.
 */
public record HardState(long term, Optional<String> votedFor) {
  public static final HardState INITIAL = new HardState(0, Optional.empty());
}
