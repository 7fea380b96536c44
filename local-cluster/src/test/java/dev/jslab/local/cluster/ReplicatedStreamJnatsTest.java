package dev.jslab.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * R3 streams and their consumers on a 3-node lab cluster, through the official Java client:
 * placement by the meta group, PubAcks after a quorum, the cluster section of stream info, and
 * what a client sees when the stream's leader is killed.
 */
class ReplicatedStreamJnatsTest {
  private LocalCluster cluster;
  private Connection nc;

  @BeforeEach
  void start() throws Exception {
    cluster = ReadyClusters.classroom(3);
    nc = ReadyClusters.connect(cluster);
  }

  @AfterEach
  void stop() throws Exception {
    nc.close();
    cluster.close();
  }

  private StreamInfo createR3(String name, StorageType storage) throws Exception {
    JetStreamManagement jsm = nc.jetStreamManagement();
    return jsm.addStream(StreamConfiguration.builder()
        .name(name).subjects(name.toLowerCase() + ".>").replicas(3).storageType(storage).build());
  }

  /** Publishes with a message id, retrying the same id until a PubAck comes (up to 30 s). */
  private PublishAck publishUntilAcked(JetStream js, String subject, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        return js.publish(subject, id.getBytes(), PublishOptions.builder().messageId(id).build());
      } catch (Exception e) {
        last = e;
        Thread.sleep(50);
      }
    }
    throw new AssertionError("no PubAck for " + id + " within 30 s", last);
  }

  @Test
  void anR3StreamIsCreatedWithALeaderAndTwoCurrentReplicas() throws Exception {
    StreamInfo created = createR3("ORDERS", StorageType.File);
    assertThat(created.getConfiguration().getReplicas()).isEqualTo(3);
    assertThat(created.getClusterInfo().getName()).isEqualTo("lab");
    assertThat(created.getClusterInfo().getLeader()).isIn(cluster.nodeNames());
    JetStream js = nc.jetStream();
    for (int i = 0; i < 20; i++) {
      assertThat(js.publish("orders.new", ("o" + i).getBytes()).getSeqno()).isEqualTo(i + 1);
    }
    StreamInfo info = nc.jetStreamManagement().getStreamInfo("ORDERS");
    assertThat(info.getStreamState().getMsgCount()).isEqualTo(20);
    assertThat(info.getClusterInfo().getReplicas()).hasSize(2)
        .allSatisfy(r -> assertThat(r.getName()).isNotEqualTo(info.getClusterInfo().getLeader()));
  }

  @Test
  void publishesSurviveKillingTheStreamLeaderAndNothingAcknowledgedIsLostOrDoubled() throws Exception {
    createR3("EVENTS", StorageType.File);
    JetStream js = nc.jetStream();
    Set<String> acked = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      publishUntilAcked(js, "events.a", "id-" + i);
      acked.add("id-" + i);
    }
    String leader = nc.jetStreamManagement().getStreamInfo("EVENTS").getClusterInfo().getLeader();
    cluster.kill(leader).join();
    for (int i = 50; i < 100; i++) {
      publishUntilAcked(js, "events.a", "id-" + i);
      acked.add("id-" + i);
    }
    StreamInfo after = nc.jetStreamManagement().getStreamInfo("EVENTS");
    assertThat(after.getClusterInfo().getLeader()).isNotEqualTo(leader);
    assertThat(after.getStreamState().getMsgCount()).isEqualTo(100);
    cluster.restart(leader).join();
    StreamInfo fromOld = infoFrom(leader, "EVENTS");
    assertThat(fromOld.getStreamState().getMsgCount()).isEqualTo(100);
    assertThat(fromOld.getStreamState().getLastSequence()).isEqualTo(100);
  }

  @Test
  void aFileReplicaRestartedResumesFromItsStoreAndHoldsEachMessageOnceWithoutMessageIds() throws Exception {
    createR3("PLAIN", StorageType.File);
    JetStream js = nc.jetStream();
    for (int i = 0; i < 40; i++) {
      js.publish("plain.a", ("p" + i).getBytes()); // no Nats-Msg-Id: nothing would catch a second copy
    }
    String leader = nc.jetStreamManagement().getStreamInfo("PLAIN").getClusterInfo().getLeader();
    String connected = nc.getServerInfo().getServerName(); // the client stays connected
    String follower = cluster.nodeNames().stream()
        .filter(n -> !n.equals(leader) && !n.equals(connected)).findFirst().orElseThrow();
    cluster.kill(follower).join();
    cluster.restart(follower).join();
    StreamInfo fromRestarted = infoFrom(follower, "PLAIN");
    assertThat(fromRestarted.getStreamState().getMsgCount()).isEqualTo(40);
    assertThat(fromRestarted.getStreamState().getLastSequence()).isEqualTo(40);
    assertThat(js.publish("plain.a", "after".getBytes()).getSeqno()).isEqualTo(41);
  }

  /** Stream info once {@code node} leads the stream again (stepping the others down), up to 20 s. */
  private StreamInfo infoFrom(String node, String stream) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      StreamInfo i = nc.jetStreamManagement().getStreamInfo(stream);
      if (i.getClusterInfo().getLeader().equals(node)) {
        return i;
      }
      if (i.getClusterInfo().getReplicas().stream().allMatch(r -> r.isCurrent())) {
        nc.request("$JS.API.STREAM.LEADER.STEPDOWN." + stream, new byte[0], Duration.ofSeconds(2));
      }
      Thread.sleep(200);
    }
    throw new AssertionError(node + " did not lead " + stream + " again within 20 s");
  }

  @Test
  void aPowerCutOfTheStreamLeaderLosesNothingAcknowledgedForTheOtherReplicasHaveIt() throws Exception {
    createR3("LEDGER", StorageType.File);
    JetStream js = nc.jetStream();
    for (int i = 0; i < 30; i++) {
      publishUntilAcked(js, "ledger.a", "id-" + i);
    }
    String leader = nc.jetStreamManagement().getStreamInfo("LEDGER").getClusterInfo().getLeader();
    cluster.powerCut(leader).join(); // its log's unforced tail is gone with the power
    for (int i = 30; i < 60; i++) {
      publishUntilAcked(js, "ledger.a", "id-" + i);
    }
    cluster.restart(leader).join();
    StreamInfo fromCut = infoFrom(leader, "LEDGER");
    assertThat(fromCut.getStreamState().getMsgCount()).isEqualTo(60);
    assertThat(fromCut.getStreamState().getLastSequence()).isEqualTo(60);
  }

  @Test
  void aDurableConsumerResumesAfterItsLeaderIsKilledRedeliveringOnlyWhatWasNotAcked() throws Exception {
    createR3("JOBS", StorageType.Memory);
    JetStream js = nc.jetStream();
    for (int i = 1; i <= 10; i++) {
      js.publish("jobs.x", ("j" + i).getBytes());
    }
    JetStreamManagement jsm = nc.jetStreamManagement();
    jsm.addOrUpdateConsumer("JOBS", ConsumerConfiguration.builder()
        .durable("W").ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofSeconds(1)).build());
    JetStreamSubscription sub = js.subscribe(null,
        io.nats.client.PullSubscribeOptions.bind("JOBS", "W"));
    List<Message> first = sub.fetch(5, Duration.ofSeconds(2));
    assertThat(first).hasSize(5);
    for (Message m : first.subList(0, 4)) {
      m.ackSync(Duration.ofSeconds(2));
    }
    String leader = jsm.getConsumerInfo("JOBS", "W").getClusterInfo().getLeader();
    Thread.sleep(300); // the acks reach the followers with the next append
    cluster.kill(leader).join();
    Set<String> rest = new HashSet<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (rest.size() < 6 && System.nanoTime() < deadline) {
      try {
        for (Message m : sub.fetch(10, Duration.ofSeconds(1))) {
          rest.add(new String(m.getData()));
          m.ack();
        }
      } catch (Exception e) {
        Thread.sleep(100); // no consumer leader yet
      }
    }
    assertThat(rest).containsExactlyInAnyOrder("j5", "j6", "j7", "j8", "j9", "j10");
  }

  @Test
  void anR1StreamPlacedOnOneNodeTakesPublishesFromTheClientsOfEveryNode() throws Exception {
    StreamInfo placed = nc.jetStreamManagement().addStream(StreamConfiguration.builder()
        .name("PLACED").subjects("placed.>").storageType(StorageType.Memory).build());
    String holder = placed.getClusterInfo().getLeader();
    assertThat(holder).isIn(cluster.nodeNames());
    long seq = 0;
    for (String node : cluster.nodeNames()) {
      try (Connection only = Nats.connect(new Options.Builder()
          .server(cluster.clientUrl(node).orElseThrow()).ignoreDiscoveredServers().build())) {
        PublishAck ack = only.jetStream().publish("placed.from." + node, node.getBytes());
        assertThat(ack.getStream()).isEqualTo("PLACED");
        assertThat(ack.getSeqno()).isEqualTo(++seq);
      }
    }
    assertThat(nc.jetStreamManagement().getStreamInfo("PLACED").getStreamState().getMsgCount()).isEqualTo(3);
    for (String more : List.of("P1", "P2", "P3")) {
      nc.jetStreamManagement().addStream(StreamConfiguration.builder()
          .name(more).subjects(more.toLowerCase() + ".>").storageType(StorageType.Memory).build());
    }
    // the list comes from the meta leader, each stream's numbers from its leader, wherever placed
    List<StreamInfo> listed = nc.jetStreamManagement().getStreams();
    assertThat(listed).extracting(i -> i.getConfiguration().getName())
        .containsExactly("P1", "P2", "P3", "PLACED");
    assertThat(listed.get(3).getStreamState().getMsgCount()).isEqualTo(3);
  }

  @Test
  void aMirrorPlacedOnAnotherNodeThanItsOriginCopiesItAcrossTheRoutes() throws Exception {
    JetStreamManagement jsm = nc.jetStreamManagement();
    String origin = jsm.addStream(StreamConfiguration.builder()
        .name("ORIGIN").subjects("origin.>").storageType(StorageType.Memory).build())
        .getClusterInfo().getLeader();
    for (int i = 1; i <= 4; i++) {
      nc.jetStream().publish("origin." + i, ("m" + i).getBytes());
    }
    // placement is random: create mirrors until one is placed away from its origin
    String mirror = null;
    for (int attempt = 0; attempt < 30 && mirror == null; attempt++) {
      String name = "COPY" + attempt;
      StreamInfo created = jsm.addStream(StreamConfiguration.builder()
          .name(name).storageType(StorageType.Memory)
          .mirror(io.nats.client.api.Mirror.builder().sourceName("ORIGIN").build()).build());
      if (created.getClusterInfo().getLeader().equals(origin)) {
        jsm.deleteStream(name);
      } else {
        mirror = name;
      }
    }
    assertThat(mirror).as("a mirror placed on another node than " + origin).isNotNull();

    String copy = mirror;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (jsm.getStreamInfo(copy).getStreamState().getMsgCount() < 4 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    StreamInfo info = jsm.getStreamInfo(copy);
    assertThat(info.getStreamState().getMsgCount()).isEqualTo(4);
    assertThat(info.getMirrorInfo().getError()).isNull();
    assertThat(new String(jsm.getMessage(copy, 4).getData())).isEqualTo("m4");
  }

  @Test
  void aStreamLeaderAskedThroughTheLabStepsDownAndTheSnapshotNamesTheNewOne() throws Exception {
    List<ClusterEvent.StreamLeadersChanged> events = recorded(ClusterEvent.StreamLeadersChanged.class);
    createR3("TURNS", StorageType.Memory);
    String before = nc.jetStreamManagement().getStreamInfo("TURNS").getClusterInfo().getLeader();
    awaitSnapshot(s -> before.equals(s.streamLeaders().get("TURNS")));
    assertThat(cluster.stepDownStream("TURNS").join()).isTrue();
    awaitSnapshot(s -> {
      String now = s.streamLeaders().getOrDefault("TURNS", "");
      return !now.isEmpty() && !now.equals(before);
    });
    String after = cluster.snapshot().streamLeaders().get("TURNS");
    assertThat(events).anyMatch(e -> e.node().equals(after) && after.equals(e.leaders().get("TURNS")));
    assertThat(cluster.stepDownStream("NOPE").join()).isFalse();
  }

  @Test
  void everyGroupsMembersAreListedAndTheirElectionsArePublishedAsEvents() throws Exception {
    List<ClusterEvent.RaftGroupEvent> raft = recorded(ClusterEvent.RaftGroupEvent.class);
    createR3("VOTES", StorageType.Memory);
    nc.jetStream().publish("votes.1", new byte[] {1});
    String before = nc.jetStreamManagement().getStreamInfo("VOTES").getClusterInfo().getLeader();

    // the third replica may hear of the stream after the other two answered its creation
    long placed = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<RaftGroupView> members = cluster.raftGroups().stream().filter(g -> g.asset().equals("VOTES")).toList();
    while (members.size() < 3 && System.nanoTime() < placed) {
      Thread.sleep(20);
      members = cluster.raftGroups().stream().filter(g -> g.asset().equals("VOTES")).toList();
    }
    assertThat(members).extracting(g -> g.status().node()).containsExactlyInAnyOrder("n1", "n2", "n3");
    RaftGroupView leader = members.stream().filter(g -> g.status().node().equals(before)).findFirst().orElseThrow();
    assertThat(leader.status().followers()).hasSize(2);
    assertThat(cluster.raftGroups()).filteredOn(g -> g.asset().equals("_meta_")).hasSize(3);

    assertThat(cluster.stepDownStream("VOTES").join()).isTrue();
    String group = leader.status().group();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (raft.stream().noneMatch(e -> e.event() instanceof dev.jslab.engine.raft.RaftEvent.LeaderElected l
        && l.group().equals(group) && !l.node().equals(before)) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(raft).anyMatch(e -> e.event() instanceof dev.jslab.engine.raft.RaftEvent.LeaderElected l
        && l.group().equals(group) && !l.node().equals(before) && e.node().equals(l.node()));
    assertThat(raft).anyMatch(e -> e.event() instanceof dev.jslab.engine.raft.RaftEvent.RoleChanged r
        && r.group().equals(group) && r.node().equals(before));
    assertThat(raft).noneMatch(e -> e.event() instanceof dev.jslab.engine.raft.RaftEvent.CommitAdvanced);
  }

  /** The cluster's events of {@code type} from now on, as they come. */
  private <T extends ClusterEvent> List<T> recorded(Class<T> type) {
    List<T> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    cluster.addListener((event, snapshot) -> {
      if (type.isInstance(event)) {
        events.add(type.cast(event));
      }
    });
    return events;
  }

  private void awaitSnapshot(java.util.function.Predicate<ClusterSnapshot> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.test(cluster.snapshot())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the cluster did not get there: " + cluster.snapshot().streamLeaders());
      }
      Thread.sleep(20);
    }
  }
}
