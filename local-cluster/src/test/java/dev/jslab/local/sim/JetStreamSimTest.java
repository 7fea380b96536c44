package dev.jslab.local.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.message.Headers;
import dev.jslab.engine.raft.RaftTimings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JetStreamSimTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;
  private static final String R3 =
      "{\"name\":\"ORDERS\",\"subjects\":[\"orders.>\"],\"num_replicas\":3,\"storage\":\"memory\"}";

  private final JetStreamSim sim = new JetStreamSim(3, RaftTimings.CLASSROOM, 5);
  private final SimClient client = sim.attach("c", "n1");

  private List<String> send(String subject, byte[] headers, String body) {
    List<String> answers = new ArrayList<>();
    String inbox = client.newInbox();
    client.subscribe(inbox, m -> answers.add(new String(m.data(), UTF_8)));
    client.publish(subject, inbox, headers, body.getBytes(UTF_8));
    sim.run(500 * MS);
    return answers;
  }

  private List<String> publish(String id) {
    return send("orders.a", Headers.of(null, Headers.MSG_ID, id), id);
  }

  private SimNode streamLeader() {
    return sim.runningNodes().stream()
        .filter(n -> n.jetStream().stream("ORDERS").map(s -> s.isLeader()).orElse(false))
        .findFirst().orElseThrow();
  }

  private void started() {
    sim.run(3 * SECOND);
    assertThat(sim.metaLeader()).isNotNull();
    assertThat(send("$JS.API.STREAM.CREATE.ORDERS", null, R3)).hasSize(1).first().asString().contains("\"did_create\":true");
  }

  @Test
  void aPublishFromAClientOnAnyNodeIsAcknowledgedOnceAndStoredOnEveryReplica() {
    started();
    assertThat(publish("one")).containsExactly("{\"stream\":\"ORDERS\", \"seq\":1}");
    sim.run(SECOND);
    for (String n : sim.nodeNames()) {
      assertThat(sim.node(n).jetStream().stream("ORDERS").orElseThrow().state().messages()).as(n).isEqualTo(1);
    }
  }

  @Test
  void aClientWhoseNodeIsCutOffWithAMinorityIsNotAcknowledgedUntilTheNetworkHeals() {
    started();
    List<String> others = sim.nodeNames().stream().filter(n -> !n.equals("n1")).toList();
    sim.partition(List.of(List.of("n1"), others));
    sim.run(2 * SECOND);
    assertThat(publish("cut")).isEmpty();
    sim.healNetwork();
    sim.run(2 * SECOND);
    assertThat(publish("cut")).hasSize(1).first().asString().contains("\"seq\":1");
  }

  @Test
  void aCrashedStreamLeaderRestartsFromItsKeptRaftStateAndHoldsEveryMessageAgain() {
    started();
    publish("a");
    publish("b");
    String leader = streamLeader().name();
    sim.crash(leader);
    sim.run(2 * SECOND);
    assertThat(publish("c")).hasSize(1).first().asString().contains("\"seq\":3");
    sim.restart(leader);
    sim.run(2 * SECOND);
    assertThat(sim.node(leader).jetStream().stream("ORDERS").orElseThrow().state().messages()).isEqualTo(3);
  }

  @Test
  void aPausedNodeHearsNothingAndCatchesUpWhenResumed() {
    started();
    SimNode follower = sim.runningNodes().stream().filter(n -> n != streamLeader()).findFirst().orElseThrow();
    sim.pause(follower.name());
    publish("while-paused");
    assertThat(follower.jetStream().stream("ORDERS").orElseThrow().state().messages()).isZero();
    sim.resume(follower.name());
    sim.run(SECOND);
    assertThat(follower.jetStream().stream("ORDERS").orElseThrow().state().messages()).isEqualTo(1);
  }

  @Test
  void anR3MirrorCopiesEveryOriginMessageOnEveryReplicaAcrossTheRoutes() {
    started();
    assertThat(send("$JS.API.STREAM.CREATE.BACKUP", null,
        "{\"name\":\"BACKUP\",\"mirror\":{\"name\":\"ORDERS\"},\"num_replicas\":3,\"storage\":\"memory\"}"))
        .hasSize(1).first().asString().contains("\"did_create\":true");
    for (int i = 1; i <= 5; i++) {
      assertThat(publish("m" + i)).hasSize(1);
    }
    sim.run(5 * SECOND);
    for (String n : sim.nodeNames()) {
      var backup = sim.node(n).jetStream().stream("BACKUP").orElseThrow();
      assertThat(backup.state().messages()).as(n).isEqualTo(5);
      assertThat(new String(backup.store().load(5).data(), UTF_8)).as(n).isEqualTo("m5");
    }
  }

  @Test
  void aMirrorWhoseLeaderCrashesCarriesOnFromItsNewLeader() {
    started();
    send("$JS.API.STREAM.CREATE.BACKUP", null,
        "{\"name\":\"BACKUP\",\"mirror\":{\"name\":\"ORDERS\"},\"num_replicas\":3,\"storage\":\"memory\"}");
    publish("before");
    sim.run(2 * SECOND);
    String mirrorLeader = sim.runningNodes().stream()
        .filter(n -> n.jetStream().stream("BACKUP").map(s -> s.isLeader()).orElse(false))
        .findFirst().orElseThrow().name();
    sim.crash(mirrorLeader);
    sim.run(2 * SECOND);
    assertThat(publish("after")).hasSize(1);
    sim.run(60 * SECOND);
    for (SimNode n : sim.runningNodes()) {
      assertThat(n.jetStream().stream("BACKUP").orElseThrow().state().messages()).as(n.name()).isEqualTo(2);
    }
  }

  @Test
  void healingEverythingDuringAGracefulStopsGraceBringsTheStoppingNodeBackRunning() {
    started();
    sim.stopGracefully("n2");
    sim.healAll();
    sim.run(2 * SECOND);
    assertThat(sim.isRunning("n2")).isTrue();
    assertThat(sim.history()).anyMatch(line -> line.endsWith("stop n2 completes"));
  }

  @Test
  void healingEverythingBringsBackANodePausedDuringItsGracefulStopsGrace() {
    started();
    sim.stopGracefully("n3");
    sim.run(50 * MS);
    sim.pause("n3");
    sim.healAll();
    sim.run(2 * SECOND);
    assertThat(sim.isRunning("n3")).isTrue();
  }
}
