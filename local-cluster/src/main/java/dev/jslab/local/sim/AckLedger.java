package dev.jslab.local.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the publishers of a check were told: each acknowledged {@code Nats-Msg-Id} with the stream
 * sequence its PubAck named. Two PubAcks naming different sequences for one id are a violation at
 * once.
 *
 * <p>Not thread-safe: confined to the thread that drives the simulation.
 */
final class AckLedger {
  private final Map<String, Long> acked = new LinkedHashMap<>();
  private String conflict;
  private int published;

  /** A publisher sent a new id. */
  void sent() {
    published++;
  }

  /** A PubAck said {@code id} is at {@code seq}. */
  void acked(String id, long seq) {
    Long before = acked.putIfAbsent(id, seq);
    if (before != null && before != seq && conflict == null) {
      conflict = "acknowledged publish: " + id + " was acknowledged at seq " + before + " and at seq " + seq;
    }
  }

  /** Every acknowledged id with its sequence, in the order they were first acknowledged. */
  Map<String, Long> acknowledged() {
    return acked;
  }

  /** How many distinct ids were published. */
  int published() {
    return published;
  }

  /** The first conflicting pair of PubAcks, if any. */
  Optional<String> conflict() {
    return Optional.ofNullable(conflict);
  }
}
