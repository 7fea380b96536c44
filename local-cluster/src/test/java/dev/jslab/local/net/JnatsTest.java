package dev.jslab.local.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LocalCluster;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Java client against a running node. */
class JnatsTest {
  private LocalCluster cluster;
  private Connection nc;

  @BeforeEach
  void start() throws Exception {
    cluster = LocalCluster.start(ClusterSpec.ephemeral(1), Clock.systemUTC());
    nc =
        Nats.connect(
            new Options.Builder()
                .server(cluster.clientUrl("n1").orElseThrow())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    if (nc != null) {
      nc.close();
    }
    cluster.close();
  }

  @Test
  void coreRequestReply() throws Exception {
    var d = nc.createDispatcher(m -> nc.publish(m.getReplyTo(), ("re:" + new String(m.getData())).getBytes()));
    d.subscribe("svc.echo");
    nc.flush(Duration.ofSeconds(5));
    Message reply = nc.request("svc.echo", "hi".getBytes(), Duration.ofSeconds(5));
    assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("re:hi");
  }

  @Test
  void streamPublishPullFetchAndAck() throws Exception {
    JetStreamManagement jsm = nc.jetStreamManagement();
    StreamInfo info =
        jsm.addStream(
            StreamConfiguration.builder()
                .name("ORDERS")
                .subjects("orders.>")
                .storageType(StorageType.Memory)
                .build());
    assertThat(info.getConfiguration().getName()).isEqualTo("ORDERS");

    JetStream js = nc.jetStream();
    PublishAck ack = js.publish("orders.new", "one".getBytes());
    assertThat(ack.getStream()).isEqualTo("ORDERS");
    assertThat(ack.getSeqno()).isEqualTo(1);
    assertThat(js.publish("orders.new", "two".getBytes()).getSeqno()).isEqualTo(2);

    JetStreamSubscription sub =
        js.subscribe(
            "orders.>",
            PullSubscribeOptions.builder()
                .durable("worker")
                .configuration(ConsumerConfiguration.builder().ackWait(Duration.ofSeconds(30)).build())
                .build());
    List<Message> got = sub.fetch(2, Duration.ofSeconds(5));
    assertThat(got).extracting(m -> new String(m.getData())).containsExactly("one", "two");
    for (Message m : got) {
      m.ackSync(Duration.ofSeconds(5));
    }
    var consumer = jsm.getConsumerInfo("ORDERS", "worker");
    assertThat(consumer.getNumAckPending()).isZero();
    assertThat(consumer.getAckFloor().getStreamSequence()).isEqualTo(2);
  }

  @Test
  void pushConsumerDeliversAndAcks() throws Exception {
    nc.jetStreamManagement()
        .addStream(
            StreamConfiguration.builder()
                .name("EVENTS")
                .subjects("events.>")
                .storageType(StorageType.Memory)
                .build());
    JetStream js = nc.jetStream();
    js.publish("events.a", "1".getBytes());
    JetStreamSubscription sub =
        js.subscribe(
            "events.>",
            io.nats.client.PushSubscribeOptions.builder().durable("pusher").build());
    js.publish("events.b", "2".getBytes());
    Message first = sub.nextMessage(Duration.ofSeconds(5));
    Message second = sub.nextMessage(Duration.ofSeconds(5));
    assertThat(first).isNotNull();
    assertThat(second).isNotNull();
    assertThat(new String(first.getData()) + new String(second.getData())).isEqualTo("12");
    first.ackSync(Duration.ofSeconds(5));
    second.ackSync(Duration.ofSeconds(5));
    assertThat(nc.jetStreamManagement().getConsumerInfo("EVENTS", "pusher").getNumAckPending())
        .isZero();
  }

  @Test
  void aKilledNodeDropsItsClientsAndARestartListensOnTheSamePort() throws Exception {
    String url = cluster.clientUrl("n1").orElseThrow();
    nc.close();
    nc = null;
    try (NatsSocketTest.Raw raw = new NatsSocketTest.Raw(java.net.URI.create(url).getPort())) {
      raw.await("\r\n");
      cluster.kill("n1").join();
      assertThat(cluster.clientUrl("n1")).isEmpty();
      long deadline = System.nanoTime() + 10_000_000_000L;
      byte[] buf = new byte[1024];
      int n = 0;
      while (n >= 0) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        try {
          n = raw.in.read(buf);
        } catch (java.net.SocketTimeoutException e) {
          n = 0;
        } catch (java.io.IOException e) {
          n = -1;
        }
      }
    }
    cluster.restart("n1").join();
    assertThat(cluster.clientUrl("n1")).contains(url);
    try (Connection again = Nats.connect(url)) {
      assertThat(again.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }
  }

  @Test
  void keyValuePutGetAndUpdateWithRevision() throws Exception {
    nc.keyValueManagement()
        .create(
            io.nats.client.api.KeyValueConfiguration.builder()
                .name("config")
                .storageType(StorageType.Memory)
                .maxHistoryPerKey(5)
                .build());
    io.nats.client.KeyValue kv = nc.keyValue("config");
    long r1 = kv.put("feature.a", "on".getBytes());
    assertThat(r1).isEqualTo(1);
    assertThat(new String(kv.get("feature.a").getValue())).isEqualTo("on");
    long r2 = kv.update("feature.a", "off".getBytes(), r1);
    assertThat(r2).isEqualTo(2);
    assertThat(new String(kv.get("feature.a").getValue())).isEqualTo("off");
    assertThat(kv.history("feature.a")).hasSize(2);
  }

  @Test
  void objectStorePutAndGetAMultiMegabyteObjectByteIdentical() throws Exception {
    nc.objectStoreManagement()
        .create(
            io.nats.client.api.ObjectStoreConfiguration.builder("artifacts")
                .storageType(StorageType.Memory)
                .build());
    io.nats.client.ObjectStore os = nc.objectStore("artifacts");
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(7).nextBytes(data);
    os.put("build.bin", new java.io.ByteArrayInputStream(data));
    java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream();
    os.get("build.bin", back);
    assertThat(back.toByteArray()).isEqualTo(data);
  }
}
