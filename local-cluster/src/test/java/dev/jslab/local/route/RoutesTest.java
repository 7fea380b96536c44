package dev.jslab.local.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LinkTraffic;
import dev.jslab.local.cluster.LocalCluster;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routes between the nodes of a 3-node cluster, seen by the official Java client. */
class RoutesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private LocalCluster cluster;
  private final List<Connection> connections = new ArrayList<>();

  @BeforeEach
  void start() {
    cluster = LocalCluster.start(ClusterSpec.ephemeral(3), Clock.systemUTC());
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Connection c : connections) {
      c.close();
    }
    cluster.close();
  }

  private Connection connect(String node) throws Exception {
    Connection nc =
        Nats.connect(
            new Options.Builder()
                .server(cluster.clientUrl(node).orElseThrow())
                .connectionTimeout(WAIT)
                .maxReconnects(0)
                .ignoreDiscoveredServers()
                .errorListener(new io.nats.client.ErrorListener() {})
                .build());
    connections.add(nc);
    return nc;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Message m) {
    return new String(m.getData(), StandardCharsets.UTF_8);
  }

  private static BlockingQueue<Message> subscribe(Connection nc, String subject) throws Exception {
    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    nc.createDispatcher(got::add).subscribe(subject);
    nc.flush(WAIT);
    return got;
  }

  private static Message next(BlockingQueue<Message> queue) throws InterruptedException {
    Message m = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(m).as("a message within " + WAIT).isNotNull();
    return m;
  }

  @Test
  void aSubscriberOnOneNodeGetsWhatAClientOnAnotherNodePublishes() throws Exception {
    BlockingQueue<Message> got = subscribe(connect("n1"), "news.>");
    Connection publisher = connect("n3");

    publisher.publish("news.eu", bytes("hello"));

    Message m = next(got);
    assertThat(m.getSubject()).isEqualTo("news.eu");
    assertThat(text(m)).isEqualTo("hello");
  }

  private LinkTraffic traffic(String from, String to) {
    return cluster.linkTraffic().stream()
        .filter(t -> t.from().equals(from) && t.to().equals(to))
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing crossed " + from + "->" + to));
  }

  @Test
  void aSlowLinkDelaysWhatCrossesItAndALossyOneDropsIt() throws Exception {
    Connection n1 = connect("n1");
    Connection n2 = connect("n2");
    n2.createDispatcher(m -> n2.publish(m.getReplyTo(), m.getData())).subscribe("echo");
    n2.flush(WAIT);
    cluster.setLinkFaults(List.of("n1"), List.of("n2"), dev.jslab.local.sim.LinkFaults.latency(150_000_000));

    long start = System.nanoTime();
    Message answer = n1.request("echo", bytes("ping"), WAIT);
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(text(answer)).isEqualTo("ping");
    assertThat(tookMillis).as("two crossings of a 150 ms link").isGreaterThanOrEqualTo(300);
    LinkTraffic there = traffic("n1", "n2");
    assertThat(there.routedSent()).isGreaterThanOrEqualTo(1);
    assertThat(there.routedDelivered()).isGreaterThanOrEqualTo(1);
    assertThat(traffic("n2", "n1").routedDelivered()).isGreaterThanOrEqualTo(1);

    cluster.setLinkFaults(List.of("n1"), List.of("n2"), dev.jslab.local.sim.LinkFaults.NONE.withLoss(1.0));
    BlockingQueue<Message> got = subscribe(n2, "lost.>");
    n1.publish("lost.1", bytes("gone"));
    n1.flush(WAIT);
    assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(traffic("n1", "n2").routedDropped()).isGreaterThanOrEqualTo(1);
    cluster.setLinkFaults(List.of("n1"), List.of("n2"), dev.jslab.local.sim.LinkFaults.NONE);
    n1.publish("lost.2", bytes("back"));
    assertThat(text(next(got))).isEqualTo("back");
  }

  @Test
  void aRequestOnOneNodeIsAnsweredByAResponderOnAnother() throws Exception {
    Connection responder = connect("n2");
    responder
        .createDispatcher(m -> responder.publish(m.getReplyTo(), bytes("re:" + text(m))))
        .subscribe("svc.echo");
    responder.flush(WAIT);
    Connection requester = connect("n1");

    Message reply = requester.request("svc.echo", bytes("hi"), WAIT);

    assertThat(reply).isNotNull();
    assertThat(text(reply)).isEqualTo("re:hi");
  }

  @Test
  void aQueueGroupWithMembersOnTwoNodesGetsEachMessageExactlyOnce() throws Exception {
    int count = 200;
    Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> perNode = new ConcurrentHashMap<>();
    CountDownLatch all = new CountDownLatch(count);
    CountDownLatch markers = new CountDownLatch(2);
    for (String node : List.of("n1", "n2")) {
      Connection member = connect(node);
      // one dispatcher per member: the marker comes after every copy routed to it before
      Dispatcher d =
          member.createDispatcher(
              m -> {
                if (m.getSubject().equals("work.done")) {
                  markers.countDown();
                  return;
                }
                copies.computeIfAbsent(text(m), k -> new AtomicInteger()).incrementAndGet();
                perNode.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
                all.countDown();
              });
      d.subscribe("work.items", "workers");
      d.subscribe("work.done");
      member.flush(WAIT);
    }
    Connection publisher = connect("n3");

    for (int i = 0; i < count; i++) {
      publisher.publish("work.items", bytes("item-" + i));
    }
    publisher.publish("work.done", bytes(""));

    assertThat(all.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(markers.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(copies).hasSize(count);
    assertThat(copies.values()).allMatch(c -> c.get() == 1);
    assertThat(perNode.keySet()).containsExactlyInAnyOrder("n1", "n2");
  }

  @Test
  void aQueueGroupPrefersItsMemberOnThePublishersNode() throws Exception {
    BlockingQueue<Message> remote = new LinkedBlockingQueue<>();
    Connection far = connect("n2");
    Dispatcher farDispatcher = far.createDispatcher(remote::add);
    farDispatcher.subscribe("jobs", "workers");
    farDispatcher.subscribe("jobs.done");
    far.flush(WAIT);
    Connection near = connect("n1");
    BlockingQueue<Message> local = new LinkedBlockingQueue<>();
    near.createDispatcher(local::add).subscribe("jobs", "workers");
    near.flush(WAIT);

    for (int i = 0; i < 20; i++) {
      near.publish("jobs", bytes("job-" + i));
    }
    near.publish("jobs.done", bytes(""));

    assertThat(next(remote).getSubject()).as("only the marker crossed").isEqualTo("jobs.done");
    for (int i = 0; i < 20; i++) {
      assertThat(text(next(local))).isEqualTo("job-" + i);
    }
  }

  @Test
  void aRequestNobodyServesAnywhereStillMeetsNoRespondersFast() throws Exception {
    subscribe(connect("n2"), "elsewhere");
    Connection requester = connect("n1");

    long started = System.nanoTime();
    assertThatThrownBy(() -> requester.request("nobody.home", bytes("?")).get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aSubscriberCutOffByAPartitionMissesMessagesUntilTheNetworkHeals() throws Exception {
    BlockingQueue<Message> got = subscribe(connect("n3"), "ticks");
    Connection publisher = connect("n1");
    publisher.publish("ticks", bytes("before"));
    assertThat(text(next(got))).isEqualTo("before");

    cluster.partition(List.of(List.of("n1", "n2"), List.of("n3")));
    publisher.publish("ticks", bytes("during"));
    publisher.flush(WAIT); // n1 has handed "during" to the network before the heal below
    cluster.heal();
    publisher.publish("ticks", bytes("after"));

    // a link delivers in order, so "during" would have come before "after"
    assertThat(text(next(got))).isEqualTo("after");
    assertThat(got).isEmpty();
  }

  @Test
  void aKilledNodesSubscribersStopCountingAsInterestUntilItsClientsSubscribeAgain()
      throws Exception {
    Connection responder = connect("n2");
    responder
        .createDispatcher(m -> responder.publish(m.getReplyTo(), bytes("pong")))
        .subscribe("svc.ping");
    responder.flush(WAIT);
    Connection requester = connect("n1");
    assertThat(text(requester.request("svc.ping", bytes(""), WAIT))).isEqualTo("pong");

    cluster.kill("n2").join();

    assertThatThrownBy(() -> requester.request("svc.ping", bytes("")).get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(java.util.concurrent.CancellationException.class);

    cluster.restart("n2").join();
    Connection again = connect("n2");
    again.createDispatcher(m -> again.publish(m.getReplyTo(), bytes("pong again"))).subscribe("svc.ping");
    again.flush(WAIT);
    assertThat(text(requester.request("svc.ping", bytes(""), WAIT))).isEqualTo("pong again");
  }
}
