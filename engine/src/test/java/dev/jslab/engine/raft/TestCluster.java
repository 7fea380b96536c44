package dev.jslab.engine.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A hand-driven group for unit tests: one FIFO of messages, one virtual clock, and a driver per
 * member that persists, then sends, then applies. Members fire their election timeout only when a
 * test says so ({@link #fire}, {@link #elapse}); the n-th member's timeout is the minimum + 20n ms.
 */
final class TestCluster {
  static final RaftTimings T = RaftTimings.CLASSROOM;

  final Map<String, RaftNode> nodes = new LinkedHashMap<>();
  final Map<String, InMemoryRaftStorage> storage = new LinkedHashMap<>();
  final Map<String, List<Entry>> applied = new LinkedHashMap<>();
  final Map<String, Snapshot> appliedSnapshot = new LinkedHashMap<>();
  final List<RaftEvent> events = new ArrayList<>();
  final ArrayDeque<Envelope> queue = new ArrayDeque<>();
  final Set<String> down = new HashSet<>();
  final List<String> ids;
  long now = 1_000_000_000L;
  Predicate<Envelope> drop = e -> false;

  TestCluster(String... ids) {
    this.ids = List.of(ids);
    for (String id : ids) {
      storage.put(id, new InMemoryRaftStorage());
      applied.put(id, new ArrayList<>());
      start(id);
    }
  }

  RaftConfig config(String id) {
    return RaftConfig.of("G", id, ids, T);
  }

  void start(String id) {
    nodes.put(id, new RaftNode(config(id), storage.get(id).load(), new FixedRandom(ids.indexOf(id) * 20_000_000L), now));
    applied.get(id).clear();
    appliedSnapshot.remove(id);
    down.remove(id);
  }

  RaftNode node(String id) {
    return nodes.get(id);
  }

  /** Carries out a Ready the way a driver must: persist, then send, then apply. */
  Ready handle(String id, Ready ready) {
    storage.get(id).persist(ready);
    ready.messages().stream().filter(drop.negate()).forEach(queue::add);
    ready.snapshotToApply().ifPresent(s -> {
      appliedSnapshot.put(id, s);
      applied.get(id).clear();
    });
    applied.get(id).addAll(ready.committed());
    events.addAll(ready.events());
    return ready;
  }

  /** Moves the clock to {@code id}'s next deadline and advances it there. */
  Ready fire(String id) {
    now = Math.max(now, nodes.get(id).nextDeadlineNanos());
    return handle(id, nodes.get(id).advance(now));
  }

  /**
   * Moves the clock forward deadline by deadline: the member due first is advanced and everything
   * it sends is delivered (instantly) before the next deadline.
   */
  void elapse(long nanos) {
    long target = now + nanos;
    while (true) {
      String due = null;
      for (String id : ids) {
        if (!down.contains(id)
            && nodes.get(id).nextDeadlineNanos() <= target
            && (due == null || nodes.get(id).nextDeadlineNanos() < nodes.get(due).nextDeadlineNanos())) {
          due = id;
        }
      }
      if (due == null) {
        break;
      }
      now = Math.max(now, nodes.get(due).nextDeadlineNanos());
      handle(due, nodes.get(due).advance(now));
      deliverAll();
    }
    now = target;
  }

  Ready deliver(Envelope e) {
    if (down.contains(e.to())) {
      return null;
    }
    RaftNode to = nodes.get(e.to());
    // The recipient's clock catches up, but its timers fire only through fire() or elapse().
    handle(e.to(), to.advance(Math.min(now, to.nextDeadlineNanos() - 1)));
    return handle(e.to(), to.step(e.message()));
  }

  /** Delivers queued messages, and those they cause, until none is left. */
  void deliverAll() {
    int guard = 0;
    while (!queue.isEmpty()) {
      deliver(queue.poll());
      if (++guard > 100_000) {
        throw new AssertionError("messages never stop");
      }
    }
  }

  /** Elects {@code id}: fires its timeout and delivers everything. */
  TestCluster elect(String id) {
    fire(id);
    deliverAll();
    return this;
  }

  Ready propose(String id, String command) {
    return handle(id, nodes.get(id).propose(command.getBytes()));
  }

  void crash(String id) {
    down.add(id);
  }

  List<String> appliedCommands(String id) {
    return applied.get(id).stream()
        .filter(e -> e.type() == EntryType.COMMAND)
        .map(e -> new String(e.data()))
        .toList();
  }

  Optional<String> leader() {
    return ids.stream()
        .filter(id -> !down.contains(id) && nodes.get(id).role() == Role.LEADER)
        .findFirst();
  }

  <T extends RaftEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
