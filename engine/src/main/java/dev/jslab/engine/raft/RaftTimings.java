package dev.jslab.engine.raft;

import java.time.Duration;

/**
 * The clocks of one Raft group, in nanoseconds: the randomized election timeout range, the leader's
 * heartbeat interval, the interval after which a leader that has not heard from a majority steps
 * down, and the delay before a peer told to take over (TimeoutNow) campaigns.
 *
 * <p>Immutable and thread-safe.
 */
public record RaftTimings(
    long electionMinNanos,
    long electionMaxNanos,
    long heartbeatNanos,
    long lostQuorumNanos,
    long campaignDelayNanos) {

  /** nats-server's values: election 4–9 s, heartbeat 1 s, lost quorum 10 s, campaign 50 ms. */
  public static final RaftTimings NATS_DEFAULTS =
      new RaftTimings(
          Duration.ofSeconds(4).toNanos(),
          Duration.ofSeconds(9).toNanos(),
          Duration.ofSeconds(1).toNanos(),
          Duration.ofSeconds(10).toNanos(),
          Duration.ofMillis(50).toNanos());

  /** Ten times faster, for teaching: election 300–600 ms, heartbeat 100 ms, lost quorum 1 s. */
  public static final RaftTimings CLASSROOM =
      new RaftTimings(
          Duration.ofMillis(300).toNanos(),
          Duration.ofMillis(600).toNanos(),
          Duration.ofMillis(100).toNanos(),
          Duration.ofSeconds(1).toNanos(),
          Duration.ofMillis(5).toNanos());

  /** A preset by name, as a command line or settings file gives it: {@code nats} or {@code classroom}. */
  public static RaftTimings named(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "nats", "default", "nats-server" -> NATS_DEFAULTS;
      case "classroom" -> CLASSROOM;
      default -> throw new IllegalArgumentException("unknown Raft timings '" + name + "': nats or classroom");
    };
  }

  public RaftTimings {
    if (electionMinNanos <= 0 || electionMaxNanos < electionMinNanos) {
      throw new IllegalArgumentException("election timeout range must be 0 < min <= max");
    }
    if (heartbeatNanos <= 0 || heartbeatNanos >= electionMinNanos) {
      throw new IllegalArgumentException("heartbeat must be positive and below the election timeout");
    }
    if (lostQuorumNanos < electionMinNanos || campaignDelayNanos < 0) {
      throw new IllegalArgumentException("lost quorum must be at least the election timeout");
    }
  }

  /** A peer is healthy (a stepdown target) when heard from within three heartbeats, as nats-server. */
  public long healthyWithinNanos() {
    return 3 * heartbeatNanos;
  }
}
