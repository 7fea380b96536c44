package dev.jslab.local.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.protocol.ClientAuth;
import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LocalCluster;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cluster whose nodes require a token or a user and password, with jnats and raw sockets. */
class ClientAuthTest {
  private LocalCluster cluster;

  @AfterEach
  void close() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private void start(ClientAuth auth) {
    cluster =
        LocalCluster.start(
            ClusterSpec.ephemeral(1),
            Clock.systemUTC(),
            0,
            ClientPortOptions.defaults().withAuth(auth));
  }

  private Options.Builder options() {
    return new Options.Builder()
        .server(cluster.clientUrl("n1").orElseThrow())
        .connectionTimeout(Duration.ofSeconds(5))
        .maxReconnects(0)
        .noReconnect();
  }

  /** jnats waits for its connection timeout after the -ERR, as it does with nats-server. */
  private Options.Builder failing() {
    return options().connectionTimeout(Duration.ofSeconds(1));
  }

  private int port() {
    return URI.create(cluster.clientUrl("n1").orElseThrow()).getPort();
  }

  @Test
  void withATokenInfoSaysAuthRequiredAndJnatsWithTheTokenConnects() throws Exception {
    start(ClientAuth.token("s3cret"));
    try (NatsSocketTest.Raw raw = new NatsSocketTest.Raw(port())) {
      assertThat(raw.await("\r\n")).contains("\"auth_required\":true");
    }
    try (Connection nc = Nats.connect(options().token("s3cret".toCharArray()).build())) {
      assertThat(nc.getServerInfo().isAuthRequired()).isTrue();
      nc.flush(Duration.ofSeconds(5));
      assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }
  }

  @Test
  void withATokenAWrongOrMissingTokenFailsWithAuthorizationViolation() {
    start(ClientAuth.token("s3cret"));
    assertThatThrownBy(() -> Nats.connect(failing().token("nope".toCharArray()).build()))
        .hasMessageContaining("Authorization Violation");
    assertThatThrownBy(() -> Nats.connect(failing().build()))
        .hasMessageContaining("Authorization Violation");
  }

  @Test
  void withUserAndPasswordJnatsConnectsWithThemAndFailsWithAWrongPassword() throws Exception {
    start(ClientAuth.userPassword("ann", "pw"));
    try (Connection nc = Nats.connect(options().userInfo("ann", "pw").build())) {
      nc.flush(Duration.ofSeconds(5));
      assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }
    assertThatThrownBy(() -> Nats.connect(failing().userInfo("ann", "px").build()))
        .hasMessageContaining("Authorization Violation");
  }

  @Test
  void aRawClientWithAWrongTokenGetsTheErrorAndIsClosedOthersGoOn() throws Exception {
    start(ClientAuth.token("s3cret"));
    try (NatsSocketTest.Raw good = new NatsSocketTest.Raw(port());
        NatsSocketTest.Raw bad = new NatsSocketTest.Raw(port())) {
      good.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"auth_token\":\"s3cret\"}\r\nPING\r\n").await("PONG\r\n");
      bad.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"auth_token\":\"nope\"}\r\nPING\r\n");
      String text = bad.await("-ERR 'Authorization Violation'\r\n");
      assertThat(text).doesNotContain("PONG");
      assertThat(bad.awaitClose()).isTrue();
      good.send("PING\r\n");
      good.seen.setLength(0);
      good.await("PONG\r\n");
    }
  }
}
