package dev.jslab.engine.cluster;

import static dev.jslab.engine.cluster.ClusterFixture.MS;
import static dev.jslab.engine.cluster.ClusterFixture.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replicated streams compact their Raft logs: the messages stay in the replicas' stores, a
 * restarted replica resumes from its store, and one whose store is behind the group's snapshot
 * catches up from another replica (paper §7; nats-server's stream snapshots and catch-up).
 */
class ClusteredStreamCompactionTest {
  private static String config(String storage) {
    return "{\"name\":\"ORDERS\",\"subjects\":[\"orders.>\"],\"num_replicas\":3,\"storage\":\"" + storage
        + "\",\"duplicate_window\":600000000000}";
  }

  private static ClusterFixture started(String storage) {
    ClusterFixture f = new ClusterFixture(3, RaftTimings.CLASSROOM, 11);
    f.compactAfterEntries = 16;
    f.awaitMetaLeader();
    assertThat(f.request("$JS.API.STREAM.CREATE.ORDERS", config(storage))).contains("\"did_create\":true");
    return f;
  }

  private static void publish(ClusterFixture f, int from, int to) {
    for (int i = from; i <= to; i++) {
      String ack = f.publish("orders." + (i % 5), "NATS/1.0\r\nNats-Msg-Id: m" + i + "\r\n\r\n", "m" + i);
      assertThat(ack).as("publish " + i).contains("\"seq\":");
    }
  }

  private static RaftStatus group(ClusterFixture.Node n) {
    return n.cluster.streamGroupStatuses().get(0);
  }

  private static List<String> contents(ClusterFixture.Node n) {
    Stream s = n.js.stream("ORDERS").orElseThrow();
    List<String> out = new ArrayList<>();
    for (long seq = s.state().firstSeq(); seq <= s.state().lastSeq(); seq++) {
      StoredMessage m = s.store().load(seq);
      if (m != null) {
        out.add(seq + " " + m.subject() + " " + new String(m.data()));
      }
    }
    return out;
  }

  private static ClusterFixture.Node leader(ClusterFixture f) {
    return f.nodes.values().stream()
        .filter(n -> n.running() && n.js.stream("ORDERS").map(Stream::isLeader).orElse(false))
        .findFirst().orElseThrow();
  }

  private static void assertSameEverywhere(ClusterFixture f, int messages) {
    List<String> expected = contents(leader(f));
    assertThat(expected).hasSize(messages);
    for (ClusterFixture.Node n : f.nodes.values()) {
      assertThat(contents(n)).as(n.name).isEqualTo(expected);
      assertThat(n.js.stream("ORDERS").orElseThrow().lastSeq()).as(n.name).isEqualTo(leader(f).js.stream("ORDERS").orElseThrow().lastSeq());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "memory"})
  void everyReplicaCompactsItsLogAndStillHoldsTheSameMessages(String storage) {
    ClusterFixture f = started(storage);
    publish(f, 1, 100);
    f.run(SECOND);
    for (ClusterFixture.Node n : f.nodes.values()) {
      RaftStatus st = group(n);
      assertThat(st.snapshotIndex()).as(n.name).isGreaterThan(60);
      assertThat(st.lastIndex() - st.firstIndex()).as(n.name).isLessThan(64);
    }
    assertSameEverywhere(f, 100);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "memory"})
  void aReplicaDownWhileTheOthersCompactedCatchesUpFromThemAndTakesPublishesWhenItLeads(String storage) {
    ClusterFixture f = started(storage);
    publish(f, 1, 10);
    ClusterFixture.Node follower = f.nodes.values().stream().filter(n -> n != leader(f)).findFirst().orElseThrow();
    follower.crash();
    publish(f, 11, 120);
    f.nodes.values().stream().filter(ClusterFixture.Node::running)
        .forEach(n -> assertThat(group(n).snapshotIndex()).as(n.name).isGreaterThan(20));
    // a purge and a deletion the restarted replica must learn of, past its store's range
    assertThat(f.request("$JS.API.STREAM.MSG.DELETE.ORDERS", "{\"seq\":5}")).contains("\"success\":true");
    publish(f, 121, 160);
    follower.start();
    f.run(3 * SECOND);
    assertSameEverywhere(f, 159);
    // the caught-up replica leads and takes publishes at the right sequences
    for (int i = 0; i < 20 && leader(f) != follower; i++) {
      f.request("$JS.API.STREAM.LEADER.STEPDOWN.ORDERS", "");
      f.run(2 * SECOND);
    }
    assertThat(leader(f)).isSameAs(follower);
    publish(f, 161, 165);
    f.run(SECOND);
    assertSameEverywhere(f, 164);
    assertThat(contents(follower)).last().isEqualTo("165 orders.0 m165");
    // a retried publish is still known as a duplicate after the catch-up
    assertThat(f.publish("orders.1", "NATS/1.0\r\nNats-Msg-Id: m121\r\n\r\n", "again")).contains("\"duplicate\": true");
  }

  @Test
  void aRestartedFileReplicaResumesFromItsStoreInsteadOfTheWholeLog() {
    ClusterFixture f = started("file");
    publish(f, 1, 50);
    f.run(SECOND);
    ClusterFixture.Node n = f.nodes.values().stream().filter(x -> x != leader(f)).findFirst().orElseThrow();
    long mark = n.js.stream("ORDERS").orElseThrow().store().appliedMark();
    assertThat(mark).isGreaterThan(50);
    n.crash();
    n.start();
    while (n.js.stream("ORDERS").isEmpty()) {
      f.run(MS); // the meta group recreates the replica
    }
    Stream resumed = n.js.stream("ORDERS").orElseThrow();
    assertThat(resumed.state().messages()).as("before any entry applies").isEqualTo(50);
    f.run(2 * SECOND);
    publish(f, 51, 55);
    f.run(SECOND);
    assertSameEverywhere(f, 55);
  }

  @Test
  void aMemoryStreamAllOfWhoseReplicasRestartedGoesOnWithoutWhatOnlyTheirMemoryHeld() {
    ClusterFixture f = started("memory");
    publish(f, 1, 100);
    f.run(SECOND);
    f.nodes.values().forEach(ClusterFixture.Node::crash);
    f.nodes.values().forEach(ClusterFixture.Node::start);
    f.run(30 * SECOND);
    ClusterFixture.Node l = leader(f);
    long last = l.js.stream("ORDERS").orElseThrow().lastSeq();
    assertThat(last).isEqualTo(100);
    assertThat(l.js.stream("ORDERS").orElseThrow().state().messages())
        .as("only what the log after the snapshot held").isLessThan(100);
    String ack = f.publish("orders.1", null, "after");
    assertThat(ack).contains("\"seq\":101");
    f.run(SECOND);
    for (ClusterFixture.Node n : f.nodes.values()) {
      assertThat(n.js.stream("ORDERS").orElseThrow().lastSeq()).as(n.name).isEqualTo(101);
    }
  }
}
