package dev.jslab.engine.cluster;

import static dev.jslab.engine.cluster.ClusterFixture.MS;
import static dev.jslab.engine.cluster.ClusterFixture.SECOND;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.consumer.Consumer;
import dev.jslab.engine.consumer.ConsumerState;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A replicated consumer's Raft group compacts its log into snapshots of the consumer's state: every
 * replica compacts, a replica that fell behind the leader's snapshot installs it, a restarted
 * replica starts from the snapshot it kept; on virtual time.
 */
class ClusteredConsumerCompactionTest {
  private static final int MESSAGES = 40;
  private static final String DURABLE =
      "{\"stream_name\":\"S\",\"config\":{\"durable_name\":\"C\",\"ack_policy\":\"explicit\","
          + "\"ack_wait\":2000000000}}";

  /** A 3-node cluster compacting every 16 entries, an R3 stream of 40 messages and consumer C. */
  private static ClusterFixture withStreamAndConsumer(String retention) {
    ClusterFixture f = new ClusterFixture(3, RaftTimings.CLASSROOM, 7);
    f.compactAfterEntries = 16;
    f.awaitMetaLeader();
    assertThat(f.request("$JS.API.STREAM.CREATE.S",
        "{\"name\":\"S\",\"subjects\":[\"s.>\"],\"num_replicas\":3,\"storage\":\"memory\",\"retention\":\""
            + retention + "\"}")).contains("stream_create_response").doesNotContain("error");
    for (int i = 1; i <= MESSAGES; i++) {
      f.publish("s." + i, null, "m" + i);
    }
    assertThat(f.request("$JS.API.CONSUMER.DURABLE.CREATE.S.C", DURABLE))
        .contains("consumer_create_response").contains("\"num_pending\":" + MESSAGES);
    f.run(1 * SECOND); // every stream replica holds every message
    return f;
  }

  private static ConsumerGroup group(ClusterFixture.Node n) {
    return n.cluster.consumerGroup("S", "C");
  }

  private static ConsumerState state(ClusterFixture.Node n) {
    return n.js.consumer("S", "C").orElseThrow().state();
  }

  private static ClusterFixture.Node leaderOf(ClusterFixture f) {
    return f.nodes.values().stream()
        .filter(n -> n.running() && n.js.consumer("S", "C").map(Consumer::isLeader).orElse(false))
        .findFirst().orElseThrow();
  }

  private static ClusterFixture.Node aFollower(ClusterFixture f, ClusterFixture.Node leader) {
    return f.nodes.values().stream().filter(n -> n != leader).findFirst().orElseThrow();
  }

  private static String body(OutboundMessage m) {
    return new String(m.data(), UTF_8);
  }

  /**
   * Fetches {@code count} messages in batches of 5 and acknowledges every one but those in {@code
   * unacked} (each fetch and each ack is one entry of the consumer's group); the bodies delivered.
   */
  private static List<String> fetchAndAck(ClusterFixture f, String tag, int count, Set<String> unacked) {
    List<String> got = new ArrayList<>();
    for (int b = 0; b < count / 5; b++) {
      List<OutboundMessage> batch = f.fetch("S", "C", "_INBOX." + tag + b, 5);
      assertThat(batch).as("batch " + b).hasSize(5);
      for (OutboundMessage m : batch) {
        got.add(body(m));
        if (!unacked.contains(body(m))) {
          f.ack(m.reply());
        }
      }
    }
    return got;
  }

  private static void assertSameStateEverywhere(ClusterFixture f) {
    ConsumerState expected = state(leaderOf(f));
    f.nodes.values().stream().filter(ClusterFixture.Node::running)
        .forEach(n -> assertThat(state(n)).as(n.name).isEqualTo(expected));
  }

  @Test
  void afterManyDeliveriesAndAcksEveryReplicaCompactsTheConsumersLogAndTheStatesStillMatch() {
    ClusterFixture f = withStreamAndConsumer("limits");
    fetchAndAck(f, "a", 30, Set.of("m7", "m22"));
    f.run(2 * SECOND);
    for (ClusterFixture.Node n : f.nodes.values()) {
      RaftStatus st = group(n).status();
      assertThat(st.snapshotIndex()).as(n.name + " snapshot").isPositive();
      assertThat(st.firstIndex()).as(n.name + " first index").isGreaterThan(1);
    }
    assertSameStateEverywhere(f);
    ConsumerState leader = state(leaderOf(f));
    assertThat(leader.pending().keySet()).containsExactly(7L, 22L);
    assertThat(leader.delivered().streamSeq()).isEqualTo(30);
  }

  @Test
  void aReplicaCutOffWhileTheOthersCompactedInstallsTheLeadersSnapshotAndAsNextLeaderRedeliversOnlyTheUnacked() {
    ClusterFixture f = withStreamAndConsumer("limits");
    ClusterFixture.Node leader = leaderOf(f);
    ClusterFixture.Node behind = aFollower(f, leader);
    List<String> delivered = new ArrayList<>(fetchAndAck(f, "a", 5, Set.of())); // entries it has
    f.run(300 * MS);
    long behindLast = group(behind).status().lastIndex();
    f.cutOff.add(behind.name);
    f.run(2 * SECOND); // the leader stops waiting for it
    leader = leaderOf(f);
    Set<String> unacked = Set.of("m9", "m18", "m31");
    delivered.addAll(fetchAndAck(f, "b", 30, unacked));
    f.run(1 * SECOND);
    assertThat(group(leader).status().firstIndex()).as("the leader's log starts past the cut-off replica's")
        .isGreaterThan(behindLast + 1);
    assertThat(group(behind).status().lastIndex()).isEqualTo(behindLast);

    f.cutOff.clear();
    f.run(2 * SECOND);
    RaftStatus caughtUp = group(behind).status();
    assertThat(caughtUp.snapshotIndex()).as("installed the leader's snapshot").isGreaterThan(behindLast);
    assertThat(caughtUp.lastIndex()).isEqualTo(group(leaderOf(f)).status().lastIndex());
    assertSameStateEverywhere(f);

    // the other follower misses the next deliveries: only the restored replica can follow the leader
    ClusterFixture.Node old = leaderOf(f);
    assertThat(old).isNotSameAs(behind);
    ClusterFixture.Node other =
        f.nodes.values().stream().filter(n -> n != old && n != behind).findFirst().orElseThrow();
    f.cutOff.add(other.name);
    // (the ack wait of the unacknowledged ones passed: these may be redeliveries)
    List<String> more = f.fetch("S", "C", "_INBOX.more", 2).stream().map(ClusteredConsumerCompactionTest::body).toList();
    assertThat(more).hasSize(2);
    delivered.addAll(more);
    f.run(300 * MS);
    old.crash();
    f.cutOff.clear();
    f.run(3 * SECOND); // a new leader, and the ack wait of the unacknowledged deliveries passes
    assertThat(leaderOf(f)).as("the restored replica leads").isSameAs(behind);
    List<String> again = f.fetch("S", "C", "_INBOX.again", 20).stream()
        .map(ClusteredConsumerCompactionTest::body).toList();
    Set<String> redelivered = new TreeSet<>(unacked);
    redelivered.addAll(more);
    Set<String> expected = new TreeSet<>(redelivered);
    for (int i = 1; i <= MESSAGES; i++) {
      if (!delivered.contains("m" + i)) {
        expected.add("m" + i); // never delivered
      }
    }
    assertThat(again).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    assertThat(again.subList(0, redelivered.size())).containsExactlyInAnyOrderElementsOf(redelivered);
  }

  @Test
  void aNodeRestartedAfterCompactionRestoresItsConsumerFromTheKeptSnapshotAndTheLaterEntries() {
    ClusterFixture f = withStreamAndConsumer("limits");
    fetchAndAck(f, "a", 30, Set.of("m12"));
    f.run(1 * SECOND);
    ClusterFixture.Node follower = aFollower(f, leaderOf(f));
    long kept = group(follower).status().snapshotIndex();
    assertThat(kept).as("compacted before the restart").isPositive();
    assertThat(group(follower).status().lastIndex()).as("entries after the snapshot").isGreaterThan(kept);

    follower.crash();
    follower.start();
    f.run(3 * SECOND);
    assertThat(group(follower).status().snapshotIndex()).isGreaterThanOrEqualTo(kept);
    assertSameStateEverywhere(f);
    assertThat(state(follower).pending().keySet()).containsExactly(12L);
    assertThat(state(follower).ackFloor().streamSeq()).isEqualTo(11);
  }

  @Test
  void aWorkQueueReplicaRestoredFromTheLeadersSnapshotNoLongerHoldsTheAcknowledgedMessages() {
    ClusterFixture f = withStreamAndConsumer("workqueue");
    ClusterFixture.Node leader = leaderOf(f);
    ClusterFixture.Node behind = aFollower(f, leader);
    long behindLast = group(behind).status().lastIndex();
    f.cutOff.add(behind.name);
    f.run(2 * SECOND);
    fetchAndAck(f, "a", 30, Set.of("m4", "m25"));
    f.run(1 * SECOND);
    assertThat(group(leaderOf(f)).status().firstIndex()).isGreaterThan(behindLast + 1);
    Stream stream = behind.js.stream("S").orElseThrow();
    assertThat(stream.store().load(1)).as("still held while cut off").isNotNull();

    f.cutOff.clear();
    f.run(2 * SECOND);
    assertThat(group(behind).status().snapshotIndex()).as("installed the leader's snapshot").isGreaterThan(behindLast);
    assertSameStateEverywhere(f);
    for (long seq = 1; seq <= MESSAGES; seq++) {
      boolean wanted = seq == 4 || seq == 25 || seq > 30;
      assertThat(stream.store().load(seq) != null).as("seq " + seq + " held").isEqualTo(wanted);
    }
    assertThat(stream.store().state().messages()).isEqualTo(MESSAGES - 28);
  }

  @Test
  void aLeaderCutOffAfterCompactionWithChangesThatNeverCommitStartsOverFromItsKeptSnapshotWhenItRejoins() {
    ClusterFixture f = withStreamAndConsumer("limits");
    fetchAndAck(f, "a", 15, Set.of());
    f.run(1 * SECOND);
    ClusterFixture.Node leader = leaderOf(f);
    ConsumerGroup before = group(leader);
    assertThat(before.status().snapshotIndex()).as("compacted before the cut").isPositive();
    f.cutOff.add(leader.name);
    List<OutboundMessage> got = f.fetch("S", "C", "_INBOX.alone", 5); // delivered by the cut-off leader alone
    assertThat(got).hasSize(5);
    leader.js.processAck(got.get(0).reply(), "+ACK".getBytes(UTF_8), null);
    f.run(3 * SECOND); // it loses its quorum; the others elect a leader that never saw those changes
    // few entries: the others keep the log from the cut-off leader's kept snapshot on
    fetchAndAck(f, "b", 5, Set.of("m18"));
    f.cutOff.clear();
    f.run(3 * SECOND);
    assertThat(group(leader)).as("rebuilt from its group's Raft state").isNotSameAs(before);
    assertSameStateEverywhere(f);
    assertThat(state(leader).pending().keySet()).containsExactly(18L);
    assertThat(state(leader).ackFloor().streamSeq()).isEqualTo(17);
  }
}
