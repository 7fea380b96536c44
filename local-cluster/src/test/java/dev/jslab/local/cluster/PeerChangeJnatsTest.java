package dev.jslab.local.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream's replicas re-placed while the official Java client uses it: {@code
 * $JS.API.STREAM.PEER.REMOVE} (jnats has no call for it: a plain request) and {@code num_replicas}
 * changed through {@code updateStream}, on a 4-node lab cluster.
 */
class PeerChangeJnatsTest {
  private LocalCluster cluster;
  private Connection nc;

  @BeforeEach
  void start() throws Exception {
    cluster = ReadyClusters.classroom(4);
    nc = ReadyClusters.connect(cluster);
  }

  @AfterEach
  void stop() throws Exception {
    nc.close();
    cluster.close();
  }

  private static Set<String> placed(StreamInfo info) {
    Set<String> out = new TreeSet<>();
    out.add(info.getClusterInfo().getLeader());
    info.getClusterInfo().getReplicas().forEach(r -> out.add(r.getName()));
    return out;
  }

  /** Stream info until {@code done} holds for it (up to 20 s). */
  private StreamInfo awaitInfo(JetStreamManagement jsm, String stream, Predicate<StreamInfo> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    StreamInfo last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = jsm.getStreamInfo(stream);
        if (done.test(last)) {
          return last;
        }
      } catch (Exception e) {
        // no leader for a moment while the group changes
      }
      Thread.sleep(50);
    }
    throw new AssertionError("stream info never matched within 20 s; last: " + last);
  }

  private static boolean allCurrent(StreamInfo i) {
    return i.getClusterInfo().getLeader() != null
        && i.getClusterInfo().getReplicas().stream().allMatch(r -> r.isCurrent());
  }

  @Test
  void aRemovedPeersReplicaMovesToTheFourthNodeWithEveryMessageAndTheStreamTakesPublishes() throws Exception {
    JetStreamManagement jsm = nc.jetStreamManagement();
    JetStream js = nc.jetStream();
    StreamInfo created = jsm.addStream(StreamConfiguration.builder()
        .name("ORDERS").subjects("orders.>").replicas(3).storageType(StorageType.File).build());
    for (int i = 1; i <= 5; i++) {
      js.publish("orders." + i, ("m" + i).getBytes(UTF_8));
    }
    Set<String> before = placed(awaitInfo(jsm, "ORDERS", PeerChangeJnatsTest::allCurrent));
    String spare = cluster.nodeNames().stream().filter(n -> !before.contains(n)).findFirst().orElseThrow();
    String victim = created.getClusterInfo().getReplicas().get(0).getName();

    Message answer = nc.request("$JS.API.STREAM.PEER.REMOVE.ORDERS",
        ("{\"peer\":\"" + victim + "\"}").getBytes(UTF_8), Duration.ofSeconds(5));
    assertThat(new String(answer.getData(), UTF_8))
        .isEqualTo("{\"type\":\"io.nats.jetstream.api.v1.stream_remove_peer_response\",\"success\":true}");

    StreamInfo moved = awaitInfo(jsm, "ORDERS", i -> placed(i).contains(spare) && !placed(i).contains(victim) && allCurrent(i));
    assertThat(placed(moved)).hasSize(3);
    assertThat(moved.getStreamState().getMsgCount()).isEqualTo(5);
    assertThat(js.publish("orders.6", "m6".getBytes(UTF_8)).getSeqno()).isEqualTo(6);

    Message refused = nc.request("$JS.API.STREAM.PEER.REMOVE.ORDERS",
        ("{\"peer\":\"" + victim + "\"}").getBytes(UTF_8), Duration.ofSeconds(5));
    assertThat(new String(refused.getData(), UTF_8)).contains("\"err_code\":10040").contains("peer not a member");
  }

  @Test
  void updateStreamScalesR1ToR3AndBackAndReportsTheReplicas() throws Exception {
    JetStreamManagement jsm = nc.jetStreamManagement();
    JetStream js = nc.jetStream();
    StreamConfiguration r1 = StreamConfiguration.builder()
        .name("EVENTS").subjects("events.>").replicas(1).storageType(StorageType.Memory).build();
    jsm.addStream(r1);
    for (int i = 1; i <= 3; i++) {
      js.publish("events." + i, ("e" + i).getBytes(UTF_8));
    }

    StreamInfo up = jsm.updateStream(StreamConfiguration.builder(r1).replicas(3).build());
    assertThat(up.getConfiguration().getReplicas()).isEqualTo(3);
    StreamInfo three = awaitInfo(jsm, "EVENTS", i -> placed(i).size() == 3 && allCurrent(i));
    assertThat(three.getStreamState().getMsgCount()).isEqualTo(3);
    assertThat(js.publish("events.4", "e4".getBytes(UTF_8)).getSeqno()).isEqualTo(4);

    StreamInfo down = jsm.updateStream(StreamConfiguration.builder(r1).replicas(1).build());
    assertThat(down.getConfiguration().getReplicas()).isEqualTo(1);
    StreamInfo one = awaitInfo(jsm, "EVENTS", i -> i.getClusterInfo().getReplicas() == null
        || i.getClusterInfo().getReplicas().isEmpty());
    assertThat(one.getStreamState().getMsgCount()).isEqualTo(4);
    assertThat(js.publish("events.5", "e5".getBytes(UTF_8)).getSeqno()).isEqualTo(5);
  }
}
