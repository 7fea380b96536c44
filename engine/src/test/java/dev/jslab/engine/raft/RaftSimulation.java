package dev.jslab.engine.raft;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic randomized run of one Raft group: N members over an in-test network that loses,
 * duplicates, delays and reorders messages, with partitions, crashes (restart from the member's
 * storage), leadership transfers and snapshots. Every step is checked against the safety
 * invariants; after the chaos the network heals and a leader must be elected and commit a new
 * command everywhere within a bound. One seed drives every choice, so a seed replays a run.
 *
 * <p>Confined to the test thread.
 */
final class RaftSimulation {
  static final RaftTimings T = RaftTimings.CLASSROOM;
  static final long MS = 1_000_000L;

  final long seed;
  final int size;
  final int maxEntries;
  final int maxInflight;
  final SplittableRandom rnd;
  final List<String> ids = new ArrayList<>();
  final Map<String, RaftNode> nodes = new LinkedHashMap<>();
  final Map<String, RaftStorage> storage = new HashMap<>();
  /** Opens a member's storage (again, after a crash); in memory unless a test gives files. */
  final java.util.function.Function<String, RaftStorage> opener;
  final Map<String, App> apps = new HashMap<>();
  final Set<String> down = new HashSet<>();
  /** Partition: member -> side; members on different sides cannot talk. Empty when healed. */
  final Map<String, Integer> side = new HashMap<>();
  final PriorityQueue<InFlight> network = new PriorityQueue<>();
  long now;
  long order;
  java.util.Collection<String> leaderMembers = List.of();
  boolean removed;
  double loss = 0.05;
  double duplication = 0.03;
  long maxLatency = 30 * MS;

  // Invariant records.
  final Map<Long, String> leaderOfTerm = new HashMap<>();
  final Map<Long, Long> committedTerm = new HashMap<>();
  final Map<Long, Integer> committedContent = new HashMap<>();
  final Map<Long, Long> stateHashAt = new HashMap<>();
  final Map<String, Long> lastTerm = new HashMap<>();
  final Map<List<Long>, Integer> entryContent = new HashMap<>();

  // Figures for the report.
  long steps;
  long delivered;
  long dropped;
  int elections;
  int crashes;
  int transfers;
  int snapshots;
  int installs;
  int proposals;
  int removals;
  /** Members added back after their removal (single-server addition, thesis §4.1). */
  int additions;
  boolean readded;

  RaftSimulation(long seed) {
    this(seed, id -> new InMemoryRaftStorage());
  }

  /** A run whose members keep their state where {@code opener} says (e.g. MapDB files). */
  RaftSimulation(long seed, java.util.function.Function<String, RaftStorage> opener) {
    this.seed = seed;
    this.opener = opener;
    this.rnd = new SplittableRandom(seed); // java.util.Random gives near seeds near-identical first draws
    this.size = rnd.nextBoolean() ? 3 : 5;
    this.maxEntries = new int[] {1, 2, 64}[rnd.nextInt(3)];
    this.maxInflight = 1 + rnd.nextInt(4);
    for (int i = 0; i < size; i++) {
      ids.add("n" + i);
    }
    for (String id : ids) {
      storage.put(id, opener.apply(id));
      start(id);
    }
  }

  /** The application: a hash chain over applied entries, so replicas can be compared per index. */
  static final class App {
    long index;
    long hash;
  }

  record InFlight(long at, long order, Envelope envelope) implements Comparable<InFlight> {
    @Override
    public int compareTo(InFlight o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
    }
  }

  void start(String id) {
    PersistentState state = storage.get(id).load();
    RaftConfig config =
        new RaftConfig("S-R" + size + "F-SIM", id, Set.copyOf(ids), T, maxEntries, 1 << 20, maxInflight);
    nodes.put(id, new RaftNode(config, state, new SplittableRandom(rnd.nextLong()), now));
    App app = new App();
    state.snapshot().ifPresent(s -> loadSnapshot(id, app, s));
    apps.put(id, app);
    down.remove(id);
    check(lastTerm.getOrDefault(id, 0L) <= nodes.get(id).term(), id + " lost its term on restart");
  }

  /** Runs the chaos for {@code chaosNanos}, heals, and checks liveness. */
  void run(long chaosNanos, long livenessBoundNanos) {
    long nextFault = now + 100 * MS;
    long nextProposal = now + 20 * MS;
    long end = now + chaosNanos;
    while (now < end) {
      long t = Math.min(Math.min(nextTimer(), nextDelivery()), Math.min(nextFault, nextProposal));
      now = Math.max(now, t);
      if (nextDelivery() <= now) {
        deliver(network.poll().envelope());
      } else if (nextTimer() <= now) {
        fireTimer();
      } else if (nextFault <= now) {
        fault();
        nextFault = now + (50 + rnd.nextInt(1000)) * MS;
      } else {
        proposeSomewhere();
        nextProposal = now + (10 + rnd.nextInt(80)) * MS;
      }
      steps++;
      if (steps % 64 == 0) {
        checkLogMatching();
      }
    }
    heal();
    long healedAt = now;
    String leader = null;
    long target = -1;
    while (now - healedAt < livenessBoundNanos) {
      long t = Math.min(nextTimer(), nextDelivery());
      now = Math.max(now, t);
      if (nextDelivery() <= now) {
        deliver(network.poll().envelope());
      } else {
        fireTimer();
      }
      steps++;
      Optional<String> l = agreedLeader();
      if (l.isPresent() && (!l.get().equals(leader) || target < 0)) {
        leader = l.get();
        leaderMembers = nodes.get(leader).status().members();
        Ready r = nodes.get(leader).propose(("after-heal@" + now).getBytes());
        handle(leader, r);
        target = r.proposal().filter(Proposal::accepted).map(Proposal::index).orElse(-1L);
      }
      long goal = target;
      if (goal > 0 && ids.stream().allMatch(id -> apps.get(id).index >= targetIndexFor(id, goal))) {
        checkLogMatching();
        return;
      }
    }
    throw new AssertionError(
        "no leader committed a command everywhere within "
            + livenessBoundNanos / MS
            + " ms after healing; leader="
            + leader
            + " target="
            + target
            + " status="
            + statuses());
  }

  private long targetIndexFor(String id, long target) {
    return leaderMembers.contains(id) ? target : 0;
  }

  private Optional<String> agreedLeader() {
    for (String id : ids) {
      RaftNode n = nodes.get(id);
      if (n.role() == Role.LEADER) {
        boolean all =
            n.status().members().stream()
                .allMatch(m -> nodes.get(m).leader().filter(id::equals).isPresent());
        return all ? Optional.of(id) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  String statuses() {
    StringBuilder sb = new StringBuilder();
    for (String id : ids) {
      RaftStatus s = nodes.get(id).status();
      sb.append("\n  ").append(id).append(down.contains(id) ? " DOWN " : " ")
          .append(s.role()).append(" t").append(s.term()).append(" leader=").append(s.leader().orElse("-"))
          .append(" commit=").append(s.commitIndex()).append(" log=").append(s.firstIndex()).append("..")
          .append(s.lastIndex()).append(" followers=").append(s.followers());
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ the driver

  private long nextTimer() {
    long t = Long.MAX_VALUE;
    for (String id : ids) {
      if (!down.contains(id)) {
        t = Math.min(t, nodes.get(id).nextDeadlineNanos());
      }
    }
    return t;
  }

  private long nextDelivery() {
    return network.isEmpty() ? Long.MAX_VALUE : network.peek().at();
  }

  private void fireTimer() {
    for (String id : ids) {
      if (!down.contains(id) && nodes.get(id).nextDeadlineNanos() <= now) {
        handle(id, nodes.get(id).advance(now));
        return;
      }
    }
  }

  private void deliver(Envelope e) {
    if (down.contains(e.to())) {
      dropped++;
      return;
    }
    delivered++;
    RaftNode to = nodes.get(e.to());
    handle(e.to(), to.advance(now));
    handle(e.to(), to.step(e.message()));
  }

  /** Persist, then send, then apply — checking the invariants on the way. */
  void handle(String id, Ready ready) {
    // Persist.
    for (Entry e : ready.entries()) {
      int content = Arrays.hashCode(e.data()) * 31 + e.type().ordinal();
      Integer known = entryContent.putIfAbsent(List.of(e.index(), e.term()), content);
      check(known == null || known == content, "two different entries at " + e.index() + "@" + e.term());
    }
    storage.get(id).persist(ready);
    // Send.
    for (Envelope env : ready.messages()) {
      send(env);
    }
    // Apply.
    App app = apps.get(id);
    ready.snapshotToApply().ifPresent(s -> {
      loadSnapshot(id, app, s);
      installs++;
    });
    for (Entry e : ready.committed()) {
      check(e.index() == app.index + 1, id + " applies " + e.index() + " after " + app.index);
      int content = Arrays.hashCode(e.data()) * 31 + e.type().ordinal();
      Long term = committedTerm.putIfAbsent(e.index(), e.term());
      Integer was = committedContent.putIfAbsent(e.index(), content);
      check(term == null || (term == e.term() && was == content),
          "state machine safety: " + id + " applies " + e + " where another applied term " + term);
      app.index = e.index();
      app.hash = app.hash * 1_000_003L + content;
      Long h = stateHashAt.putIfAbsent(app.index, app.hash);
      check(h == null || h == app.hash, id + " diverged at " + app.index);
    }
    nodes.get(id).applied(app.index);
    for (RaftEvent ev : ready.events()) {
      observe(id, ev);
    }
    RaftNode n = nodes.get(id);
    check(n.term() >= lastTerm.getOrDefault(id, 0L), id + " term went back");
    lastTerm.put(id, n.term());
  }

  private void observe(String id, RaftEvent ev) {
    if (ev instanceof RaftEvent.LeaderElected le) {
      elections++;
      String before = leaderOfTerm.putIfAbsent(le.term(), id);
      check(before == null || before.equals(id),
          "election safety: " + before + " and " + id + " both lead term " + le.term());
      // Leader completeness (§5.4): every entry applied anywhere is in the new leader's log.
      RaftNode leader = nodes.get(id);
      RaftStatus s = leader.status();
      for (Map.Entry<Long, Long> c : committedTerm.entrySet()) {
        long index = c.getKey();
        if (index > s.snapshotIndex()) {
          check(index <= s.lastIndex(), "leader completeness: " + id + " misses committed " + index);
          long term = leader.entries().get((int) (index - s.snapshotIndex() - 1)).term();
          check(term == c.getValue(), "leader completeness: " + id + " has term " + term + " at " + index);
        }
      }
    } else if (ev instanceof RaftEvent.CommitAdvanced ca) {
      check(ca.toIndex() > ca.fromIndex(), "commit went back on " + id);
    }
  }

  private void loadSnapshot(String id, App app, Snapshot s) {
    ByteBuffer b = ByteBuffer.wrap(s.data());
    app.index = b.getLong();
    app.hash = b.getLong();
    check(app.index == s.lastIndex(), "snapshot data does not match its index");
    Long h = stateHashAt.putIfAbsent(app.index, app.hash);
    check(h == null || h == app.hash, id + " installed a diverging snapshot at " + app.index);
  }

  private void send(Envelope env) {
    if (down.contains(env.from())) {
      return;
    }
    if (!side.isEmpty() && !side.get(env.from()).equals(side.get(env.to()))) {
      dropped++;
      return;
    }
    if (rnd.nextDouble() < loss) {
      dropped++;
      return;
    }
    int copies = rnd.nextDouble() < duplication ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      long latency = MS / 2 + (long) (rnd.nextDouble() * maxLatency);
      network.add(new InFlight(now + latency, order++, env));
    }
  }

  // ------------------------------------------------------------------ workload and faults

  private void proposeSomewhere() {
    String id = ids.get(rnd.nextInt(size));
    if (!down.contains(id)) {
      Ready r = nodes.get(id).propose(("c" + proposals++ + "@" + id).getBytes());
      handle(id, r);
    }
  }

  private void fault() {
    int pick = rnd.nextInt(100);
    List<String> up = ids.stream().filter(id -> !down.contains(id)).toList();
    if (pick < 20) {
      side.clear();
      for (String id : ids) {
        side.put(id, rnd.nextInt(2));
      }
    } else if (pick < 35) {
      side.clear();
    } else if (pick < 50 && up.size() > 1) {
      String victim = up.get(rnd.nextInt(up.size()));
      down.add(victim);
      if (storage.get(victim) instanceof MapDbRaftStorage files) {
        files.crash(); // the process dies: only what was synced survives
        storage.put(victim, opener.apply(victim));
      }
      crashes++;
    } else if (pick < 70 && !down.isEmpty()) {
      List<String> dead = ids.stream().filter(down::contains).toList();
      start(dead.get(rnd.nextInt(dead.size())));
    } else if (pick < 73 && size == 5 && !removed) {
      for (String id : up) {
        if (nodes.get(id).role() == Role.LEADER) {
          Ready r = nodes.get(id).removePeer(ids.get(rnd.nextInt(size)));
          handle(id, r);
          removed = r.proposal().map(Proposal::accepted).orElse(false);
          removals += removed ? 1 : 0;
        }
      }
    } else if (pick < 75 && removed && !readded) {
      for (String id : up) {
        RaftNode n = nodes.get(id);
        if (n.role() == Role.LEADER) {
          List<String> outside = ids.stream().filter(m -> !n.members().contains(m)).toList();
          if (!outside.isEmpty()) {
            Ready r = n.addPeer(outside.get(rnd.nextInt(outside.size())));
            handle(id, r);
            readded = r.proposal().map(Proposal::accepted).orElse(false);
            additions += readded ? 1 : 0;
          }
        }
      }
    } else if (pick < 80) {
      for (String id : up) {
        if (nodes.get(id).role() == Role.LEADER) {
          Optional<String> preferred =
              rnd.nextBoolean() ? Optional.of(ids.get(rnd.nextInt(size))) : Optional.empty();
          handle(id, nodes.get(id).transferLeadership(preferred));
          transfers++;
        }
      }
    } else if (!up.isEmpty()) {
      String id = up.get(rnd.nextInt(up.size()));
      App app = apps.get(id);
      if (app.index > nodes.get(id).status().snapshotIndex()) {
        byte[] data = ByteBuffer.allocate(16).putLong(app.index).putLong(app.hash).array();
        handle(id, nodes.get(id).compact(app.index, data));
        snapshots++;
      }
    }
  }

  private void heal() {
    side.clear();
    loss = 0;
    duplication = 0;
    for (String id : ids) {
      if (down.contains(id)) {
        start(id);
      }
    }
  }

  // ------------------------------------------------------------------ invariants

  /**
   * A leader's match index for a follower in its own term is true: the follower holds that many
   * entries (what it acknowledged was persisted and is never dropped within the term).
   */
  void checkMatchIndexes() {
    for (String id : ids) {
      RaftNode leader = nodes.get(id);
      if (down.contains(id) || leader.role() != Role.LEADER) {
        continue;
      }
      leader.status().followers().forEach((peer, f) -> {
        RaftNode follower = nodes.get(peer);
        if (!down.contains(peer) && follower.term() == leader.term()) {
          check(f.matchIndex() <= follower.status().lastIndex(),
              "leader " + id + " believes " + peer + " matches " + f.matchIndex()
                  + " but it holds only " + follower.status().lastIndex());
        }
      });
    }
  }

  /** §5.3 log matching: two logs with an entry of the same index and term agree on all before it. */
  void checkLogMatching() {
    checkMatchIndexes();
    for (int i = 0; i < size; i++) {
      for (int j = i + 1; j < size; j++) {
        RaftNode a = nodes.get(ids.get(i));
        RaftNode b = nodes.get(ids.get(j));
        Map<Long, Long> terms = new HashMap<>();
        for (Entry e : a.entries()) {
          terms.put(e.index(), e.term());
        }
        long highestSame = -1;
        for (Entry e : b.entries()) {
          Long t = terms.get(e.index());
          if (t != null && t == e.term()) {
            highestSame = e.index();
          }
        }
        for (Entry e : b.entries()) {
          if (e.index() >= highestSame) {
            break;
          }
          Long t = terms.get(e.index());
          check(t == null || t == e.term(),
              "log matching: " + ids.get(i) + " and " + ids.get(j) + " differ at " + e.index()
                  + " below a common entry at " + highestSame);
        }
      }
    }
  }

  private void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what + " (at " + now / MS + " ms, step " + steps + ")" + statuses());
    }
  }

  /** Closes file storage. */
  void close() {
    for (RaftStorage s : storage.values()) {
      if (s instanceof MapDbRaftStorage files) {
        files.close();
      }
    }
  }

  String summary() {
    return String.format(
        "seed=%d n=%d steps=%d delivered=%d dropped=%d elections=%d crashes=%d transfers=%d snapshots=%d installs=%d removals=%d additions=%d committed=%d",
        seed, size, steps, delivered, dropped, elections, crashes, transfers, snapshots, installs, removals, additions,
        committedTerm.size());
  }
}
