package dev.jslab.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientSessionTest {
  private static final String CONNECT_QUIET = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n";

  @Test
  void connectOptionsAreKept() {
    Wire.Client c = new Wire(1).client();
    c.send(
        "CONNECT {\"verbose\":true,\"pedantic\":true,\"echo\":false,\"headers\":true,"
            + "\"no_responders\":true,\"name\":\"n\",\"lang\":\"java\",\"version\":\"2.26.2\"}\r\n");
    ConnectOptions o = c.session.options();
    assertThat(o)
        .isEqualTo(new ConnectOptions(true, true, false, true, true, "n", "java", "2.26.2", null, null, null, 0));
    assertThat(c.take()).isEqualTo("+OK\r\n");
    assertThat(c.session.isConnected()).isTrue();
  }

  @Test
  void theRoundTripIsFirstEstimatedAsTheTimeFromOpeningToConnect() {
    Wire.Client c = new Wire(1).client();
    long[] open = {0};
    c.session.setSinceOpened(() -> open[0]);
    assertThat(c.session.rttNanos()).isZero();
    open[0] = 310_000;
    c.send(CONNECT_QUIET);
    assertThat(c.session.rttNanos()).isEqualTo(310_000);
    open[0] = 0;
    c.send(CONNECT_QUIET);
    assertThat(c.session.rttNanos()).isEqualTo(1);
  }

  @Test
  void aConnectFieldOfTheWrongTypeClosesWithoutAnError() {
    Wire.Client c = new Wire(1).client();
    c.send("CONNECT {\"verbose\":\"yes\"}\r\n");
    assertThat(c.take()).isEmpty();
    assertThat(c.closed()).isTrue();
  }

  @Test
  void aConnectThatIsNotAnObjectClosesWithoutAnError() {
    Wire.Client c = new Wire(1).client();
    c.send("CONNECT [1]\r\n");
    assertThat(c.take()).isEmpty();
    assertThat(c.closed()).isTrue();
  }

  @Test
  void withATokenConfiguredTheRightTokenIsAccepted() {
    Wire.Client c = new Wire(1, ClientAuth.token("s3cret")).client();
    c.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"auth_token\":\"s3cret\"}\r\nPING\r\n");
    assertThat(c.take()).isEqualTo("PONG\r\n");
    assertThat(c.closed()).isFalse();
  }

  @Test
  void withATokenConfiguredAWrongTokenIsAnAuthorizationViolation() {
    Wire.Client c = new Wire(1, ClientAuth.token("s3cret")).client();
    c.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"auth_token\":\"nope\"}\r\nPING\r\n");
    assertThat(c.take()).isEqualTo("-ERR 'Authorization Violation'\r\n");
    assertThat(c.closed()).isTrue();
  }

  @Test
  void withUserAndPasswordConfiguredBothMustMatch() {
    Wire wire = new Wire(1, ClientAuth.userPassword("ann", "pw"));
    Wire.Client good = wire.client().send("CONNECT {\"verbose\":false,\"pedantic\":false,\"user\":\"ann\",\"pass\":\"pw\"}\r\nPING\r\n");
    Wire.Client bad = wire.client().send("CONNECT {\"verbose\":false,\"pedantic\":false,\"user\":\"ann\",\"pass\":\"px\"}\r\n");
    assertThat(good.take()).isEqualTo("PONG\r\n");
    assertThat(bad.take()).isEqualTo("-ERR 'Authorization Violation'\r\n");
    assertThat(bad.closed()).isTrue();
  }

  @Test
  void withAuthConfiguredAPingBeforeConnectIsAnAuthorizationViolation() {
    Wire.Client c = new Wire(1, ClientAuth.token("t")).client();
    c.send("PING\r\n");
    assertThat(c.take()).isEqualTo("-ERR 'Authorization Violation'\r\n");
    assertThat(c.closed()).isTrue();
  }

  @Test
  void aClientErrClosesTheConnectionSilently() {
    Wire.Client c = new Wire(1).client().send(CONNECT_QUIET + "-ERR 'bye'\r\n");
    assertThat(c.take()).isEmpty();
    assertThat(c.closed()).isTrue();
  }

  @Test
  void aSubscriptionToAnInvalidSubjectIsRefusedButTheConnectionStays() {
    Wire.Client c = new Wire(1).client().send(CONNECT_QUIET + "SUB a..b 1\r\nPING\r\n");
    assertThat(c.take()).isEqualTo("-ERR 'Invalid Subject'\r\nPONG\r\n");
    assertThat(c.session.subscriptions()).isEmpty();
  }

  @Test
  void aSecondSubWithTheSameSidKeepsTheFirst() {
    Wire.Client c = new Wire(1).client().send(CONNECT_QUIET + "SUB a 1\r\nSUB b 1\r\n");
    assertThat(c.session.subscriptions()).singleElement().extracting(Subscription::subject).isEqualTo("a");
  }

  @Test
  void closingDropsEverySubscriptionFromTheRouter() {
    Wire wire = new Wire(1);
    Wire.Client c = wire.client().send(CONNECT_QUIET + "SUB a 1\r\nSUB b q 2\r\n");
    assertThat(wire.router.size()).isEqualTo(2);
    c.session.close("gone");
    assertThat(wire.router.size()).isZero();
    assertThat(c.closed()).isTrue();
    c.send("PING\r\n");
    assertThat(c.take()).isEmpty();
  }

  @Test
  void aViolationDropsTheSubscriptionsOfTheOffendingConnection() {
    Wire wire = new Wire(1);
    wire.client().send(CONNECT_QUIET + "SUB a 1\r\nFOO\r\n");
    assertThat(wire.router.size()).isZero();
  }

  @Test
  void aMaxControlLineViolationIsReportedAsNatsServerWordsIt() {
    Wire.Client c = new Wire(1).client(1024, 16);
    c.send("SUB " + "x".repeat(40) + " 1\r\n");
    assertThat(c.take()).isEqualTo("-ERR 'maximum control line exceeded'\r\n");
    assertThat(c.closed()).isTrue();
  }

  @Test
  void aPublishToAWildcardReachesTheSubscriptionsItMatchesTokenForTokenAsNatsServer() {
    Wire wire = new Wire(1);
    Wire.Client star = wire.client().send(CONNECT_QUIET + "SUB a.* 1\r\n");
    Wire.Client literal = wire.client().send(CONNECT_QUIET + "SUB a.b 1\r\n");
    Wire.Client pub = wire.client().send(CONNECT_QUIET + "PUB a.* 1\r\nx\r\n");
    assertThat(star.take()).isEqualTo("MSG a.* 1 1\r\nx\r\n");
    assertThat(literal.take()).isEmpty();
    assertThat(pub.take()).isEmpty();
  }

  @Test
  void aPedanticPublishToAWildcardIsAnErrorAndIsStillDeliveredAsNatsServer() {
    Wire wire = new Wire(1);
    Wire.Client star = wire.client().send(CONNECT_QUIET + "SUB a.* 1\r\n");
    Wire.Client pub = wire.client().send("CONNECT {\"verbose\":false}\r\nPUB a.* 1\r\nx\r\nPING\r\n");
    assertThat(pub.take()).isEqualTo("-ERR 'Invalid Publish Subject'\r\nPONG\r\n");
    assertThat(pub.closed()).isFalse();
    assertThat(star.take()).isEqualTo("MSG a.* 1 1\r\nx\r\n");
  }

  @Test
  void aClientIsVerboseUntilItsConnectSaysOtherwiseAsNatsServer() {
    assertThat(new Wire(1).client().send("SUB a 1\r\nPING\r\n").take()).isEqualTo("+OK\r\nPONG\r\n");
    assertThat(new Wire(1).client().send("CONNECT {}\r\nSUB a 1\r\nPING\r\n").take())
        .isEqualTo("+OK\r\n+OK\r\nPONG\r\n");
  }

  @Test
  void withAuthConfiguredTheFirstByteOfAnythingButConnectIsAnAuthorizationViolation() {
    Wire.Client c = new Wire(1, ClientAuth.token("t")).client();
    c.send("P");
    assertThat(c.take()).isEqualTo("-ERR 'Authorization Violation'\r\n");
    assertThat(c.closed()).isTrue();
  }

  @Test
  void withAuthConfiguredABrokenConnectIsAnUnknownProtocolOperation() {
    Wire.Client c = new Wire(1, ClientAuth.token("t")).client();
    c.send("CX");
    assertThat(c.take()).isEqualTo("-ERR 'Unknown Protocol Operation'\r\n");
    assertThat(c.closed()).isTrue();
  }

  @Test
  void trailingDataAfterTheConnectJsonClosesWithoutAnError() {
    Wire.Client c = new Wire(1).client().send("CONNECT {\"verbose\":false,\"pedantic\":false} x\r\nPING\r\n");
    assertThat(c.take()).isEmpty();
    assertThat(c.closed()).isTrue();
  }

  @Test
  void aNullConnectKeepsTheDefaultsAsGoDoes() {
    Wire.Client c = new Wire(1).client().send("CONNECT null\r\nPING\r\n");
    assertThat(c.take()).isEqualTo("+OK\r\nPONG\r\n");
    assertThat(c.session.options()).isEqualTo(ConnectOptions.defaults());
  }

  @Test
  void aProtocolOneClientGetsTheHostsUpdatedInfoBeforeItsFirstPongOnly() {
    Wire.Client c = new Wire(1).client();
    c.session.setInfoOnFirstPing(() -> "INFO {\"x\":1} \r\n".getBytes());
    assertThat(c.session.takesAsyncInfo()).isFalse();
    c.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1}\r\nPING\r\nPING\r\n");
    assertThat(c.take()).isEqualTo("INFO {\"x\":1} \r\nPONG\r\nPONG\r\n");
    assertThat(c.session.options().protocol()).isEqualTo(1);
    assertThat(c.session.takesAsyncInfo()).isTrue();
  }

  @Test
  void aProtocolZeroClientNeverTakesAsyncInfo() {
    Wire.Client c = new Wire(1).client();
    c.session.setInfoOnFirstPing(() -> "INFO {} \r\n".getBytes());
    c.send("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nPING\r\n");
    assertThat(c.take()).isEqualTo("PONG\r\n");
    assertThat(c.session.takesAsyncInfo()).isFalse();
  }

  @Test
  void aProtocolThatIsNotAnIntClosesWithoutAnError() {
    Wire.Client c = new Wire(1).client();
    c.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":\"1\"}\r\n");
    assertThat(c.take()).isEmpty();
    assertThat(c.closed()).isTrue();
  }
}
