package dev.jslab.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One failover figure on a live cluster: a {@link RetryingPublisher} publishes into a fresh
 * replicated file stream through a node that does not lead it (and reconnects to the others if
 * that node goes); once it runs at pace, the stream leader is made to go — asked to step down
 * ({@code $JS.API.STREAM.LEADER.STEPDOWN.<stream>}) or crashed ({@link BenchCluster#crash}) — and
 * the figure is the time from the fault until a publish begun after it is acknowledged. The
 * publisher then goes on for a moment, stops, and every acknowledged id must be in the stream
 * exactly once ({@link ExactlyOnce}); a remark names the old and new leader and the verdict. After
 * a crash, a cluster that can restart the node does, and {@code <prefix>restart.current} is the
 * time until the stream's info lists it as a current replica again.
 *
 * <p>Runs on the calling thread (plus the publisher's); one measurement per call.
 */
final class FailoverBench {
  /** How the leader goes. */
  enum Fault {
    STEPDOWN,
    CRASH
  }

  static final String STREAM = "FAILOVER";
  static final String SUBJECT = "failover.js";

  /** Publishing before the fault, so the publisher and the stream run at pace. */
  private static final Duration BEFORE = Duration.ofSeconds(2);
  /** Publishing after publishing resumed, before the stream is checked. */
  private static final Duration AFTER = Duration.ofSeconds(1);
  /** How long publishing may stay stopped before the figure fails. */
  private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(60);
  /** Time for timed-out attempts still on their way to settle before the stream is read. */
  private static final Duration SETTLE = Duration.ofMillis(500);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BenchCluster cluster;
  private final int replicas;

  FailoverBench(BenchCluster cluster, int replicas) {
    this.cluster = cluster;
    this.replicas = replicas;
  }

  /**
   * Measures {@code fault}, handing {@code <prefix>failover.<fault> <ms> ms} to {@code out} and
   * the leaders and verdict to {@code notes}.
   *
   * @throws IllegalStateException when publishing does not resume or the stream breaks exactly-once
   */
  void measure(Fault fault, String prefix, Consumer<BenchResult> out, Consumer<String> notes)
      throws Exception {
    String name = prefix + "failover." + fault.name().toLowerCase(java.util.Locale.ROOT);
    try (Connection admin = BenchConnections.connectReconnecting(cluster.urls())) {
      JetStreamManagement jsm = admin.jetStreamManagement();
      StreamSetup.replace(jsm, STREAM, SUBJECT, StorageType.File, replicas);
      String leader = StreamSetup.awaitLeader(jsm, STREAM);
      double millis;
      String newLeader;
      RetryingPublisher publisher;
      try (Connection pub = BenchConnections.connectReconnecting(leaderLast(leader))) {
        publisher = RetryingPublisher.start(pub, SUBJECT);
        try {
          Thread.sleep(BEFORE.toMillis());
          if (publisher.acks().isEmpty()) {
            throw new IllegalStateException(
                name + ": nothing acknowledged before the fault (" + publisher.lastError() + ")");
          }
          long faultStart = System.nanoTime();
          inject(fault, admin, leader);
          long faultDone = System.nanoTime();
          RetryingPublisher.Ack resumed =
              publisher
                  .awaitAckOfAttemptFrom(faultDone, RESUME_TIMEOUT)
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              name + ": publishing did not resume within " + RESUME_TIMEOUT.toSeconds()
                                  + " s (last error: " + publisher.lastError() + ")"));
          millis = (resumed.ackNanos() - faultStart) / 1e6;
          newLeader = StreamSetup.awaitLeader(jsm, STREAM, Optional.of(leader));
          Thread.sleep(AFTER.toMillis());
        } finally {
          publisher.close();
        }
      }
      out.accept(new BenchResult(name, millis, "ms"));
      Thread.sleep(SETTLE.toMillis());
      long count =
          Settling.retry("reading stream " + STREAM + "'s info", () -> jsm.getStreamInfo(STREAM))
              .getStreamState()
              .getMsgCount();
      List<String> acked = publisher.acks().stream().map(RetryingPublisher.Ack::id).toList();
      ExactlyOnce verdict = ExactlyOnce.judge(acked, StoredIds.read(admin, STREAM, SUBJECT, count));
      notes.accept(
          "# " + name + ": leader " + leader + " -> " + newLeader + ", " + publisher.failedAttempts()
              + " failed attempts; " + verdict.summary());
      if (!verdict.holds()) {
        throw new IllegalStateException("exactly-once broken: " + verdict.summary());
      }
      if (fault == Fault.CRASH && cluster.restart(leader)) {
        long restarted = System.nanoTime();
        awaitCurrent(jsm, leader);
        out.accept(new BenchResult(
            prefix + "restart.current", (System.nanoTime() - restarted) / 1e6, "ms"));
      }
    }
  }

  /**
   * Waits until the stream's info lists {@code node} as a current replica (it has caught up with
   * what it missed while it was down).
   */
  private static void awaitCurrent(JetStreamManagement jsm, String node) throws Exception {
    long deadline = System.nanoTime() + RESUME_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        var cluster = jsm.getStreamInfo(STREAM).getClusterInfo();
        if (cluster != null && cluster.getReplicas() != null
            && cluster.getReplicas().stream().anyMatch(r -> r.getName().equals(node) && r.isCurrent())) {
          return;
        }
      } catch (IOException | io.nats.client.JetStreamApiException e) {
        // no leader to answer yet: ask again
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException(
        "restarted " + node + " is not a current replica of " + STREAM + " after " + RESUME_TIMEOUT.toSeconds() + " s");
  }

  /** Every node's URL with the leader's last, so the publisher starts on a follower. */
  private List<String> leaderLast(String leader) {
    List<String> urls = new ArrayList<>();
    for (String node : cluster.nodes()) {
      if (!node.equals(leader)) {
        urls.add(cluster.urlOf(node));
      }
    }
    urls.add(cluster.urlOf(leader));
    return urls;
  }

  private void inject(Fault fault, Connection admin, String leader) throws Exception {
    if (fault == Fault.CRASH) {
      cluster.crash(leader);
      return;
    }
    Message answer =
        admin.request("$JS.API.STREAM.LEADER.STEPDOWN." + STREAM, new byte[0], Duration.ofSeconds(10));
    if (answer == null) {
      throw new IOException("stream leader stepdown: no answer within 10 s");
    }
    JsonNode body = JSON.readTree(new String(answer.getData(), StandardCharsets.UTF_8));
    if (!body.path("success").asBoolean(false)) {
      throw new IOException("stream leader stepdown refused: " + body.path("error"));
    }
  }
}
