package dev.jslab.engine.cluster;

import static dev.jslab.engine.cluster.ClusterFixture.MS;
import static dev.jslab.engine.cluster.ClusterFixture.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftTimings;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The meta group compacts its log: every few applied entries each member snapshots the placed
 * streams and consumers; a member cut off past the compaction installs its leader's snapshot, and a
 * restarted one starts from its kept snapshot — each creating and dropping its replicas
 * accordingly. On virtual time.
 */
class MetaCompactionTest {
  private static final long SEED = 21;
  private static final long EVERY = 8;

  private static String stream(String name, int replicas) {
    return "{\"name\":\"" + name + "\",\"subjects\":[\"" + name.toLowerCase() + ".>\"],\"num_replicas\":"
        + replicas + ",\"storage\":\"memory\"}";
  }

  private static String durable(String stream, String name) {
    return "{\"stream_name\":\"" + stream + "\",\"config\":{\"durable_name\":\"" + name
        + "\",\"ack_policy\":\"explicit\"}}";
  }

  private static ClusterFixture started(int nodes) {
    ClusterFixture f = new ClusterFixture(nodes, RaftTimings.CLASSROOM, SEED);
    f.compactAfterEntries = EVERY;
    f.awaitMetaLeader();
    return f;
  }

  private static void create(ClusterFixture f, String name, int replicas) {
    assertThat(f.request("$JS.API.STREAM.CREATE." + name, stream(name, replicas), SECOND))
        .as(name).contains("\"did_create\":true");
  }

  private static void createConsumer(ClusterFixture f, String stream, String name) {
    assertThat(f.request("$JS.API.CONSUMER.DURABLE.CREATE." + stream + "." + name, durable(stream, name), SECOND))
        .as(stream + "/" + name).contains("consumer_create_response").doesNotContain("\"error\"");
  }

  private static void delete(ClusterFixture f, String name) {
    assertThat(f.request("$JS.API.STREAM.DELETE." + name, "")).as(name).contains("\"success\":true");
  }

  /** Streams created, given a consumer and deleted again: meta entries that leave nothing behind. */
  private static void churn(ClusterFixture f, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      create(f, prefix + i, 1);
      createConsumer(f, prefix + i, "D");
      delete(f, prefix + i);
    }
  }

  /** A node's meta member's placements: each stream's assignment and its consumers' assignments. */
  private static Map<String, Object> placements(ClusterFixture.Node n) {
    MetaGroup meta = n.cluster.meta();
    Map<String, Object> out = new TreeMap<>();
    meta.streams().forEach((name, sa) -> {
      out.put(name, sa);
      out.put(name + "/consumers", new TreeMap<>(meta.consumers(name)));
    });
    return out;
  }

  private static RaftStatus meta(ClusterFixture.Node n) {
    return n.cluster.metaStatus();
  }

  private static long messages(ClusterFixture.Node n, String stream) {
    return n.js.stream(stream).map(s -> s.state().messages()).orElse(-1L);
  }

  @Test
  void afterManyCreatesAndDeletesEveryNodeCompactedItsMetaLogAndHoldsTheSamePlacements() {
    ClusterFixture f = started(3);
    create(f, "ORDERS", 3);
    createConsumer(f, "ORDERS", "C");
    createConsumer(f, "ORDERS", "GONE");
    churn(f, "T", 5);
    assertThat(f.request("$JS.API.CONSUMER.DELETE.ORDERS.GONE", "")).contains("\"success\":true");
    create(f, "EVENTS", 1);
    createConsumer(f, "EVENTS", "E");
    f.run(2 * SECOND);

    String leader = f.awaitMetaLeader();
    Map<String, Object> expected = placements(f.node(leader));
    assertThat(f.node(leader).cluster.meta().streams()).containsOnlyKeys("ORDERS", "EVENTS");
    assertThat(f.node(leader).cluster.meta().consumers("ORDERS")).containsOnlyKeys("C");
    for (ClusterFixture.Node n : f.nodes.values()) {
      assertThat(meta(n).snapshotIndex()).as(n.name).isPositive();
      assertThat(meta(n).firstIndex()).as(n.name).isGreaterThan(1);
      assertThat(placements(n)).as(n.name).isEqualTo(expected);
      assertThat(n.js.stream("ORDERS")).as(n.name).isPresent();
      assertThat(n.js.consumer("ORDERS", "C")).as(n.name).isPresent();
      assertThat(n.js.consumer("ORDERS", "GONE")).as(n.name).isEmpty();
    }
  }

  @Test
  void aNodeCutOffPastTheCompactionInstallsTheLeadersSnapshotAndCreatesAndDropsItsReplicasToMatch() {
    ClusterFixture f = started(3);
    String leader = f.awaitMetaLeader();
    String far = f.names.stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    create(f, "OLD", 3);
    createConsumer(f, "OLD", "C");
    create(f, "KEEP", 3);
    createConsumer(f, "KEEP", "K");
    createConsumer(f, "KEEP", "DROPPED");
    create(f, "MOVED", 3);
    createConsumer(f, "MOVED", "M");
    f.run(SECOND);
    assertThat(f.node(far).js.stream("OLD")).isPresent();
    assertThat(f.node(far).js.consumer("KEEP", "DROPPED")).isPresent();

    f.cutOff.add(far);
    // placed at once, while the meta leader still counts the node as heard from: a replica is on it
    create(f, "NEW", 3);
    createConsumer(f, "NEW", "N");
    delete(f, "OLD");
    // no spare node to take its place: the stream goes on with the other two replicas
    f.request("$JS.API.STREAM.PEER.REMOVE.MOVED", "{\"peer\":\"" + far + "\"}");
    assertThat(f.request("$JS.API.CONSUMER.DELETE.KEEP.DROPPED", "")).contains("\"success\":true");
    String updated = "{\"name\":\"KEEP\",\"subjects\":[\"keep.>\"],\"num_replicas\":3,\"storage\":\"memory\","
        + "\"max_msgs\":100}";
    assertThat(f.request("$JS.API.STREAM.UPDATE.KEEP", updated, SECOND)).contains("\"max_msgs\":100");
    for (int i = 1; i <= 3; i++) {
      assertThat(f.publish("new." + i, null, "m" + i)).contains("\"seq\":" + i);
    }
    churn(f, "T", 4);
    f.run(2 * SECOND);
    String now = f.awaitMetaLeader();
    assertThat(meta(f.node(now)).snapshotIndex())
        .as("the leader compacted past what the cut-off node holds")
        .isGreaterThan(meta(f.node(far)).lastIndex());

    f.cutOff.clear();
    f.run(5 * SECOND);

    ClusterFixture.Node n = f.node(far);
    String metaLeader = f.awaitMetaLeader();
    assertThat(placements(n)).isEqualTo(placements(f.node(metaLeader)));
    assertThat(meta(n).snapshotIndex()).isGreaterThan(0);
    assertThat(n.js.stream("OLD")).isEmpty();
    assertThat(f.node(metaLeader).cluster.meta().streams().get("MOVED").peers()).hasSize(2).doesNotContain(far);
    assertThat(n.js.stream("MOVED")).isEmpty();
    assertThat(n.js.consumer("MOVED", "M")).isEmpty();
    assertThat(n.cluster.streamLeaders()).doesNotContainKey("MOVED");
    assertThat(n.js.consumer("KEEP", "DROPPED")).isEmpty();
    assertThat(n.js.consumer("KEEP", "K")).isPresent();
    assertThat(n.js.stream("KEEP").orElseThrow().config().maxMsgs()).isEqualTo(100);
    assertThat(n.js.stream("NEW")).isPresent();
    assertThat(n.js.consumer("NEW", "N")).isPresent();
    assertThat(messages(n, "NEW")).isEqualTo(3);
    assertThat(f.publish("new.4", null, "m4")).contains("\"seq\":4");
    f.run(500 * MS);
    assertThat(messages(n, "NEW")).isEqualTo(4);
  }

  @Test
  void aNodeRestartedAfterCompactionRecreatesItsReplicasFromTheKeptSnapshotAndStaysInSync() {
    ClusterFixture f = started(3);
    create(f, "ORDERS", 3);
    createConsumer(f, "ORDERS", "C");
    for (int i = 1; i <= 5; i++) {
      assertThat(f.publish("orders." + i, null, "m" + i)).contains("\"seq\":" + i);
    }
    churn(f, "T", 3);
    createConsumer(f, "ORDERS", "LATER"); // an entry after the snapshot, re-applied at the restart
    f.run(SECOND);
    String leader = f.awaitMetaLeader();
    ClusterFixture.Node n =
        f.nodes.values().stream().filter(x -> !x.name.equals(leader)).findFirst().orElseThrow();
    assertThat(meta(n).snapshotIndex()).isPositive();
    assertThat(meta(n).lastIndex()).isGreaterThan(meta(n).snapshotIndex());

    n.crash();
    f.run(SECOND);
    n.start();
    f.run(3 * SECOND);

    assertThat(placements(n)).isEqualTo(placements(f.node(f.awaitMetaLeader())));
    assertThat(messages(n, "ORDERS")).isEqualTo(5);
    assertThat(n.js.consumer("ORDERS", "C")).isPresent();
    assertThat(n.js.consumer("ORDERS", "LATER")).isPresent();
    assertThat(n.js.stream("T0")).isEmpty();
    assertThat(f.publish("orders.6", null, "m6")).contains("\"seq\":6");
    f.run(500 * MS);
    f.nodes.values().forEach(x -> assertThat(messages(x, "ORDERS")).as(x.name).isEqualTo(6));
  }
}
