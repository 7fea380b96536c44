package dev.jslab.local.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LocalCluster;
import dev.jslab.local.cluster.NodeState;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A graceful stop goes through lame-duck mode; a kill does not. */
class LameDuckTest {
  private static final Duration GRACE = Duration.ofMillis(600);
  private static final String CONNECT_P1 = "CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"headers\":true}\r\n";

  private LocalCluster cluster;

  @AfterEach
  void close() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private void start(int nodes) {
    cluster =
        LocalCluster.start(
            ClusterSpec.ephemeral(nodes),
            Clock.systemUTC(),
            0,
            ClientPortOptions.defaults().withLameDuckGrace(GRACE));
  }

  private int port(String node) {
    return URI.create(cluster.clientUrl(node).orElseThrow()).getPort();
  }

  @Test
  void jnatsHearsLameDuckBeforeTheNodeClosesItAfterTheGrace() throws Exception {
    start(1);
    BlockingQueue<ConnectionListener.Events> events = new LinkedBlockingQueue<>();
    try (Connection nc =
        Nats.connect(
            new Options.Builder()
                .server(cluster.clientUrl("n1").orElseThrow())
                .connectionTimeout(Duration.ofSeconds(5))
                .noReconnect()
                .connectionListener((conn, type) -> events.add(type))
                .build())) {
      nc.flush(Duration.ofSeconds(5));
      events.clear();
      long began = System.nanoTime();
      CompletableFuture<?> stopped = cluster.stop("n1");
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo(ConnectionListener.Events.LAME_DUCK);
      assertThat(stopped).isNotDone();
      // still served during the grace
      nc.flush(Duration.ofSeconds(5));
      assertThat(next(events, ConnectionListener.Events.DISCONNECTED)).isTrue();
      stopped.get(10, TimeUnit.SECONDS);
      assertThat(System.nanoTime() - began).isGreaterThanOrEqualTo(GRACE.toNanos());
      assertThat(cluster.snapshot().node("n1").state()).isEqualTo(NodeState.STOPPED);
    }
  }

  @Test
  void jnatsConnectedToAStoppingNodeReconnectsToAnotherNodeItLearnedFromConnectUrls()
      throws Exception {
    start(3);
    BlockingQueue<ConnectionListener.Events> events = new LinkedBlockingQueue<>();
    try (Connection nc =
        Nats.connect(
            new Options.Builder()
                .server(cluster.clientUrl("n1").orElseThrow())
                .connectionTimeout(Duration.ofSeconds(5))
                .reconnectWait(Duration.ofMillis(50))
                .connectionListener((conn, type) -> events.add(type))
                .build())) {
      nc.flush(Duration.ofSeconds(5));
      CompletableFuture<?> stopped = cluster.stop("n1");
      assertThat(next(events, ConnectionListener.Events.LAME_DUCK)).isTrue();
      assertThat(next(events, ConnectionListener.Events.RECONNECTED)).isTrue();
      stopped.get(10, TimeUnit.SECONDS);
      assertThat(nc.getConnectedUrl())
          .isIn(cluster.clientUrl("n2").orElseThrow(), cluster.clientUrl("n3").orElseThrow());
      nc.flush(Duration.ofSeconds(5));
    }
  }

  private static boolean next(BlockingQueue<ConnectionListener.Events> events, ConnectionListener.Events want)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      ConnectionListener.Events e = events.poll(100, TimeUnit.MILLISECONDS);
      if (e == want) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theLameDuckInfoNamesOnlyTheOtherNodesAndNewClientsAreRefused() throws Exception {
    start(3);
    int n1 = port("n1");
    try (NatsSocketTest.Raw c = new NatsSocketTest.Raw(n1);
        NatsSocketTest.Raw other = new NatsSocketTest.Raw(port("n2"))) {
      c.send(CONNECT_P1 + "PING\r\n").await("PONG\r\n");
      other.send(CONNECT_P1 + "PING\r\n").await("PONG\r\n");
      c.seen.setLength(0);
      other.seen.setLength(0);
      CompletableFuture<?> stopped = cluster.stop("n1");
      String info = c.await("} \r\n");
      assertThat(info).startsWith("INFO {").contains("\"ldm\":true");
      assertThat(info)
          .contains("\"connect_urls\":[\"127.0.0.1:" + port("n2") + "\",\"127.0.0.1:" + port("n3") + "\"]");
      // the others stop advertising the node in lame-duck mode
      String update = other.await("} \r\n");
      assertThat(update).doesNotContain("127.0.0.1:" + n1 + "\"").doesNotContain("ldm");
      // no new clients while in lame-duck mode
      assertThat(refused(n1)).isTrue();
      // the existing client is still served, then closed after the grace
      c.send("PING\r\n").await("PONG\r\n");
      assertThat(c.awaitClose()).isTrue();
      stopped.get(10, TimeUnit.SECONDS);
    }
  }

  private static boolean refused(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(1000);
      return s.getInputStream().read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void aKillClosesClientsAtOnceWithoutLameDuck() throws Exception {
    start(2);
    try (NatsSocketTest.Raw c = new NatsSocketTest.Raw(port("n1"))) {
      c.send(CONNECT_P1 + "PING\r\n").await("PONG\r\n");
      c.seen.setLength(0);
      long began = System.nanoTime();
      cluster.kill("n1").get(10, TimeUnit.SECONDS);
      assertThat(System.nanoTime() - began).isLessThan(GRACE.toNanos());
      assertThat(c.awaitClose()).isTrue();
      assertThat(c.seen.toString()).doesNotContain("ldm");
    }
  }

  @Test
  void aKillDuringTheGraceEndsTheStopAndARestartAfterServesAgain() throws Exception {
    start(1);
    try (NatsSocketTest.Raw c = new NatsSocketTest.Raw(port("n1"))) {
      c.send(CONNECT_P1 + "PING\r\n").await("PONG\r\n");
      CompletableFuture<?> stopped = cluster.stop("n1");
      c.await("\"ldm\":true");
      cluster.kill("n1").get(10, TimeUnit.SECONDS);
      stopped.get(10, TimeUnit.SECONDS);
      assertThat(cluster.snapshot().node("n1").state()).isEqualTo(NodeState.KILLED);
    }
    cluster.restart("n1").get(10, TimeUnit.SECONDS);
    try (NatsSocketTest.Raw again = new NatsSocketTest.Raw(port("n1"))) {
      again.send(CONNECT_P1 + "PING\r\n").await("PONG\r\n");
      // the old grace timer must not stop the new node: it keeps serving past that time
      long until = System.nanoTime() + GRACE.toNanos() + 300_000_000L;
      while (System.nanoTime() < until) {
        again.seen.setLength(0);
        again.send("PING\r\n").await("PONG\r\n");
      }
    }
    assertThat(cluster.snapshot().node("n1").state()).isEqualTo(NodeState.RUNNING);
  }

  @Test
  void closingTheClusterDoesNotWaitForLameDuck() {
    start(2);
    long began = System.nanoTime();
    cluster.close();
    assertThat(System.nanoTime() - began).isLessThan(GRACE.toNanos());
    assertThat(List.of(cluster.snapshot().nodes().get(0).state(), cluster.snapshot().nodes().get(1).state()))
        .containsOnly(NodeState.STOPPED);
  }
}
