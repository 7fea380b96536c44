package dev.jslab.engine.cluster;

import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The account's memory and storage use across a cluster, as nats-server's servers tell each other
 * with {@code $JSC.ARU} updates: every node reports what its own replicas hold (memory and file
 * streams apart) on {@code $JSC.ARU.<node>} once a second when it changed, and at least every
 * {@value #REFRESH_EVERY} reports; every node keeps the others' latest, forgetting a node not heard
 * from for three of those refreshes (it stopped or is cut off). Account info then counts every
 * replica in the cluster.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class AccountUsage {
  static final String SUBJECT = "$JSC.ARU.";
  private static final long INTERVAL = 1_000_000_000L;
  private static final int REFRESH_EVERY = 5;

  private record Report(long memory, long storage, long atNanos) {}

  private final String self;
  private final JetStream js;
  private final Scheduler scheduler;
  /** A node silent this long is forgotten. */
  private static final long FORGET_AFTER = 3 * REFRESH_EVERY * INTERVAL;
  private final Map<String, Report> others = new HashMap<>();
  private long sentMemory = -1;
  private long sentStorage = -1;
  private int quietReports;
  private Timer timer;

  AccountUsage(String self, JetStream js, Scheduler scheduler) {
    this.self = self;
    this.js = js;
    this.scheduler = scheduler;
  }

  /** Starts reporting this node's use. */
  void start() {
    timer = scheduler.schedule(INTERVAL, this::report);
  }

  /** Stops reporting. */
  void close() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private void report() {
    long memory = 0;
    long storage = 0;
    for (Stream s : js.streams()) {
      if (s.config().storage() == StorageType.MEMORY) {
        memory += s.state().bytes();
      } else {
        storage += s.state().bytes();
      }
    }
    if (memory != sentMemory || storage != sentStorage || ++quietReports >= REFRESH_EVERY) {
      sentMemory = memory;
      sentStorage = storage;
      quietReports = 0;
      js.publishAdvisory(new OutboundMessage(
          SUBJECT + self, null, null, (memory + " " + storage).getBytes(StandardCharsets.US_ASCII)));
    }
    timer = scheduler.schedule(INTERVAL, this::report);
  }

  /** Another node's report ({@code subject} names it). Malformed ones are ignored. */
  void received(String subject, byte[] data) {
    String node = subject.substring(SUBJECT.length());
    String[] parts = new String(data, StandardCharsets.US_ASCII).split(" ");
    if (node.equals(self) || node.isEmpty() || parts.length != 2) {
      return;
    }
    try {
      others.put(node, new Report(Long.parseLong(parts[0]), Long.parseLong(parts[1]), scheduler.nowNanos()));
    } catch (NumberFormatException e) {
      // not a report of ours
    }
  }

  /** What the other nodes' replicas hold in memory, as they last reported. */
  long othersMemory() {
    return sum(true);
  }

  /** What the other nodes' replicas hold in files, as they last reported. */
  long othersStorage() {
    return sum(false);
  }

  private long sum(boolean memory) {
    long now = scheduler.nowNanos();
    others.values().removeIf(r -> now - r.atNanos() > FORGET_AFTER);
    return others.values().stream().mapToLong(r -> memory ? r.memory() : r.storage()).sum();
  }
}
