package dev.jslab.engine.cluster;

import static dev.jslab.engine.cluster.ClusterFixture.MS;
import static dev.jslab.engine.cluster.ClusterFixture.SECOND;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.consumer.Consumer;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.stream.Stream;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A stream's replicas re-placed while it runs: {@code STREAM.PEER.REMOVE} and a change of {@code
 * num_replicas} on update, on virtual time.
 */
class ClusteredPeerChangeTest {
  private static final long SEED = 5;
  private static final String PEER_REMOVE = "io.nats.jetstream.api.v1.stream_remove_peer_response";

  private static String stream(int replicas) {
    return "{\"name\":\"ORDERS\",\"subjects\":[\"orders.>\"],\"num_replicas\":" + replicas
        + ",\"storage\":\"memory\"}";
  }

  private static ClusterFixture started(int nodes, int replicas) {
    ClusterFixture f = new ClusterFixture(nodes, RaftTimings.CLASSROOM, SEED);
    f.awaitMetaLeader();
    assertThat(f.request("$JS.API.STREAM.CREATE.ORDERS", stream(replicas))).contains("\"did_create\":true");
    return f;
  }

  private static long messages(ClusterFixture.Node n) {
    return n.js.stream("ORDERS").map(x -> x.state().messages()).orElse(-1L);
  }

  /** The running nodes that hold a replica of the stream. */
  private static TreeSet<String> holders(ClusterFixture f) {
    TreeSet<String> out = new TreeSet<>();
    f.nodes.values().stream().filter(n -> n.running() && n.js.stream("ORDERS").isPresent()).forEach(n -> out.add(n.name));
    return out;
  }

  private static String leaderName(ClusterFixture f) {
    return f.nodes.values().stream()
        .filter(n -> n.running() && n.js.stream("ORDERS").map(Stream::isLeader).orElse(false))
        .findFirst().orElseThrow().name;
  }

  /** The members of the stream's Raft group as {@code n}'s member of it sees them. */
  private static TreeSet<String> raftMembers(ClusterFixture.Node n) {
    return new TreeSet<>(n.cluster.streamGroupStatuses().get(0).members());
  }

  private static void publish(ClusterFixture f, int from, int to) {
    for (int i = from; i <= to; i++) {
      assertThat(f.publish("orders." + i, null, "m" + i)).isEqualTo("{\"stream\":\"ORDERS\", \"seq\":" + i + "}");
    }
  }

  private static String removePeer(ClusterFixture f, String peer) {
    return f.request("$JS.API.STREAM.PEER.REMOVE.ORDERS", "{\"peer\":\"" + peer + "\"}");
  }

  /** The replicas' names in a stream info answer's cluster section, the leader first. */
  private static List<String> replicaNames(String info) {
    var n = dev.jslab.engine.wire.JsonReader.parse(info.getBytes(UTF_8)).path("cluster");
    List<String> names = new java.util.ArrayList<>();
    names.add(n.path("leader").asText());
    n.path("replicas").forEach(r -> names.add(r.path("name").asText()));
    return names;
  }

  @Test
  void removingAFollowersPeerMovesItsReplicaToTheSpareNodeWhichCatchesUpOnEveryMessage() {
    ClusterFixture f = started(4, 3);
    publish(f, 1, 5);
    TreeSet<String> before = holders(f);
    String spare = f.names.stream().filter(n -> !before.contains(n)).findFirst().orElseThrow();
    String victim = before.stream().filter(n -> !n.equals(leaderName(f))).findFirst().orElseThrow();

    assertThat(removePeer(f, victim)).isEqualTo("{\"type\":\"" + PEER_REMOVE + "\",\"success\":true}");
    f.run(3 * SECOND);

    TreeSet<String> after = new TreeSet<>(before);
    after.remove(victim);
    after.add(spare);
    assertThat(holders(f)).isEqualTo(after);
    assertThat(messages(f.node(spare))).isEqualTo(5);
    assertThat(raftMembers(f.node(leaderName(f)))).isEqualTo(after); // the group's members changed too
    assertThat(f.node(victim).cluster.streamLeaders()).doesNotContainKey("ORDERS");
    assertThat(f.node(victim).disks.keySet()).noneMatch(g -> g.startsWith("S-"));
    publish(f, 6, 6);
    f.run(300 * MS);
    after.forEach(n -> assertThat(messages(f.node(n))).as(n).isEqualTo(6));
    String info = f.request("$JS.API.STREAM.INFO.ORDERS", "");
    assertThat(new TreeSet<>(replicaNames(info))).isEqualTo(after);
    assertThat(info).contains("\"num_replicas\":3").doesNotContain("\"offline\":true");
  }

  @Test
  void removingTheLeadersPeerHandsLeadershipToAReplicaAndNothingAcknowledgedIsLost() {
    ClusterFixture f = started(4, 3);
    publish(f, 1, 4);
    TreeSet<String> before = holders(f);
    String spare = f.names.stream().filter(n -> !before.contains(n)).findFirst().orElseThrow();
    String leader = leaderName(f);

    assertThat(removePeer(f, leader)).contains("\"success\":true");
    f.run(5 * SECOND);

    assertThat(holders(f)).doesNotContain(leader).contains(spare).hasSize(3);
    assertThat(leaderName(f)).isNotEqualTo(leader);
    publish(f, 5, 5);
    f.run(300 * MS);
    holders(f).forEach(n -> assertThat(messages(f.node(n))).as(n).isEqualTo(5));
    assertThat(f.node(spare).js.stream("ORDERS").orElseThrow().state().lastSeq()).isEqualTo(5);
  }

  @Test
  void aPeerThatIsNotAReplicaIsRefusedWithNatsServersPeerNotAMember() {
    ClusterFixture f = started(4, 3);
    String spare = f.names.stream().filter(n -> !holders(f).contains(n)).findFirst().orElseThrow();

    assertThat(removePeer(f, spare)).isEqualTo("{\"type\":\"" + PEER_REMOVE
        + "\",\"error\":{\"code\":400,\"err_code\":10040,\"description\":\"peer not a member\"}}");
    f.run(SECOND);
    assertThat(holders(f)).doesNotContain(spare).hasSize(3);
  }

  @Test
  void aRemovalWithoutPeerOrOfAnUnknownStreamIsRefusedOnceByTheMetaLeader() {
    ClusterFixture f = started(3, 3);
    String reply = "_INBOX.pr";
    f.nodes.values().forEach(n -> n.api.handle("$JS.API.STREAM.PEER.REMOVE.ORDERS", reply, null, new byte[0]));
    f.run(100 * MS);
    assertThat(f.answers(reply)).containsExactly("{\"type\":\"" + PEER_REMOVE
        + "\",\"error\":{\"code\":400,\"err_code\":10003,\"description\":\"bad request\"}}");
    assertThat(f.request("$JS.API.STREAM.PEER.REMOVE.ORDERS", "{\"peer\":\"\"}")).contains("\"err_code\":10003");
    assertThat(f.request("$JS.API.STREAM.PEER.REMOVE.ORDERS", "[1]")).contains("\"err_code\":10025");
    assertThat(f.request("$JS.API.STREAM.PEER.REMOVE.NOPE", "{\"peer\":\"n1\"}")).contains("\"err_code\":10059");
  }

  @Test
  void withNoSpareNodeTheGroupShrinksByThePeerAndTheAnswerIsPeerRemapFailed() {
    ClusterFixture f = started(3, 3);
    publish(f, 1, 3);
    String victim = f.names.stream().filter(n -> !n.equals(leaderName(f))).findFirst().orElseThrow();

    assertThat(removePeer(f, victim)).isEqualTo("{\"type\":\"" + PEER_REMOVE
        + "\",\"error\":{\"code\":503,\"err_code\":10075,\"description\":\"peer remap failed\"}}");
    f.run(3 * SECOND);

    assertThat(holders(f)).doesNotContain(victim).hasSize(2);
    publish(f, 4, 4);
    String info = f.request("$JS.API.STREAM.INFO.ORDERS", "");
    assertThat(replicaNames(info)).hasSize(2).doesNotContain(victim);
    assertThat(info).contains("\"messages\":4");
  }

  @Test
  void scalingR1ToR3AndBackByUpdateReportsTheNewReplicasAndLosesNoAcknowledgedMessage() {
    ClusterFixture f = started(3, 1);
    publish(f, 1, 3);
    String only = leaderName(f);

    String up = f.request("$JS.API.STREAM.UPDATE.ORDERS", stream(3), SECOND);
    assertThat(up).contains("stream_update_response").contains("\"num_replicas\":3");
    f.run(3 * SECOND);
    assertThat(holders(f)).hasSize(3);
    f.nodes.values().forEach(n -> assertThat(messages(n)).as(n.name).isEqualTo(3));
    assertThat(leaderName(f)).isEqualTo(only); // the replica that was there leads on
    assertThat(raftMembers(f.node(only))).hasSize(3);
    publish(f, 4, 6);
    String info = f.request("$JS.API.STREAM.INFO.ORDERS", "");
    assertThat(replicaNames(info)).hasSize(3);
    assertThat(info).contains("\"messages\":6").contains("\"num_replicas\":3");

    String down = f.request("$JS.API.STREAM.UPDATE.ORDERS", stream(1), SECOND);
    assertThat(down).contains("stream_update_response").contains("\"num_replicas\":1");
    f.run(3 * SECOND);
    assertThat(holders(f)).hasSize(1);
    assertThat(raftMembers(f.node(holders(f).first()))).isEqualTo(holders(f));
    publish(f, 7, 7);
    info = f.request("$JS.API.STREAM.INFO.ORDERS", "");
    assertThat(replicaNames(info)).hasSize(1);
    assertThat(info).contains("\"messages\":7").contains("\"num_replicas\":1");
  }

  @Test
  void aConsumerFollowsItsStreamFromR1ToR3WithItsAckState() {
    ClusterFixture f = started(3, 1);
    publish(f, 1, 3);
    f.request("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.C",
        "{\"stream_name\":\"ORDERS\",\"config\":{\"durable_name\":\"C\",\"ack_policy\":\"explicit\"}}");
    List<OutboundMessage> got = f.fetch("ORDERS", "C", "_INBOX.f1", 2);
    f.ack(got.get(0).reply());

    f.request("$JS.API.STREAM.UPDATE.ORDERS", stream(3), SECOND);
    f.run(3 * SECOND);

    f.nodes.values().forEach(n -> {
      assertThat(n.js.consumer("ORDERS", "C")).as(n.name).isPresent();
      assertThat(n.js.consumer("ORDERS", "C").get().state().ackFloor().streamSeq()).as(n.name).isEqualTo(1);
    });
    String info = f.request("$JS.API.CONSUMER.INFO.ORDERS.C", "");
    assertThat(info).contains("\"num_ack_pending\":1");
    assertThat(dev.jslab.engine.wire.JsonReader.parse(info.getBytes(UTF_8)).path("cluster").path("replicas"))
        .hasSize(2);
  }

  @Test
  void aConsumerThatStartsAtNewMessagesKeepsItsStartOnReplicasAddedLaterWhenOneOfThemLeads() {
    ClusterFixture f = started(3, 1);
    publish(f, 1, 5);
    f.request("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.C",
        "{\"stream_name\":\"ORDERS\",\"config\":{\"durable_name\":\"C\",\"ack_policy\":\"explicit\",\"deliver_policy\":\"new\"}}");
    f.request("$JS.API.STREAM.UPDATE.ORDERS", stream(3), SECOND);
    f.run(3 * SECOND);
    String first = consumerLeader(f);

    f.request("$JS.API.CONSUMER.LEADER.STEPDOWN.ORDERS.C", "");
    f.run(3 * SECOND);
    assertThat(consumerLeader(f)).isNotEqualTo(first);
    publish(f, 6, 6);

    List<OutboundMessage> got = f.fetch("ORDERS", "C", "_INBOX.f1", 10);
    assertThat(got).hasSize(1);
    assertThat(new String(got.get(0).data(), UTF_8)).isEqualTo("m6");
  }

  private static String consumerLeader(ClusterFixture f) {
    return f.nodes.values().stream()
        .filter(n -> n.running() && n.js.consumer("ORDERS", "C").map(c -> c.isLeader()).orElse(false))
        .map(n -> n.name).findFirst().orElse("");
  }

  @Test
  void removingTheOnlyPeerOfAnR1StreamMovesItWithItsMessages() {
    ClusterFixture f = started(3, 1);
    publish(f, 1, 3);
    String only = leaderName(f);

    assertThat(removePeer(f, only)).contains("\"success\":true");
    f.run(5 * SECOND);

    assertThat(holders(f)).hasSize(1).doesNotContain(only);
    assertThat(messages(f.node(holders(f).first()))).isEqualTo(3);
    publish(f, 4, 4);
  }

  @Test
  void anUpdateOfAGroupThatShrankByARemovalKeepsItsPeersAsNatsServerDoes() {
    ClusterFixture f = started(3, 3);
    String victim = f.names.stream().filter(n -> !n.equals(leaderName(f))).findFirst().orElseThrow();
    assertThat(removePeer(f, victim)).contains("\"err_code\":10075");
    f.run(2 * SECOND);

    assertThat(f.request("$JS.API.STREAM.UPDATE.ORDERS", stream(3), SECOND)).contains("stream_update_response")
        .doesNotContain("\"error\"");
    f.run(2 * SECOND);
    assertThat(holders(f)).hasSize(2).doesNotContain(victim);
  }

  @Test
  void scalingDownKeepsTheLeaderTheMetaLeaderKnows() {
    ClusterFixture f = started(3, 3);
    publish(f, 1, 2);
    String leader = leaderName(f);

    assertThat(f.request("$JS.API.STREAM.UPDATE.ORDERS", stream(1), SECOND)).contains("\"num_replicas\":1");
    f.run(3 * SECOND);

    assertThat(holders(f)).containsExactly(leader);
    assertThat(messages(f.node(leader))).isEqualTo(2);
    publish(f, 3, 3);
  }

  @Test
  void scalingR3ToR5AndR5ToR1OnFiveNodesKeepsEveryMessageAndTheGroupCommitsThroughEachStep() {
    ClusterFixture f = started(5, 3);
    publish(f, 1, 3);

    assertThat(f.request("$JS.API.STREAM.UPDATE.ORDERS", stream(5), SECOND)).contains("\"num_replicas\":5");
    f.run(3 * SECOND);
    assertThat(holders(f)).hasSize(5);
    f.nodes.values().forEach(n -> assertThat(messages(n)).as(n.name).isEqualTo(3));
    publish(f, 4, 4);
    assertThat(raftMembers(f.node(leaderName(f)))).hasSize(5);

    assertThat(f.request("$JS.API.STREAM.UPDATE.ORDERS", stream(1), SECOND)).contains("\"num_replicas\":1");
    f.run(5 * SECOND);
    assertThat(holders(f)).hasSize(1);
    String last = holders(f).first();
    assertThat(raftMembers(f.node(last))).containsExactly(last);
    publish(f, 5, 5);
    assertThat(messages(f.node(last))).isEqualTo(5);
  }

  @Test
  void aCrashedReplicasPeerIsReplacedAndTheNodeDropsItsReplicaWhenItComesBack() {
    ClusterFixture f = started(4, 3);
    publish(f, 1, 3);
    TreeSet<String> before = holders(f);
    String spare = f.names.stream().filter(n -> !before.contains(n)).findFirst().orElseThrow();
    String victim = before.stream().filter(n -> !n.equals(leaderName(f))).findFirst().orElseThrow();
    f.node(victim).crash();
    f.run(SECOND);

    assertThat(removePeer(f, victim)).contains("\"success\":true");
    f.run(3 * SECOND);
    assertThat(messages(f.node(spare))).isEqualTo(3);
    publish(f, 4, 4);

    f.node(victim).start();
    f.run(5 * SECOND);
    assertThat(f.node(victim).js.stream("ORDERS")).isEmpty();
    assertThat(f.node(victim).disks.keySet()).noneMatch(g -> g.startsWith("S-"));
    publish(f, 5, 5);
    f.run(300 * MS);
    holders(f).forEach(n -> assertThat(messages(f.node(n))).as(n).isEqualTo(5));
    assertThat(holders(f)).hasSize(3).contains(spare);
  }

  @Test
  void scalingUpBeyondTheOnlineNodesIsRefusedWithNoSuitablePeers() {
    ClusterFixture f = started(3, 1);
    String answer = f.request("$JS.API.STREAM.UPDATE.ORDERS", stream(5), SECOND);
    assertThat(answer).contains("\"err_code\":10005").contains("no suitable peers for placement");
    assertThat(holders(f)).hasSize(1);
  }

  @Test
  void aConsumerKeepsItsAckStateAcrossAPeerRemoval() {
    ClusterFixture f = started(4, 3);
    publish(f, 1, 3);
    assertThat(f.request("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.C",
        "{\"stream_name\":\"ORDERS\",\"config\":{\"durable_name\":\"C\",\"ack_policy\":\"explicit\"}}"))
        .contains("consumer_create_response");
    List<OutboundMessage> got = f.fetch("ORDERS", "C", "_INBOX.f1", 3);
    assertThat(got).hasSize(3);
    f.ack(got.get(0).reply());
    f.ack(got.get(1).reply());
    f.run(300 * MS);
    TreeSet<String> before = holders(f);
    String spare = f.names.stream().filter(n -> !before.contains(n)).findFirst().orElseThrow();
    String consumerLeader = f.nodes.values().stream()
        .filter(n -> n.running() && n.js.consumer("ORDERS", "C").map(Consumer::isLeader).orElse(false))
        .findFirst().orElseThrow().name;

    assertThat(removePeer(f, consumerLeader)).contains("\"success\":true");
    f.run(5 * SECOND);

    assertThat(f.node(consumerLeader).js.consumer("ORDERS", "C")).isEmpty();
    Optional<Consumer> moved = f.node(spare).js.consumer("ORDERS", "C");
    assertThat(moved).isPresent();
    assertThat(moved.get().state().ackFloor().streamSeq()).isEqualTo(2);
    String info = f.request("$JS.API.CONSUMER.INFO.ORDERS.C", "");
    assertThat(info).contains("\"ack_floor\":{\"consumer_seq\":2,\"stream_seq\":2")
        .contains("\"num_ack_pending\":1");
  }
}
