package dev.jslab.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.raft.RaftTimings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * One seeded check of a clustered JetStream ({@link JetStreamSim}): an R3 file stream with a
 * durable pull consumer; publishers with {@code Nats-Msg-Id} retrying until acknowledged and a
 * consumer that fetches and acks, while a random fault schedule crashes, restarts, stops, pauses
 * and partitions nodes, cuts links one way, makes them slow and lossy, and steps the meta, stream
 * and consumer leaders down through the API. Then everything is healed and restarted and the run is
 * judged ({@link JetStreamJudge}): every group has a leader within a bound; every acknowledged
 * publish is in the stream exactly once, at the sequence its PubAck named; every replica holds the
 * same messages; the consumer received every message and its ack floor covers what it acked. A
 * replicated mirror of the stream and a stream sourcing it run all along (their leaders and the
 * origin's internal consumers meet the same faults); within a settle time every replica of the
 * mirror holds exactly the origin's messages at the origin's sequences, and every replica of the
 * source stream every origin message exactly once ({@link SourcingJudge}). Then
 * every node crashes and restarts at once, and the run is judged again on what the groups' logs
 * rebuilt.
 *
 * <p>Runs on the calling thread; every choice comes from the seed, so a seed replays exactly (the
 * result carries the run's history hash to show it).
 */
public final class JetStreamCheck {
  static final String STREAM = "ORDERS";
  static final String CONSUMER = "C";
  /** A mirror of {@link #STREAM}, R2 or R3 by seed. */
  static final String MIRROR = "BACKUP";
  /** A stream with {@link #STREAM} as its one source, R1 to R3 by seed. */
  static final String SOURCED = "ARCHIVE";
  /**
   * How long the mirror and the source stream may take to catch up with the origin once it stopped
   * changing: nats-server's sourcing retries after a 10 s health check, waits 30 s for a create
   * answer and backs off by up to 2 min.
   */
  static final long SOURCING_SETTLE_NANOS = 180_000_000_000L;
  private static final long MS = 1_000_000L;

  /**
   * What one seed did.
   *
   * @param seed the seed
   * @param violation the first invariant broken, empty when the run passed
   * @param historyHash SHA-256 of everything that happened
   * @param published ids the publishers sent
   * @param acknowledged ids acknowledged to them
   * @param received distinct messages the consumer received
   * @param faults faults injected
   * @param leadersAfterHealNanos how long after healing every group had a leader (-1: never)
   * @param sourcingSettledNanos how long after the origin stopped changing its mirror and source
   *     stream held it all, in the first judgement (-1: not judged)
   */
  public record Result(
      long seed, Optional<String> violation, String historyHash, int published, int acknowledged,
      int received, int faults, long leadersAfterHealNanos, long sourcingSettledNanos,
      int snapshotsTaken, int snapshotsInstalled) {
    public boolean passed() {
      return violation.isEmpty();
    }
  }

  private final int nodes;
  private final RaftTimings timings;
  private final long runNanos;
  private final BiConsumer<JetStreamSim, Map<String, Long>> beforeJudging;

  /**
   * @param nodes the cluster's size (3 or 5 make sense)
   * @param timings the clocks of every Raft group
   * @param runNanos virtual time of the faulty part of a run
   */
  public JetStreamCheck(int nodes, RaftTimings timings, long runNanos) {
    this(nodes, timings, runNanos, (sim, acked) -> {});
  }

  /**
   * As {@link #JetStreamCheck(int, RaftTimings, long)}, with {@code beforeJudging} run on the
   * settled cluster and the acknowledged ids just before it is judged: a test's sabotage.
   */
  JetStreamCheck(
      int nodes, RaftTimings timings, long runNanos, BiConsumer<JetStreamSim, Map<String, Long>> beforeJudging) {
    if (nodes < 3 || nodes > 9) {
      throw new IllegalArgumentException("the jetstream workload needs 3 to 9 nodes (was " + nodes + ")");
    }
    this.nodes = nodes;
    this.timings = timings;
    this.runNanos = runNanos;
    this.beforeJudging = beforeJudging;
  }

  /** Runs one seed. */
  public Result run(long seed) {
    return new Run(seed).execute();
  }

  /** The state of one run. */
  private final class Run {
    final long seed;
    final SplittableRandom random;
    final JetStreamSim sim;
    final List<String> names;
    final SimClient admin;
    final AckLedger ledger = new AckLedger();
    final List<Publisher> publishers = new ArrayList<>();
    PullWorker puller;
    final long bound = 10 * timings.electionMaxNanos() + timings.lostQuorumNanos();
    String violation;
    int faults;
    long leadersAfterHeal = -1;
    long sourcingSettled = -1;

    Run(long seed) {
      this.seed = seed;
      this.random = new SplittableRandom(seed);
      this.sim = new JetStreamSim(nodes, timings, random.nextLong());
      this.names = sim.nodeNames();
      this.admin = sim.attach("admin", anyNode());
    }

    String anyNode() {
      return names.get(random.nextInt(names.size()));
    }

    Result execute() {
      setUp();
      if (violation == null) {
        startWorkload();
        faultyPart();
      }
      if (violation == null) {
        healAndSettle();
      }
      if (violation == null) {
        beforeJudging.accept(sim, Map.copyOf(ledger.acknowledged()));
        violation = judge("");
      }
      if (violation == null) {
        restartEverything();
      }
      if (violation == null) {
        violation = judge(" (after every node restarted)");
      }
      int[] snapshots = sim.snapshots();
      return new Result(
          seed, Optional.ofNullable(violation), sim.historyHash(), ledger.published(),
          ledger.acknowledged().size(), puller == null ? 0 : puller.received().size(), faults,
          leadersAfterHeal, sourcingSettled, snapshots[0], snapshots[1]);
    }

    String judge(String when) {
      Optional<String> v = new JetStreamJudge(sim, this::request, bound, STREAM, CONSUMER).judge(ledger, puller);
      SourcingJudge sourcing = new SourcingJudge(sim, STREAM, SOURCING_SETTLE_NANOS);
      if (v.isEmpty()) {
        v = sourcing.mirrorHoldsOrigin(MIRROR);
      }
      if (v.isEmpty()) {
        v = sourcing.sourcedOnce(SOURCED);
      }
      if (sourcingSettled < 0) {
        sourcingSettled = sourcing.waitedNanos();
      }
      return v.map(x -> x + when).orElse(null);
    }

    // ------------------------------------------------------------ set-up and workload

    void setUp() {
      if (!await(() -> sim.metaLeader() != null, bound)) {
        violation = "liveness: no meta leader within " + bound / MS + " ms of the start";
        return;
      }
      String stream = "{\"name\":\"" + STREAM + "\",\"subjects\":[\"orders.>\"],\"num_replicas\":3,"
          + "\"storage\":\"file\"}";
      String consumer = "{\"stream_name\":\"" + STREAM + "\",\"config\":{\"durable_name\":\"" + CONSUMER
          + "\",\"ack_policy\":\"explicit\",\"ack_wait\":" + ackWaitNanos() + "}}";
      if (!created("STREAM.CREATE." + STREAM, stream)
          || !created("CONSUMER.DURABLE.CREATE." + STREAM + "." + CONSUMER, consumer)) {
        violation = "liveness: the stream and its consumer were not created within " + bound / MS + " ms";
        return;
      }
      String mirror = "{\"name\":\"" + MIRROR + "\",\"mirror\":{\"name\":\"" + STREAM + "\"},\"num_replicas\":"
          + (2 + random.nextInt(2)) + ",\"storage\":\"file\"}";
      String sourced = "{\"name\":\"" + SOURCED + "\",\"sources\":[{\"name\":\"" + STREAM + "\"}],\"num_replicas\":"
          + (1 + random.nextInt(3)) + ",\"storage\":\"file\"}";
      if (!created("STREAM.CREATE." + MIRROR, mirror) || !created("STREAM.CREATE." + SOURCED, sourced)) {
        violation = "liveness: the mirror and the source stream were not created within " + bound / MS + " ms";
      }
    }

    long ackWaitNanos() {
      return 4 * timings.electionMaxNanos();
    }

    /** Asks until the answer is no error; whether it came within the bound. */
    boolean created(String api, String body) {
      long deadline = sim.elapsedNanos() + bound;
      while (sim.elapsedNanos() < deadline) {
        JsonNode answer = request(JsApi.PREFIX + api, body, timings.electionMaxNanos());
        if (answer != null && !answer.has("error")) {
          return true;
        }
        sim.run(timings.heartbeatNanos());
      }
      return false;
    }

    void startWorkload() {
      long timeout = timings.electionMaxNanos();
      for (int i = 1; i <= 2; i++) {
        Publisher p = new Publisher(
            sim.attach("pub" + i, anyNode()), sim, "orders." + i, ledger, random.split(), timeout,
            20 * MS, 30);
        publishers.add(p);
        p.start();
      }
      puller = new PullWorker(sim.attach("sub", anyNode()), sim, STREAM, CONSUMER, 10, timeout);
      puller.start();
    }

    // ------------------------------------------------------------ faults

    void faultyPart() {
      long end = sim.elapsedNanos() + runNanos;
      while (sim.elapsedNanos() < end && violation == null) {
        sim.run(Math.min(faultGap(), Math.max(1, end - sim.elapsedNanos())));
        violation = ledger.conflict().orElse(null);
        if (sim.elapsedNanos() < end && violation == null) {
          injectFault();
        }
      }
    }

    long faultGap() {
      return timings.electionMinNanos() / 2 + random.nextLong(4 * timings.electionMinNanos());
    }

    void injectFault() {
      faults++;
      String node = anyNode();
      switch (random.nextInt(16)) {
        case 0, 1 -> {
          if (sim.isRunning(node)) {
            sim.crash(node);
          } else if (sim.isDown(node)) {
            sim.restart(node);
          } else {
            sim.resume(node);
          }
        }
        case 2 -> {
          if (sim.isRunning(node)) {
            sim.pause(node);
          } else if (sim.isDown(node)) {
            sim.restart(node);
          } else {
            sim.resume(node);
          }
        }
        case 3 -> {
          List<String> shuffled = new ArrayList<>(names);
          Collections.shuffle(shuffled, new Random(random.nextLong()));
          int cut = 1 + random.nextInt(names.size() - 1);
          sim.partition(List.of(shuffled.subList(0, cut), shuffled.subList(cut, shuffled.size())));
        }
        case 4 -> {
          String other = anyNode();
          if (!other.equals(node)) {
            sim.cutOneWay(node, other);
          }
        }
        case 5 -> sim.setLinkFaults(new LinkFaults(
            MS + random.nextLong(timings.heartbeatNanos() / 4 + 1),
            random.nextLong(timings.heartbeatNanos() / 4 + 1),
            random.nextDouble() * 0.2,
            random.nextDouble() * 0.1,
            random.nextDouble() * 0.2));
        case 6 -> admin.publish(JsApi.PREFIX + "STREAM.LEADER.STEPDOWN." + STREAM, admin.newInbox(), null, new byte[0]);
        case 7 -> admin.publish(
            JsApi.PREFIX + "CONSUMER.LEADER.STEPDOWN." + STREAM + "." + CONSUMER, admin.newInbox(), null, new byte[0]);
        case 8 -> admin.publish(JsApi.PREFIX + "META.LEADER.STEPDOWN", admin.newInbox(), null, new byte[0]);
        case 9 -> streamLeader().ifPresent(sim::crash);
        case 10 -> {
          if (sim.isRunning(node)) {
            sim.stopGracefully(node);
          }
        }
        case 11 -> streamLeader().ifPresent(leader -> {
          // the stream leader is cut off with a minority: publishers keep coming to both sides
          List<String> minority = new ArrayList<>(List.of(leader));
          for (String n : names) {
            if (minority.size() < (names.size() - 1) / 2 && !n.equals(leader)) {
              minority.add(n);
            }
          }
          sim.partition(List.of(minority));
        });
        case 12 -> consumerLeader().ifPresent(sim::crash);
        case 13 -> {
          String meta = sim.metaLeader();
          if (meta != null) {
            sim.partition(List.of(List.of(meta)));
          }
        }
        default -> sim.healNetwork();
      }
    }

    Optional<String> streamLeader() {
      return sim.runningNodes().stream()
          .filter(n -> n.jetStream().stream(STREAM).map(s -> s.isLeader()).orElse(false))
          .map(SimNode::name)
          .findFirst();
    }

    Optional<String> consumerLeader() {
      return sim.runningNodes().stream()
          .filter(n -> n.jetStream().consumer(STREAM, CONSUMER).map(c -> c.isLeader()).orElse(false))
          .map(SimNode::name)
          .findFirst();
    }

    // ------------------------------------------------------------ healing

    void healAndSettle() {
      sim.healAll();
      publishers.forEach(Publisher::stop);
      long healed = sim.elapsedNanos();
      JetStreamJudge leaders = new JetStreamJudge(sim, this::request, bound, STREAM, CONSUMER);
      if (!await(() -> leaders.leaderless().isEmpty(), bound)) {
        violation = "leaders: " + leaders.leaderless().get() + " " + bound / MS + " ms after healing";
        return;
      }
      leadersAfterHeal = sim.elapsedNanos() - healed;
      long publishing = 30L * (timings.electionMaxNanos() + 20 * MS) + bound;
      if (!await(() -> publishers.stream().allMatch(Publisher::idle), publishing)) {
        violation = "liveness: a publisher still had a publish in flight " + publishing / MS + " ms after healing";
        return;
      }
      violation = ledger.conflict().orElse(null);
      if (violation != null) {
        return;
      }
      // the consumer catches up: everything delivered and acknowledged, redeliveries included. A
      // new consumer leader takes pending deliveries with their messages' stored times, as
      // nats-server's does, and checkPending shifts later ones by the age of the first expired:
      // a redelivery can wait up to the age of the oldest pending message, so the bound has it
      long draining = runNanos + 3 * ackWaitNanos() + bound;
      long deadline = sim.elapsedNanos() + draining;
      while (sim.elapsedNanos() < deadline) {
        sim.run(timings.electionMaxNanos());
        JsonNode info = request(
            JsApi.PREFIX + "CONSUMER.INFO." + STREAM + "." + CONSUMER, "", timings.electionMaxNanos());
        if (info != null && info.path("num_pending").asLong(-1) == 0
            && info.path("num_ack_pending").asLong(-1) == 0) {
          break;
        }
      }
      puller.stop();
      sim.run(2 * timings.electionMaxNanos());
    }

    /**
     * Every node crashes and restarts at once: replicas resumed from their stores and groups' logs
     * must still pass (what lived in memory only does not pass for durable).
     */
    void restartEverything() {
      sim.nodeNames().forEach(sim::crash);
      sim.nodeNames().forEach(sim::restart);
      JetStreamJudge leaders = new JetStreamJudge(sim, this::request, bound, STREAM, CONSUMER);
      if (!await(() -> leaders.leaderless().isEmpty(), bound)) {
        violation = "leaders: " + leaders.leaderless().get() + " " + bound / MS + " ms after every node restarted";
      }
      sim.run(2 * timings.electionMaxNanos());
    }

    // ------------------------------------------------------------ helpers

    /** Runs until {@code done} or {@code nanos} passed; whether it was done. */
    boolean await(BooleanSupplier done, long nanos) {
      long deadline = sim.elapsedNanos() + nanos;
      while (!done.getAsBoolean()) {
        if (sim.elapsedNanos() >= deadline) {
          return false;
        }
        sim.run(timings.heartbeatNanos() / 2);
      }
      return true;
    }

    /** Sends an API request as the admin client; the first answer within {@code timeout}, or null. */
    JsonNode request(String subject, String body, long timeout) {
      String inbox = admin.newInbox();
      JsonNode[] answer = new JsonNode[1];
      admin.subscribe(inbox, m -> {
        if (answer[0] == null) {
          answer[0] = Json.read(m.data());
        }
      });
      admin.publish(subject, inbox, null, body.getBytes(StandardCharsets.UTF_8));
      long deadline = sim.elapsedNanos() + timeout;
      while (answer[0] == null && sim.elapsedNanos() < deadline) {
        sim.run(5 * MS);
      }
      admin.unsubscribe(inbox);
      return answer[0];
    }
  }

  /** How the judge asks the cluster: an API request and its first answer, or null. */
  interface Requester {
    JsonNode request(String subject, String body, long timeoutNanos);
  }
}
