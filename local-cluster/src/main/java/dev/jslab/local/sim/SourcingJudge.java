package dev.jslab.local.sim;

import dev.jslab.engine.message.Headers;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.Stream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The invariants of a check's mirror and source streams once the cluster healed and the origin
 * stopped changing, each given a settle time on the virtual clock (the sourcing's own timers —
 * 10 s health checks, 30 s create waits, backoffs up to 2 min — must get to run): (e) every replica
 * of the mirror holds exactly the origin's messages, at the origin's sequences, with their subjects
 * and data, and the same headers as the mirror's leader; (f) every replica of the source stream
 * holds every origin message exactly once, nothing else, and the same messages at the same
 * sequences as the source stream's leader.
 *
 * <p>Not thread-safe: confined to the thread that drives the simulation.
 */
final class SourcingJudge {
  /** How often the settling streams are looked at again. */
  private static final long POLL_NANOS = 500_000_000L;

  private final JetStreamSim sim;
  private final String origin;
  private final long settleNanos;
  private long waitedNanos;

  /**
   * @param origin the stream mirrored and sourced
   * @param settleNanos how long each invariant may take to hold
   */
  SourcingJudge(JetStreamSim sim, String origin, long settleNanos) {
    this.sim = sim;
    this.origin = origin;
    this.settleNanos = settleNanos;
  }

  /** (e) for {@code mirror}: the first difference left after the settle time, if any. */
  Optional<String> mirrorHoldsOrigin(String mirror) {
    return settled(() -> mirrorDifference(mirror)).map(d -> "mirror: " + d);
  }

  /** (f) for {@code sourced}: the first difference left after the settle time, if any. */
  Optional<String> sourcedOnce(String sourced) {
    return settled(() -> sourceDifference(sourced)).map(d -> "source: " + d);
  }

  private Optional<String> settled(Supplier<Optional<String>> difference) {
    long deadline = sim.elapsedNanos() + settleNanos;
    Optional<String> d = difference.get();
    long start = sim.elapsedNanos();
    while (d.isPresent() && sim.elapsedNanos() < deadline) {
      sim.run(POLL_NANOS);
      d = difference.get();
    }
    waitedNanos += sim.elapsedNanos() - start;
    return d.map(v -> v + " (still " + settleNanos / 1_000_000_000L + " s after the origin stopped changing)");
  }

  /** How long the invariants judged so far took to hold, in all. */
  long waitedNanos() {
    return waitedNanos;
  }

  private Optional<String> mirrorDifference(String mirror) {
    Optional<Stream> from = leader(origin);
    Optional<Stream> to = leader(mirror);
    if (from.isEmpty() || to.isEmpty()) {
      return Optional.of("no running replica leads " + (from.isEmpty() ? origin : mirror));
    }
    List<StoredMessage> expected = JetStreamJudge.messages(from.get().store());
    List<StoredMessage> mirrored = JetStreamJudge.messages(to.get().store());
    for (SimNode n : sim.runningNodes()) {
      Optional<Stream> replica = n.jetStream().stream(mirror);
      if (replica.isEmpty()) {
        continue;
      }
      List<StoredMessage> held = JetStreamJudge.messages(replica.get().store());
      for (int i = 0; i < Math.max(expected.size(), held.size()); i++) {
        StoredMessage e = i < expected.size() ? expected.get(i) : null;
        StoredMessage h = i < held.size() ? held.get(i) : null;
        if (e == null || h == null || !sameCopy(e, h)) {
          return Optional.of(n.name() + "'s replica of " + mirror + " holds " + describe(h) + " where " + origin
              + " holds " + describe(e) + " (" + held.size() + " messages there, " + expected.size() + " in " + origin
              + ")");
        }
        StoredMessage l = i < mirrored.size() ? mirrored.get(i) : h;
        if (!Arrays.equals(h.headers(), l.headers()) || h.timestampNanos() != l.timestampNanos()) {
          return Optional.of(n.name() + "'s replica of " + mirror + " holds " + describe(h)
              + " with other headers or time than its leader's");
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> sourceDifference(String sourced) {
    Optional<Stream> from = leader(origin);
    Optional<Stream> to = leader(sourced);
    if (from.isEmpty() || to.isEmpty()) {
      return Optional.of("no running replica leads " + (from.isEmpty() ? origin : sourced));
    }
    List<StoredMessage> expected = JetStreamJudge.messages(from.get().store());
    List<StoredMessage> leaderHeld = JetStreamJudge.messages(to.get().store());
    Map<String, List<Long>> where = new HashMap<>();
    for (StoredMessage m : leaderHeld) {
      where.computeIfAbsent(key(m), k -> new ArrayList<>()).add(m.seq());
    }
    for (StoredMessage e : expected) {
      List<Long> seqs = where.remove(key(e));
      if (seqs == null || seqs.size() != 1) {
        return Optional.of(sourced + " holds " + origin + "'s " + describe(e) + " at "
            + (seqs == null ? "no seq" : "seqs " + seqs) + " (" + leaderHeld.size() + " messages there, "
            + expected.size() + " in " + origin + ")");
      }
    }
    if (!where.isEmpty()) {
      List<Long> extra = where.values().iterator().next();
      return Optional.of(sourced + " holds seq " + extra.get(0) + ", which is no message of " + origin);
    }
    for (SimNode n : sim.runningNodes()) {
      Optional<Stream> replica = n.jetStream().stream(sourced);
      if (replica.isEmpty() || replica.get().store() == to.get().store()) {
        continue;
      }
      List<StoredMessage> held = JetStreamJudge.messages(replica.get().store());
      for (int i = 0; i < Math.max(leaderHeld.size(), held.size()); i++) {
        StoredMessage e = i < leaderHeld.size() ? leaderHeld.get(i) : null;
        StoredMessage h = i < held.size() ? held.get(i) : null;
        if (e == null || h == null || !sameCopy(e, h) || !Arrays.equals(e.headers(), h.headers())) {
          return Optional.of(n.name() + "'s replica of " + sourced + " holds " + describe(h) + " where its leader holds "
              + describe(e) + " (" + held.size() + " messages there, " + leaderHeld.size() + " on the leader)");
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Stream> leader(String stream) {
    return sim.runningNodes().stream()
        .map(n -> n.jetStream().stream(stream))
        .flatMap(Optional::stream)
        .filter(Stream::isLeader)
        .findFirst();
  }

  /** A message as its source stream copies it: subject and data (every publish's data is unique). */
  private static String key(StoredMessage m) {
    return m.subject() + "\u0000" + new String(m.data(), StandardCharsets.UTF_8);
  }

  private static boolean sameCopy(StoredMessage a, StoredMessage b) {
    return a.seq() == b.seq() && a.subject().equals(b.subject()) && Arrays.equals(a.data(), b.data());
  }

  private static String describe(StoredMessage m) {
    return m == null ? "nothing" : "seq " + m.seq() + " (" + Headers.get(m.headers(), Headers.MSG_ID) + ")";
  }
}
