package dev.jslab.local.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LocalCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Raw TCP clients against a running node. */
class NatsSocketTest {
  private static final String CONNECT =
      "CONNECT {\"verbose\":false,\"headers\":true,\"no_responders\":true}\r\n";

  private LocalCluster cluster;
  private int port;

  @BeforeEach
  void start() {
    cluster = LocalCluster.start(ClusterSpec.ephemeral(1), Clock.systemUTC());
    port = URI.create(cluster.clientUrl("n1").orElseThrow()).getPort();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  /** A raw client reading with a deadline. */
  static final class Raw implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final StringBuilder seen = new StringBuilder();

    Raw(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(200);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    Raw send(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return this;
    }

    /** Reads until the received text contains {@code expected}; returns all text so far. */
    String await(String expected) throws IOException {
      long deadline = System.nanoTime() + 10_000_000_000L;
      byte[] buf = new byte[8192];
      while (!seen.toString().contains(expected)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("did not receive '" + expected + "', got: " + seen);
        }
        try {
          int n = in.read(buf);
          if (n < 0) {
            throw new AssertionError("closed before '" + expected + "', got: " + seen);
          }
          seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        } catch (java.net.SocketTimeoutException e) {
          // poll again until the deadline
        }
      }
      return seen.toString();
    }

    /** Reads until the server closes the connection (true) or 10 s pass (false). */
    boolean awaitClose() throws IOException {
      long deadline = System.nanoTime() + 10_000_000_000L;
      byte[] buf = new byte[8192];
      while (System.nanoTime() < deadline) {
        try {
          int n = in.read(buf);
          if (n < 0) {
            return true;
          }
          seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        } catch (java.net.SocketTimeoutException e) {
          // poll again until the deadline
        } catch (java.net.SocketException e) {
          return true; // reset by the server
        }
      }
      return false;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void infoCarriesAnNkeyServerIdAndA210XKeyAtTheEnd() throws IOException {
    try (Raw c = new Raw(port)) {
      String info = c.await("\r\n");
      assertThat(info)
          .containsPattern("\"server_id\":\"N[A-Z2-7]{55}\",\"server_name\":\"n1\"")
          .containsPattern(",\"xkey\":\"X[A-Z2-7]{55}\"} \r\n$");
    }
  }

  @Test
  void infoArrivesOnConnectAndPingIsAnsweredWithPong() throws IOException {
    try (Raw c = new Raw(port)) {
      String info = c.await("\r\n");
      assertThat(info).startsWith("INFO {").contains("\"server_name\":\"n1\"");
      assertThat(info).contains("\"port\":" + port).contains("\"client_id\":");
      c.send(CONNECT + "PING\r\n");
      c.await("PONG\r\n");
    }
  }

  @Test
  void aSubscriberGetsWhatAnotherClientPublishes() throws IOException {
    try (Raw sub = new Raw(port);
        Raw pub = new Raw(port)) {
      sub.send(CONNECT + "SUB greet.* 7\r\nPING\r\n").await("PONG\r\n");
      pub.send(CONNECT + "PUB greet.joe 5\r\nhello\r\nPING\r\n").await("PONG\r\n");
      sub.await("MSG greet.joe 7 5\r\nhello\r\n");
    }
  }

  @Test
  void aRequestNobodyAnswersGetsNoResponders() throws IOException {
    try (Raw c = new Raw(port)) {
      c.send(CONNECT + "SUB _INBOX.x 1\r\nPUB nobody.home _INBOX.x 2\r\nhi\r\n");
      c.await("HMSG _INBOX.x 1 16 16\r\nNATS/1.0 503\r\n\r\n\r\n");
    }
  }

  @Test
  void aStreamIsCreatedAndAPublishIsAcknowledgedOverTheWire() throws IOException {
    try (Raw c = new Raw(port)) {
      String config = "{\"name\":\"S\",\"subjects\":[\"s.>\"],\"storage\":\"memory\"}";
      c.send(CONNECT + "SUB _INBOX.api 1\r\n");
      c.send("PUB $JS.API.STREAM.CREATE.S _INBOX.api " + config.length() + "\r\n" + config + "\r\n");
      String created = c.await("\"type\":\"io.nats.jetstream.api.v1.stream_create_response\"");
      assertThat(created).contains("\"name\":\"S\"").doesNotContain("\"error\"");
      c.send("SUB _INBOX.ack 2\r\nPUB s.a _INBOX.ack 3\r\none\r\n");
      String acked = c.await("MSG _INBOX.ack 2");
      acked = c.await("}\r\n");
      assertThat(acked.substring(acked.indexOf("MSG _INBOX.ack 2")))
          .contains("\"stream\":\"S\"")
          .contains("\"seq\":1");
    }
  }

  @Test
  void anApiRequestIsAuditedToASubscriberOfTheAuditAdvisory() throws IOException {
    try (Raw watcher = new Raw(port);
        Raw c = new Raw(port)) {
      watcher.send(CONNECT + "SUB $JS.EVENT.> 9\r\nPING\r\n").await("PONG\r\n");
      c.send(CONNECT + "SUB _INBOX.api 1\r\nPUB $JS.API.INFO _INBOX.api 0\r\n\r\n");
      c.await("account_info_response");
      String audit = watcher.await("\"type\":\"io.nats.jetstream.advisory.v1.api_audit\"");
      audit = watcher.await("\"}\r\n");
      assertThat(audit)
          .contains("MSG $JS.EVENT.ADVISORY.API 9 ")
          .containsPattern("\"server\":\"n1\",\"client\":\\{\"acc\":\"\\$G\",\"rtt\":[1-9][0-9]*,\"server\":\"n1\"}")
          .contains("\"subject\":\"$JS.API.INFO\"")
          .contains("io.nats.jetstream.api.v1.account_info_response");
    }
  }

  @Test
  void closingTheClusterReleasesThePort() throws IOException {
    cluster.close();
    try (java.net.ServerSocket again = new java.net.ServerSocket()) {
      again.setReuseAddress(true);
      again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }
}
