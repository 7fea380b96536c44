package dev.jslab.engine.cluster;

import static dev.jslab.engine.cluster.ClusterFixture.MS;
import static dev.jslab.engine.cluster.ClusterFixture.SECOND;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.consumer.Consumer;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.raft.RaftTimings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Consumers placed by the meta group and replicated by their own Raft groups, on virtual time. */
class ClusteredConsumerTest {
  private static final String R3 =
      "{\"name\":\"ORDERS\",\"subjects\":[\"orders.>\"],\"num_replicas\":3,\"storage\":\"memory\"}";
  private static final String DURABLE =
      "{\"stream_name\":\"ORDERS\",\"config\":{\"durable_name\":\"C\",\"ack_policy\":\"explicit\","
          + "\"ack_wait\":2000000000}}";

  private ClusterFixture withStreamAndConsumer() {
    ClusterFixture f = new ClusterFixture(3, RaftTimings.CLASSROOM, 11);
    f.awaitMetaLeader();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    for (int i = 1; i <= 3; i++) {
      f.publish("orders." + i, null, "m" + i);
    }
    String created = f.request("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.C", DURABLE);
    assertThat(created).contains("consumer_create_response").contains("\"num_pending\":3")
        .contains("\"cluster\":{\"name\":\"lab\",\"leader\":\"n");
    return f;
  }

  private static ClusterFixture.Node leaderOf(ClusterFixture f) {
    return f.nodes.values().stream()
        .filter(n -> n.running() && n.js.consumer("ORDERS", "C").map(Consumer::isLeader).orElse(false))
        .findFirst().orElseThrow();
  }

  @Test
  void everyNodeHoldsAReplicaButOnlyTheLeaderDelivers() {
    ClusterFixture f = withStreamAndConsumer();
    f.nodes.values().forEach(n -> assertThat(n.js.consumer("ORDERS", "C")).as(n.name).isPresent());
    assertThat(f.nodes.values().stream().filter(n -> n.js.consumer("ORDERS", "C").get().isLeader()))
        .hasSize(1);
    assertThat(f.fetch("ORDERS", "C", "_INBOX.f1", 10)).hasSize(3);
  }

  @Test
  void onlyTheConsumersLeaderTakesItsAcksAndTheNewLeaderAfterAStepdown() {
    ClusterFixture f = withStreamAndConsumer();
    String acks = "$JS.ACK.ORDERS.C.>";
    ClusterFixture.Node first = leaderOf(f);
    f.nodes.values().forEach(n -> assertThat(n.js.capturedSubjects().contains(acks)).as(n.name).isEqualTo(n == first));
    f.request("$JS.API.CONSUMER.LEADER.STEPDOWN.ORDERS.C", "");
    f.run(2 * SECOND);
    ClusterFixture.Node next = leaderOf(f);
    assertThat(next).isNotSameAs(first);
    f.nodes.values().forEach(n -> assertThat(n.js.capturedSubjects().contains(acks)).as(n.name).isEqualTo(n == next));
  }

  @Test
  void afterTheConsumerLeaderCrashesOnlyTheUnacknowledgedMessageIsRedelivered() {
    ClusterFixture f = withStreamAndConsumer();
    List<OutboundMessage> got = f.fetch("ORDERS", "C", "_INBOX.f1", 3);
    assertThat(got).hasSize(3);
    f.ack(got.get(0).reply());
    f.ack(got.get(1).reply());
    f.run(300 * MS); // the acks reach the followers
    leaderOf(f).crash();
    f.run(3 * SECOND); // a new leader, and the ack wait of the third delivery passes
    List<OutboundMessage> again = f.fetch("ORDERS", "C", "_INBOX.f2", 3);
    assertThat(again).extracting(m -> new String(m.data(), UTF_8)).containsExactly("m3");
    String info = f.request("$JS.API.CONSUMER.INFO.ORDERS.C", "");
    assertThat(info).contains("\"ack_floor\":{\"consumer_seq\":2,\"stream_seq\":2");
  }

  @Test
  void aLeaderHandingOverTakesNoAckItCouldNotReplicateAndEveryReplicaKeepsTheSameAckFloor() {
    ClusterFixture f = withStreamAndConsumer();
    ClusterFixture.Node leader = leaderOf(f);
    f.nodes.values().stream().filter(n -> n != leader).forEach(n -> f.cutOff.add(n.name));
    List<OutboundMessage> got = f.fetch("ORDERS", "C", "_INBOX.f1", 3); // its followers lag behind these deliveries
    assertThat(got).hasSize(3);
    leader.api.handle("$JS.API.CONSUMER.LEADER.STEPDOWN.ORDERS.C", "_INBOX.sd", null, new byte[0]);
    // the transfer waits for its lagging target: meanwhile the leader's Raft member refuses proposals
    leader.js.processAck(got.get(0).reply(), "+ACK".getBytes(UTF_8), null);
    assertThat(leader.js.consumer("ORDERS", "C").get().state().ackFloor().streamSeq()).isZero();
    f.cutOff.clear();
    f.run(3 * SECOND);
    f.nodes.values().forEach(n -> assertThat(n.js.consumer("ORDERS", "C").get().state().ackFloor().streamSeq())
        .as(n.name).isZero());
  }

  @Test
  void aLeaderCutOffWithChangesThatNeverCommitTakesTheGroupsStateWhenItRejoins() {
    ClusterFixture f = withStreamAndConsumer();
    ClusterFixture.Node leader = leaderOf(f);
    f.cutOff.add(leader.name);
    List<OutboundMessage> got = f.fetch("ORDERS", "C", "_INBOX.f1", 3); // delivered by the cut-off leader alone
    assertThat(got).hasSize(3);
    leader.js.processAck(got.get(0).reply(), "+ACK".getBytes(UTF_8), null);
    assertThat(leader.js.consumer("ORDERS", "C").get().state().ackFloor().streamSeq()).isEqualTo(1);
    f.run(3 * SECOND); // it loses its quorum; the others elect a leader that never saw those changes
    f.cutOff.clear();
    f.run(3 * SECOND);
    ClusterFixture.Node now = leaderOf(f);
    var expected = now.js.consumer("ORDERS", "C").get().state();
    f.nodes.values().forEach(n -> {
      var state = n.js.consumer("ORDERS", "C").get().state();
      assertThat(state.ackFloor()).as(n.name).isEqualTo(expected.ackFloor());
      assertThat(state.delivered()).as(n.name).isEqualTo(expected.delivered());
    });
  }

  @Test
  void aFollowerIgnoresAcksAndPullRequests() {
    ClusterFixture f = withStreamAndConsumer();
    ClusterFixture.Node follower = f.nodes.values().stream()
        .filter(n -> !n.js.consumer("ORDERS", "C").get().isLeader()).findFirst().orElseThrow();
    follower.api.handle("$JS.API.CONSUMER.MSG.NEXT.ORDERS.C", "_INBOX.only", null, "{\"batch\":3}".getBytes(UTF_8));
    f.run(100 * MS);
    assertThat(f.delivered("_INBOX.only")).isEmpty();
  }

  @Test
  void aConsumerCreatedAndDeletedBeforeTheNodesRestartedIsNeverCreatedAgainWhileTheyRecover() {
    ClusterFixture f = new ClusterFixture(3, RaftTimings.CLASSROOM, 11);
    f.awaitMetaLeader();
    // a file stream: its replicas resume from their stores at once, so nothing else holds the consumer back
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3.replace("memory", "file"));
    f.publish("orders.1", null, "m1");
    assertThat(f.request("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.C", DURABLE)).contains("consumer_create_response");
    assertThat(f.request("$JS.API.CONSUMER.DELETE.ORDERS.C", "")).contains("\"success\":true");
    f.run(SECOND);
    f.nodes.values().forEach(ClusterFixture.Node::crash);
    f.nodes.values().forEach(n -> n.opened.clear());
    f.nodes.values().forEach(ClusterFixture.Node::start);
    f.run(3 * SECOND);
    // its group is not opened, even for a moment: the meta log is recovered before any replica is
    // made (a new, empty group under the old name would meet replicas that kept the old one's state)
    f.nodes.values().forEach(n -> assertThat(n.opened).as(n.name).noneMatch(g -> g.startsWith("C-")));
    f.nodes.values().forEach(n -> assertThat(n.js.stream("ORDERS")).as(n.name).isPresent());
  }

  @Test
  void deletingTheConsumerRemovesEveryReplica() {
    ClusterFixture f = withStreamAndConsumer();
    assertThat(f.request("$JS.API.CONSUMER.DELETE.ORDERS.C", "")).contains("\"success\":true");
    f.run(300 * MS);
    f.nodes.values().forEach(n -> assertThat(n.js.consumer("ORDERS", "C")).isEmpty());
    assertThat(f.request("$JS.API.CONSUMER.INFO.ORDERS.C", "")).contains("\"err_code\":10014");
  }

  @Test
  void anEphemeralConsumerWithoutPullRequestsForItsInactiveThresholdIsDeletedEverywhere() {
    ClusterFixture f = withStreamAndConsumer();
    String created = f.request("$JS.API.CONSUMER.CREATE.ORDERS",
        "{\"stream_name\":\"ORDERS\",\"config\":{\"ack_policy\":\"explicit\",\"inactive_threshold\":1000000000}}");
    String name = created.replaceAll(".*?\"stream_name\":\"ORDERS\",\"name\":\"([^\"]+)\".*", "$1");
    f.run(300 * MS);
    f.nodes.values().forEach(n -> assertThat(n.js.consumer("ORDERS", name)).as(n.name).isPresent());
    f.run(3 * SECOND);
    f.nodes.values().forEach(n -> assertThat(n.js.consumer("ORDERS", name)).as(n.name).isEmpty());
    f.nodes.values().forEach(n -> assertThat(n.js.consumer("ORDERS", "C")).as(n.name).isPresent());
  }

  @Test
  void consumerAndMetaStepdownsAreAnsweredOnceAndHandLeadershipOver() {
    ClusterFixture f = withStreamAndConsumer();
    String before = leaderOf(f).name;
    assertThat(f.request("$JS.API.CONSUMER.LEADER.STEPDOWN.ORDERS.C", ""))
        .isEqualTo("{\"type\":\"io.nats.jetstream.api.v1.consumer_leader_stepdown_response\",\"success\":true}");
    f.run(2 * SECOND);
    assertThat(leaderOf(f).name).isNotEqualTo(before);
    assertThat(f.answers("_INBOX.none")).isEmpty();

    String metaBefore = f.awaitMetaLeader();
    String reply = "_INBOX.meta";
    f.nodes.values().forEach(n -> n.api.handle("$JS.API.META.LEADER.STEPDOWN", reply, null, new byte[0]));
    f.run(2 * SECOND);
    assertThat(f.answers(reply)).containsExactly(
        "{\"type\":\"io.nats.jetstream.api.v1.meta_leader_stepdown_response\",\"success\":true}");
    assertThat(f.awaitMetaLeader()).isNotEqualTo(metaBefore);
  }

  @Test
  void consumerListGathersEachConsumersInfoFromItsLeader() {
    ClusterFixture f = withStreamAndConsumer();
    f.request("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.D",
        "{\"stream_name\":\"ORDERS\",\"config\":{\"durable_name\":\"D\",\"ack_policy\":\"explicit\",\"num_replicas\":1}}");
    String list = f.request("$JS.API.CONSUMER.LIST.ORDERS", "", 500 * MS);
    assertThat(list).startsWith("{\"type\":\"io.nats.jetstream.api.v1.consumer_list_response\",\"total\":2,")
        .contains("\"name\":\"C\"").contains("\"name\":\"D\"").contains("\"num_pending\":3")
        .doesNotContain("missing");
    assertThat(f.request("$JS.API.CONSUMER.LIST.NOPE", "")).contains("\"err_code\":10059");
  }

  @Test
  void aOneReplicaConsumerIsPlacedOnAReplicaThatIsUpWhileAnotherIsDown() {
    ClusterFixture f = withStreamAndConsumer();
    String meta = f.awaitMetaLeader();
    String down = f.names.stream().filter(n -> !n.equals(meta)).findFirst().orElseThrow();
    f.node(down).crash();
    f.run(2 * SECOND); // the meta leader stops hearing from it
    for (int i = 0; i < 6; i++) {
      String created = f.request("$JS.API.CONSUMER.CREATE.ORDERS",
          "{\"stream_name\":\"ORDERS\",\"config\":{\"ack_policy\":\"none\",\"num_replicas\":1,\"mem_storage\":true}}",
          500 * MS);
      assertThat(created).as("ephemeral " + i).contains("consumer_create_response").doesNotContain("error");
    }
  }

  @Test
  void aConsumerCreatedRightAfterPublishesCountsEveryPendingMessageWhereverItsLeaderIs() {
    for (long seed = 1; seed <= 12; seed++) {
      ClusterFixture f = new ClusterFixture(3, RaftTimings.CLASSROOM, seed);
      f.awaitMetaLeader();
      f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
      f.publish("orders.a", null, "one");
      f.publish("orders.b", null, "two");
      f.request("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.C",
          "{\"stream_name\":\"ORDERS\",\"config\":{\"durable_name\":\"C\",\"ack_policy\":\"explicit\"}}");
      f.run(1 * SECOND);
      assertThat(f.request("$JS.API.CONSUMER.INFO.ORDERS.C", "")).as("seed " + seed).contains("\"num_pending\":2,");
    }
  }

  @Test
  void theCreateAnswerOfAConsumerOnAOneReplicaStreamNamesItsLeader() {
    ClusterFixture f = new ClusterFixture(3, RaftTimings.CLASSROOM, 5);
    f.awaitMetaLeader();
    f.request("$JS.API.STREAM.CREATE.ONE", "{\"name\":\"ONE\",\"subjects\":[\"one.>\"],\"storage\":\"memory\"}");
    String created = f.request("$JS.API.CONSUMER.DURABLE.CREATE.ONE.D",
        "{\"stream_name\":\"ONE\",\"config\":{\"durable_name\":\"D\",\"ack_policy\":\"explicit\"}}");
    assertThat(created).contains("\"cluster\":{\"name\":\"lab\",\"leader\":\"n");
    assertThat(f.out).noneMatch(m -> m.subject().contains("LEADER_ELECTED")); // one replica: no group to elect
  }

  @Test
  void actionAdvisoriesOfAClusteredStreamAndConsumerAreSentOnceEach() {
    ClusterFixture f = withStreamAndConsumer();
    f.request("$JS.API.STREAM.UPDATE.ORDERS",
        "{\"name\":\"ORDERS\",\"subjects\":[\"orders.>\"],\"num_replicas\":3,\"storage\":\"memory\",\"max_msgs\":100}");
    f.request("$JS.API.CONSUMER.DELETE.ORDERS.C", "");
    f.request("$JS.API.STREAM.DELETE.ORDERS", "");
    f.run(300 * MS);
    for (String subject : List.of(
        "$JS.EVENT.ADVISORY.STREAM.CREATED.ORDERS", "$JS.EVENT.ADVISORY.CONSUMER.CREATED.ORDERS.C",
        "$JS.EVENT.ADVISORY.STREAM.UPDATED.ORDERS", "$JS.EVENT.ADVISORY.CONSUMER.DELETED.ORDERS.C",
        "$JS.EVENT.ADVISORY.STREAM.DELETED.ORDERS")) {
      assertThat(f.out.stream().filter(m -> m.subject().equals(subject))).as(subject).hasSize(1);
    }
  }
}
