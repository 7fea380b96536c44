package dev.jslab.engine.cluster;

import static dev.jslab.engine.cluster.ClusterFixture.MS;
import static dev.jslab.engine.cluster.ClusterFixture.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.stream.Stream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Streams placed by the meta group and replicated by their own Raft groups, on virtual time. */
class ClusteredStreamTest {
  private static final String R3 =
      "{\"name\":\"ORDERS\",\"subjects\":[\"orders.>\"],\"num_replicas\":3,\"storage\":\"memory\"}";

  private ClusterFixture started() {
    ClusterFixture f = new ClusterFixture(3, RaftTimings.CLASSROOM, 7);
    f.awaitMetaLeader();
    return f;
  }

  private static long messages(ClusterFixture.Node n) {
    Optional<Stream> s = n.js.stream("ORDERS");
    return s.map(x -> x.state().messages()).orElse(-1L);
  }

  @Test
  void aCreatedR3StreamIsAnsweredByItsFirstLeaderAndExistsOnEveryNode() {
    ClusterFixture f = started();
    String answer = f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    assertThat(answer).contains("stream_create_response").contains("\"did_create\":true")
        .contains("\"cluster\":{\"name\":\"lab\",\"leader\":\"n");
    f.nodes.values().forEach(n -> assertThat(n.js.stream("ORDERS")).isPresent());
  }

  @Test
  void aPublishIsAcknowledgedOnceAndStoredOnEveryReplica() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    String ack = f.publish("orders.1", null, "one");
    assertThat(ack).isEqualTo("{\"stream\":\"ORDERS\", \"seq\":1}");
    f.run(300 * MS); // followers learn the commit with the next append or heartbeat
    f.nodes.values().forEach(n -> assertThat(messages(n)).isEqualTo(1));
  }

  @Test
  void withoutAMetaLeaderEveryNodeAnswersTheClusterIsNotAvailable() {
    ClusterFixture f = started();
    f.cutOff.add("n1");
    f.cutOff.add("n2");
    f.cutOff.add("n3");
    f.run(5 * SECOND);
    f.cutOff.clear();
    f.cutOff.add("n2");
    f.cutOff.add("n3");
    String answer = f.request("$JS.API.STREAM.CREATE.ORDERS", R3, 10 * MS);
    assertThat(answer).contains("\"err_code\":10008").contains("\"code\":503");
  }

  @Test
  void afterTheStreamLeaderCrashesANewLeaderTakesPublishesAndNothingAcknowledgedIsLost() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    for (int i = 1; i <= 5; i++) {
      assertThat(f.publish("orders." + i, null, "m" + i)).contains("\"seq\":" + i);
    }
    String leader = f.nodes.values().stream().filter(n -> n.js.stream("ORDERS").get().isLeader())
        .findFirst().orElseThrow().name;
    f.node(leader).crash();
    f.run(2 * SECOND);
    String ack = f.publish("orders.6", null, "m6");
    assertThat(ack).isEqualTo("{\"stream\":\"ORDERS\", \"seq\":6}");
    f.node(leader).start();
    f.run(3 * SECOND);
    f.nodes.values().forEach(n -> assertThat(messages(n)).as(n.name).isEqualTo(6));
    String info = f.request("$JS.API.STREAM.INFO.ORDERS", "");
    assertThat(info).contains("\"messages\":6").contains("\"replicas\":[");
  }

  @Test
  void aStreamNamedInARequestBeforeItExistsIsNotFoundFromTheMetaLeaderOnly() {
    ClusterFixture f = started();
    String reply = "_INBOX.x";
    f.nodes.values().forEach(n -> n.api.handle("$JS.API.STREAM.INFO.NOPE", reply, null, new byte[0]));
    f.run(10 * MS);
    assertThat(f.answers(reply)).hasSize(1).first().asString().contains("\"err_code\":10059");
  }

  @Test
  void repeatedStepdownsHandTheLeadershipToEveryReplicaNotBackAndForthBetweenTwo() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    java.util.Set<String> led = new java.util.TreeSet<>();
    for (int i = 0; i < 12; i++) {
      f.publish("orders.1", null, "m" + i);
      led.add(leaderName(f));
      f.request("$JS.API.STREAM.LEADER.STEPDOWN.ORDERS", "");
      f.run(2 * SECOND);
    }
    assertThat(led).containsExactly("n1", "n2", "n3");
  }

  @Test
  void deleteRemovesEveryReplica() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    assertThat(f.request("$JS.API.STREAM.DELETE.ORDERS", "")).contains("\"success\":true");
    f.run(300 * MS);
    f.nodes.values().forEach(n -> assertThat(n.js.stream("ORDERS")).isEmpty());
    assertThat(f.request("$JS.API.STREAM.NAMES", "")).contains("\"streams\":null");
  }

  @Test
  void purgeIsCarriedOutOnEveryReplicaAndAnsweredOnce() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    f.publish("orders.1", null, "a");
    f.publish("orders.2", null, "b");
    String reply = "_INBOX.purge";
    f.nodes.values().forEach(n -> n.api.handle("$JS.API.STREAM.PURGE.ORDERS", reply, null, new byte[0]));
    f.run(300 * MS);
    assertThat(f.answers(reply)).hasSize(1).first().asString().contains("\"purged\":2");
    f.nodes.values().forEach(n -> assertThat(messages(n)).isZero());
  }

  private static String leaderName(ClusterFixture f) {
    return f.nodes.values().stream()
        .filter(n -> n.running() && n.js.stream("ORDERS").map(Stream::isLeader).orElse(false))
        .findFirst().orElseThrow().name;
  }

  private static java.util.List<String> advisories(ClusterFixture f, String subject) {
    return f.out.stream().filter(m -> m.subject().equals(subject))
        .map(m -> new String(m.data(), java.nio.charset.StandardCharsets.UTF_8)).toList();
  }

  @Test
  void aStepdownHandsLeadershipToAnotherReplicaAndAdvisesTheNewLeaderWithEveryReplica() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    String before = leaderName(f);
    assertThat(f.request("$JS.API.STREAM.LEADER.STEPDOWN.ORDERS", ""))
        .isEqualTo("{\"type\":\"io.nats.jetstream.api.v1.stream_leader_stepdown_response\",\"success\":true}");
    f.run(2 * SECOND);
    String after = leaderName(f);
    assertThat(after).isNotEqualTo(before);
    java.util.List<String> elected = advisories(f, "$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.ORDERS");
    assertThat(elected).hasSize(2);
    assertThat(elected.get(1))
        .startsWith("{\"type\":\"io.nats.jetstream.advisory.v1.stream_leader_elected\",\"id\":")
        .contains("\"stream\":\"ORDERS\",\"leader\":\"" + after + "\",\"replicas\":[")
        .contains("\"name\":\"n1\"").contains("\"name\":\"n2\"").contains("\"name\":\"n3\"");
  }

  @Test
  void aLeaderCutOffFromBothFollowersStepsDownAndAdvisesThatItLostItsQuorum() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    String leader = leaderName(f);
    f.run(6 * SECOND); // nats-server does not advise a lost quorum in a group's first seconds
    f.names.stream().filter(n -> !n.equals(leader)).forEach(f.cutOff::add);
    f.run(3 * SECOND);
    assertThat(f.node(leader).js.stream("ORDERS").get().isLeader()).isFalse();
    assertThat(advisories(f, "$JS.EVENT.ADVISORY.STREAM.QUORUM_LOST.ORDERS")).hasSize(1).first()
        .asString().contains("\"type\":\"io.nats.jetstream.advisory.v1.stream_quorum_lost\"");
  }

  @Test
  void withNatsServerTimingsANewStreamHasALeaderWellWithinAnElectionTimeout() {
    for (long seed = 1; seed <= 8; seed++) {
      ClusterFixture f = new ClusterFixture(3, RaftTimings.NATS_DEFAULTS, seed);
      f.awaitMetaLeader();
      f.run(2 * SECOND); // every member has heard the leader
      String answer = f.request("$JS.API.STREAM.CREATE.ORDERS", R3, 1500 * MS);
      assertThat(answer).as("seed " + seed).contains("\"did_create\":true");
    }
  }

  @Test
  void aOneReplicaMirrorOfAnR3StreamCopiesIt() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    for (int i = 1; i <= 3; i++) {
      f.publish("orders." + i, null, "m" + i);
    }
    String created = f.request("$JS.API.STREAM.CREATE.COPY",
        "{\"name\":\"COPY\",\"num_replicas\":1,\"storage\":\"memory\",\"mirror\":{\"name\":\"ORDERS\"}}");
    assertThat(created).contains("\"did_create\":true");
    f.run(5 * SECOND);
    ClusterFixture.Node holder = f.nodes.values().stream()
        .filter(n -> n.js.stream("COPY").isPresent()).findFirst().orElseThrow();
    assertThat(holder.js.stream("COPY").get().state().messages()).isEqualTo(3);
  }

  @Test
  void anR3MirrorCopiesItsOriginOnEveryReplicaAndGoesOnCopyingAfterItsLeaderCrashes() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    for (int i = 1; i <= 3; i++) {
      f.publish("orders." + i, null, "m" + i);
    }
    String created = f.request("$JS.API.STREAM.CREATE.COPY",
        "{\"name\":\"COPY\",\"num_replicas\":3,\"storage\":\"memory\",\"mirror\":{\"name\":\"ORDERS\"}}");
    assertThat(created).contains("\"did_create\":true").contains("\"num_replicas\":3");
    f.run(5 * SECOND);
    for (String n : f.names) {
      assertThat(f.node(n).js.stream("COPY").get().state().messages()).as(n).isEqualTo(3);
    }

    String leader = f.names.stream().filter(n -> f.node(n).js.stream("COPY").get().isLeader())
        .findFirst().orElseThrow();
    f.node(leader).crash();
    f.run(15 * SECOND); // ORDERS may have lost its leader too
    for (int i = 4; i <= 6; i++) {
      assertThat(f.publish("orders." + i, null, "m" + i)).contains("\"seq\":" + i);
    }
    f.run(15 * SECOND);

    for (String n : f.names) {
      if (!n.equals(leader)) {
        var copy = f.node(n).js.stream("COPY").get();
        assertThat(copy.state().messages()).as(n).isEqualTo(6);
        assertThat(copy.state().lastSeq()).as(n).isEqualTo(6);
      }
    }
  }

  @Test
  void anR3StreamWithASourceStoresEachSourcedMessageOnceOnEveryReplica() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    String created = f.request("$JS.API.STREAM.CREATE.ALL",
        "{\"name\":\"ALL\",\"num_replicas\":3,\"storage\":\"memory\",\"sources\":[{\"name\":\"ORDERS\"}]}");
    assertThat(created).contains("\"did_create\":true");
    for (int i = 1; i <= 4; i++) {
      f.publish("orders." + i, null, "m" + i);
    }
    f.run(5 * SECOND);

    for (String n : f.names) {
      var all = f.node(n).js.stream("ALL").get();
      assertThat(all.state().messages()).as(n).isEqualTo(4);
      assertThat(new String(all.store().load(4).data(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("m4");
    }
  }

  @Test
  void aSourcedStreamsNewLeaderResumesItsSourceOnlyOnceItAppliedItsLogSoNothingIsSourcedTwice() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    f.request("$JS.API.STREAM.CREATE.ALL",
        "{\"name\":\"ALL\",\"num_replicas\":3,\"storage\":\"memory\",\"sources\":[{\"name\":\"ORDERS\"}]}");
    for (int i = 1; i <= 4; i++) {
      f.publish("orders." + i, null, "m" + i); // no Nats-Msg-Id: nothing hides a second copy
    }
    f.run(5 * SECOND);
    for (String n : f.names) {
      assertThat(f.node(n).js.stream("ALL").get().state().messages()).as(n).isEqualTo(4);
    }

    // every replica restarts with an empty store that only its log refills: a leader elected
    // before it applied the log must not scan the store for where its source resumes
    f.names.forEach(n -> f.node(n).crash());
    f.names.forEach(n -> f.node(n).start());
    f.run(60 * SECOND);

    for (String n : f.names) {
      var all = f.node(n).js.stream("ALL").get();
      assertThat(all.state().messages()).as(n).isEqualTo(4);
      assertThat(all.state().lastSeq()).as(n).isEqualTo(4);
    }
  }

  @Test
  void aSourceRestartedWhileItsOriginsReplicasRefillFromTheirLogStoresNothingTwice() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    f.request("$JS.API.STREAM.CREATE.ALL",
        "{\"name\":\"ALL\",\"num_replicas\":1,\"storage\":\"memory\",\"sources\":[{\"name\":\"ORDERS\"}]}");
    for (int i = 1; i <= 4; i++) {
      f.publish("orders." + i, null, "m" + i);
    }
    f.run(5 * SECOND);
    // the R1 source leads at once and asks for a consumer from ORDERS seq 5 while ORDERS' replicas
    // still refill from their log: a consumer replica started then would start at seq 1
    f.names.forEach(n -> f.node(n).crash());
    f.names.forEach(n -> f.node(n).start());
    f.run(60 * SECOND); // no Nats-Msg-Id above: nothing hides a second copy
    String at = f.names.stream().filter(n -> f.node(n).js.stream("ALL").isPresent()).findFirst().orElseThrow();
    assertThat(f.node(at).js.stream("ALL").get().state().messages()).isEqualTo(4);
  }

  @Test
  void whileItsGroupHasNoLeaderEveryReplicaCutOffAnswersStreamInfoFromItsOwnReplica() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    f.publish("orders.1", null, "one");
    f.run(2 * SECOND);
    f.cutOff.addAll(f.names); // every node alone: no group can elect a leader
    f.run(3 * SECOND);
    String reply = "_INBOX.leaderless";
    f.nodes.values().forEach(n -> n.api.handle("$JS.API.STREAM.INFO.ORDERS", reply, null, new byte[0]));
    f.run(10 * MS);
    assertThat(f.answers(reply)).hasSize(3)
        .allSatisfy(a -> assertThat(a).contains("\"messages\":1").doesNotContain("\"leader\":\"n"));
  }

  @Test
  void accountInfoCountsTheBytesOfEveryReplicaInTheClusterAsNatsServersUsageDoes() {
    ClusterFixture f = started();
    f.request("$JS.API.STREAM.CREATE.ORDERS", R3);
    f.request("$JS.API.STREAM.CREATE.FILES",
        "{\"name\":\"FILES\",\"subjects\":[\"files.>\"],\"num_replicas\":1,\"storage\":\"file\"}");
    for (int i = 1; i <= 3; i++) {
      f.publish("orders." + i, null, "m" + i);
      f.publish("files." + i, null, "f" + i);
    }
    long ordersBytes = jsonLong(f.request("$JS.API.STREAM.INFO.ORDERS", ""), "bytes");
    long filesBytes = jsonLong(f.request("$JS.API.STREAM.INFO.FILES", ""), "bytes");
    f.run(3 * SECOND); // every node has reported its use

    String info = f.request("$JS.API.INFO", "");
    assertThat(jsonLong(info, "memory")).isEqualTo(3 * ordersBytes);
    assertThat(jsonLong(info, "storage")).isEqualTo(filesBytes);
  }

  private static long jsonLong(String json, String field) {
    var root = dev.jslab.engine.wire.JsonReader.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    var direct = root.path(field);
    return direct.isMissingNode() ? root.path("state").path(field).asLong() : direct.asLong();
  }

  @Test
  void streamListGathersEachStreamsInfoFromItsLeaderAndAccountInfoCountsEveryPlacedStream() {
    ClusterFixture f = started();
    for (String n : java.util.List.of("A", "B", "C", "D")) {
      f.request("$JS.API.STREAM.CREATE." + n,
          "{\"name\":\"" + n + "\",\"subjects\":[\"" + n.toLowerCase() + ".>\"],\"storage\":\"memory\"}");
      f.publish(n.toLowerCase() + ".x", null, "1");
    }
    String list = f.request("$JS.API.STREAM.LIST", "", 500 * MS);
    assertThat(list).contains("\"total\":4").contains("\"name\":\"A\"").contains("\"name\":\"D\"")
        .doesNotContain("missing");
    assertThat(list.split("\"messages\":1,")).hasSize(5); // every one-replica stream, wherever placed
    assertThat(f.request("$JS.API.INFO", "")).contains("\"streams\":4,").contains("\"consumers\":0,");
    // a stream whose only replica is cut off is missing after the leaders' time to answer
    String meta = f.awaitMetaLeader();
    String far = f.nodes.values().stream().filter(n -> !n.name.equals(meta))
        .filter(n -> n.js.streams().size() > 0).map(n -> n.name).findFirst().orElseThrow();
    f.cutOff.add(far);
    f.run(100 * MS);
    String partial = f.request("$JS.API.STREAM.LIST", "", 3 * SECOND);
    assertThat(partial).contains("\"missing\":[");
  }

  @Test
  void creatingAStreamAgainWithTheSameConfigurationIsAnsweredByItsLeaderWhereverItIsPlaced() {
    String one = "{\"name\":\"ONE\",\"subjects\":[\"one.>\"],\"storage\":\"memory\",\"max_msgs\":5}";
    for (long seed = 1; seed <= 6; seed++) {
      ClusterFixture f = new ClusterFixture(3, RaftTimings.CLASSROOM, seed);
      f.awaitMetaLeader();
      assertThat(f.request("$JS.API.STREAM.CREATE.ONE", one)).contains("\"did_create\":true");
      String again = f.request("$JS.API.STREAM.CREATE.ONE", one);
      assertThat(again).as("seed " + seed).contains("stream_create_response").contains("\"total\":0")
          .doesNotContain("error");
      assertThat(f.request("$JS.API.STREAM.CREATE.ONE", one.replace("5", "6")))
          .contains("\"err_code\":10058");
    }
  }
}
