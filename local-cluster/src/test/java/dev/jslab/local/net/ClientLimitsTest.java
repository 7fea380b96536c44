package dev.jslab.local.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LocalCluster;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** nats-server's per-client limits over real sockets: the offender is told and closed, nobody else. */
class ClientLimitsTest {
  private static final String CONNECT =
      "CONNECT {\"verbose\":false,\"headers\":true,\"no_responders\":true}\r\n";
  private static final String STREAM =
      "{\"name\":\"S\",\"subjects\":[\"s.>\"],\"storage\":\"memory\"}";

  private LocalCluster cluster;

  @AfterEach
  void close() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private int start(ClientPortOptions options) {
    cluster = LocalCluster.start(ClusterSpec.ephemeral(1), Clock.systemUTC(), 0, options);
    return URI.create(cluster.clientUrl("n1").orElseThrow()).getPort();
  }

  @Test
  void aConnectionOverMaxConnectionsGetsInfoThenTheErrorAndIsClosedOthersGoOn() throws Exception {
    int port = start(ClientPortOptions.defaults().withMaxConnections(2));
    try (NatsSocketTest.Raw a = new NatsSocketTest.Raw(port);
        NatsSocketTest.Raw b = new NatsSocketTest.Raw(port)) {
      a.send(CONNECT + "SUB greet 1\r\nPING\r\n").await("PONG\r\n");
      b.send(CONNECT + "PING\r\n").await("PONG\r\n");
      try (NatsSocketTest.Raw extra = new NatsSocketTest.Raw(port)) {
        extra.send(CONNECT + "PING\r\n");
        String text = extra.await("-ERR 'maximum connections exceeded'\r\n");
        assertThat(text).startsWith("INFO {").doesNotContain("PONG");
        assertThat(extra.awaitClose()).isTrue();
      }
      b.send("PUB greet 2\r\nhi\r\nPING\r\n").await("PONG\r\n");
      a.await("MSG greet 1 2\r\nhi\r\n");
    }
    // once the others left, a new client is taken again (after the listener saw them go)
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!accepted(port)) {
      assertThat(System.nanoTime()).as("a freed slot is never taken").isLessThan(deadline);
    }
  }

  /** Whether a new client gets its PONG (true) or the max-connections error (false). */
  private static boolean accepted(int port) throws Exception {
    try (NatsSocketTest.Raw c = new NatsSocketTest.Raw(port)) {
      c.send(CONNECT + "PING\r\n");
      byte[] buf = new byte[4096];
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (System.nanoTime() < deadline) {
        String text = c.seen.toString();
        if (text.contains("PONG")) {
          return true;
        }
        if (text.contains("-ERR")) {
          return false;
        }
        try {
          int n = c.in.read(buf);
          if (n < 0) {
            return false;
          }
          c.seen.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (java.net.SocketTimeoutException e) {
          // poll again until the deadline
        }
      }
      return false;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void jnatsOverMaxConnectionsCannotConnectAndTheConnectedClientGoesOn() throws Exception {
    int port = start(ClientPortOptions.defaults().withMaxConnections(1));
    try (NatsSocketTest.Raw a = new NatsSocketTest.Raw(port)) {
      a.send(CONNECT + "PING\r\n").await("PONG\r\n");
      assertThatThrownBy(
              () ->
                  Nats.connect(
                      new Options.Builder()
                          .server("nats://127.0.0.1:" + port)
                          .connectionTimeout(Duration.ofSeconds(1))
                          .noReconnect()
                          .build()))
          // jnats reports this the same way against nats-server 2.9.10 with max_connections: 1
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("Unable to connect to NATS servers");
      a.send("PING\r\n").await("PONG\r\nPONG\r\n");
    }
  }

  @Test
  void aPublishOverMaxPayloadIsAViolationThatClosesOnlyThePublisherAndStoredDataIsIntact()
      throws Exception {
    int port = start(ClientPortOptions.defaults());
    try (NatsSocketTest.Raw admin = new NatsSocketTest.Raw(port);
        NatsSocketTest.Raw big = new NatsSocketTest.Raw(port)) {
      admin.send(CONNECT + "SUB _INBOX.> 1\r\n");
      admin.send("PUB $JS.API.STREAM.CREATE.S _INBOX.c " + STREAM.length() + "\r\n" + STREAM + "\r\n");
      admin.await("stream_create_response");
      admin.send("PUB s.one _INBOX.a1 3\r\none\r\n").await("\"seq\":1");
      big.send(CONNECT + "PING\r\n").await("PONG\r\n");
      big.seen.setLength(0);
      int size = 1024 * 1024 + 1;
      // nats-server judges the size on the control line, before any payload arrives
      big.send("PUB s.two " + size + "\r\nPING\r\n");
      assertThat(big.await("-ERR 'Maximum Payload Violation'\r\n")).doesNotContain("PONG");
      assertThat(big.awaitClose()).isTrue();
      admin.seen.setLength(0);
      admin.send("PUB $JS.API.STREAM.INFO.S _INBOX.i 0\r\n\r\n");
      String info = admin.await("\"consumer_count\"");
      assertThat(info).contains("\"messages\":1").contains("\"last_seq\":1");
      admin.seen.setLength(0);
      admin.send("PUB s.three _INBOX.a3 5\r\nthree\r\n").await("\"seq\":2");
    }
  }

  @Test
  void aPublishOfExactlyMaxPayloadIsStored() throws Exception {
    int port = start(ClientPortOptions.defaults());
    try (NatsSocketTest.Raw c = new NatsSocketTest.Raw(port)) {
      c.send(CONNECT + "SUB _INBOX.> 1\r\n");
      c.send("PUB $JS.API.STREAM.CREATE.S _INBOX.c " + STREAM.length() + "\r\n" + STREAM + "\r\n");
      c.await("stream_create_response");
      int size = 1024 * 1024;
      c.send("PUB s.max _INBOX.a " + size + "\r\n" + "y".repeat(size) + "\r\n");
      c.await("\"seq\":1");
      assertThat(c.seen.toString()).doesNotContain("-ERR");
    }
  }

  @Test
  void aControlLineOverTheLimitIsAViolationThatClosesOnlyThatClient() throws Exception {
    int port = start(ClientPortOptions.defaults());
    try (NatsSocketTest.Raw other = new NatsSocketTest.Raw(port);
        NatsSocketTest.Raw bad = new NatsSocketTest.Raw(port)) {
      other.send(CONNECT + "SUB greet 1\r\nPING\r\n").await("PONG\r\n");
      bad.send(CONNECT + "PING\r\n").await("PONG\r\n");
      bad.seen.setLength(0);
      bad.send("SUB " + "x".repeat(5000) + " 1\r\nPING\r\n");
      assertThat(bad.await("-ERR 'maximum control line exceeded'\r\n")).doesNotContain("PONG");
      assertThat(bad.awaitClose()).isTrue();
      other.send("PUB greet 2\r\nok\r\n").await("MSG greet 1 2\r\nok\r\n");
    }
  }
}
