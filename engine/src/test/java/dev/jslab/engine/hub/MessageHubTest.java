package dev.jslab.engine.hub;

import java.util.Set;
import java.util.List;
import java.util.ArrayList;
import dev.jslab.engine.route.Routes;
import dev.jslab.engine.route.RoutedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.node.JetStreamNode;
import dev.jslab.engine.node.NodeConfig;
import dev.jslab.engine.node.NodeEnvironment;
import dev.jslab.engine.protocol.ClientAuth;
import dev.jslab.engine.protocol.ClientSession;
import dev.jslab.engine.protocol.SessionOutput;
import dev.jslab.engine.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageHubTest {
  private static final String CONNECT = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true}\r\n";
  private static final String CONFIG =
      "{\"name\":\"S\",\"subjects\":[\"s.>\"],\"storage\":\"memory\"}";

  @TempDir Path dir;

  private final VirtualScheduler scheduler = new VirtualScheduler(1_700_000_000_000_000_000L);
  private final MessageHub hub = new MessageHub(new SplittableRandom(1));
  private JetStreamNode node;

  @BeforeEach
  void open() {
    NodeEnvironment env =
        new NodeEnvironment(
            scheduler, hub::send, new SplittableRandom(2), SyncPolicy.ALWAYS, "", hub::hasInterest);
    node = JetStreamNode.open(new NodeConfig("n1", dir.resolve("n1")), env);
    hub.attach(node, new JsApi(node.jetStream(), scheduler, hub::send, "", "n1"));
  }

  @AfterEach
  void close() {
    node.close();
  }

  private ClientSession client(String text) {
    ClientSession s = new ClientSession(1, hub, ClientAuth.none());
    send(s, text);
    return s;
  }

  private void send(ClientSession s, String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    hub.receive(s, b, 0, b.length);
  }

  private static String take(ClientSession s) {
    StringBuilder out = new StringBuilder();
    for (SessionOutput o : s.drainOutputs()) {
      if (o instanceof SessionOutput.Write w) {
        out.append(w.text());
      }
    }
    return out.toString();
  }

  @Test
  void apiRequestsAreAnsweredAndStreamPublishesAcknowledged() {
    ClientSession c = client(CONNECT + "SUB _INBOX.> 1\r\n");
    send(c, "PUB $JS.API.STREAM.CREATE.S _INBOX.a " + CONFIG.length() + "\r\n" + CONFIG + "\r\n");
    assertThat(take(c)).startsWith("MSG _INBOX.a 1 ").contains("stream_create_response");
    send(c, "PUB s.x _INBOX.b 2\r\nhi\r\n");
    assertThat(take(c)).startsWith("MSG _INBOX.b 1 ").contains("\"stream\":\"S\"", "\"seq\":1");
  }

  @Test
  void aRequestNobodyTakesMeetsNoResponders() {
    ClientSession c = client(CONNECT + "SUB _INBOX.> 1\r\nPUB nobody _INBOX.c 0\r\n\r\n");
    assertThat(take(c)).isEqualTo("HMSG _INBOX.c 1 16 16\r\nNATS/1.0 503\r\n\r\n\r\n");
  }

  @Test
  void aStreamPublishAlsoReachesCoreSubscribersWithoutA503() {
    ClientSession c = client(CONNECT + "SUB _INBOX.> 1\r\n");
    send(c, "PUB $JS.API.STREAM.CREATE.S _INBOX.a " + CONFIG.length() + "\r\n" + CONFIG + "\r\n");
    take(c);
    ClientSession watcher = client(CONNECT + "SUB s.* 9\r\n");
    send(c, "PUB s.y _INBOX.d 1\r\nz\r\n");
    assertThat(take(watcher)).isEqualTo("MSG s.y 9 _INBOX.d 1\r\nz\r\n");
    assertThat(take(c)).doesNotContain("503").contains("\"seq\":1");
  }

  @Test
  void interestFollowsSubscriptions() {
    ClientSession c = client(CONNECT + "SUB deliver.here 1\r\n");
    assertThat(hub.hasInterest("deliver.here")).isTrue();
    send(c, "UNSUB 1\r\n");
    assertThat(hub.hasInterest("deliver.here")).isFalse();
  }

  private ClientSession pushConsumerOn(String deliver) {
    ClientSession admin = client(CONNECT + "SUB _INBOX.> 1\r\n");
    send(admin, "PUB $JS.API.STREAM.CREATE.S _INBOX.a " + CONFIG.length() + "\r\n" + CONFIG + "\r\n");
    String create =
        "{\"stream_name\":\"S\",\"config\":{\"durable_name\":\"C\",\"deliver_subject\":\""
            + deliver
            + "\",\"ack_policy\":\"none\"}}";
    send(admin, "PUB $JS.API.CONSUMER.CREATE.S.C _INBOX.b " + create.length() + "\r\n" + create + "\r\n");
    assertThat(take(admin)).contains("consumer_create_response").doesNotContain("\"error\"");
    return admin;
  }

  private boolean pushBound() {
    return node.jetStream().consumer("S", "C").orElseThrow().isActive();
  }

  @Test
  void anAutoUnsubscribeThatReachesItsMaxEndsPushConsumerInterestAsAnUnsubDoes() {
    ClientSession admin = pushConsumerOn("deliver.auto");
    ClientSession subscriber = client(CONNECT + "SUB deliver.auto 5\r\nUNSUB 5 2\r\n");
    assertThat(pushBound()).isTrue();
    send(admin, "PUB s.1 0\r\n\r\nPUB s.2 0\r\n\r\n");
    scheduler.runDue();
    assertThat(take(subscriber)).contains("MSG s.1 5 ", "MSG s.2 5 ");
    assertThat(hub.hasInterest("deliver.auto")).isFalse();
    assertThat(pushBound()).as("push_bound after the auto-unsubscribe").isFalse();
    // nothing more is delivered once the subscription ended
    send(admin, "PUB s.3 0\r\n\r\nPUB s.4 0\r\n\r\n");
    scheduler.runDue();
    assertThat(take(subscriber)).isEmpty();
    // a new subscription brings interest back, as after an explicit UNSUB
    ClientSession again = client(CONNECT + "SUB deliver.auto 6\r\n");
    scheduler.runDue();
    assertThat(pushBound()).isTrue();
    assertThat(take(again)).contains("MSG s.3 6 ", "MSG s.4 6 ");
  }

  @Test
  void anExplicitUnsubEndsPushConsumerInterest() {
    pushConsumerOn("deliver.explicit");
    ClientSession subscriber = client(CONNECT + "SUB deliver.explicit 5\r\n");
    assertThat(pushBound()).isTrue();
    send(subscriber, "UNSUB 5\r\n");
    assertThat(pushBound()).isFalse();
  }

  /** Routes that record what the hub forwards and announces; {@code remote} says another node wants all. */
  private static final class RecordingRoutes implements Routes {
    final List<String> forwarded = new ArrayList<>();
    final List<String> subscriptions = new ArrayList<>();
    Set<String> internal = Set.of();
    boolean remote;

    @Override
    public void subscriptionChanged(String subject, String queue, boolean added) {
      subscriptions.add((added ? "+" : "-") + subject + (queue == null ? "" : " " + queue));
    }

    @Override
    public void internalInterest(Set<String> subjects) {
      internal = Set.copyOf(subjects);
    }

    @Override
    public boolean remoteInterest(String subject) {
      return remote;
    }

    @Override
    public boolean forward(
        String route, String subject, String reply, byte[] headers, byte[] payload,
        java.util.function.Predicate<String> servedHere) {
      forwarded.add(route + (route.equals(subject) ? "" : ">" + subject));
      return remote;
    }
  }

  @Test
  void aHubWithRoutesForwardsPublishesAndAnnouncesSubscriptionsAndJetStreamInterest() {
    RecordingRoutes routes = new RecordingRoutes();
    hub.setRoutes(routes);
    hub.attach(node, new JsApi(node.jetStream(), scheduler, hub::send, "", "n1"));
    assertThat(routes.internal).containsExactlyInAnyOrder("$JS.API.>", "$JS.ACK.>", "$JS.FC.>", "$JSC.>");

    ClientSession c = client(CONNECT + "SUB _INBOX.> 1\r\nSUB jobs q 2\r\n");
    assertThat(routes.subscriptions).containsExactly("+_INBOX.>", "+jobs q");
    send(c, "PUB $JS.API.STREAM.CREATE.S _INBOX.a " + CONFIG.length() + "\r\n" + CONFIG + "\r\n");
    assertThat(routes.internal).contains("s.>", "$JS.API.>");
    assertThat(routes.forwarded).contains("$JS.API.STREAM.CREATE.S", "_INBOX.a");

    routes.forwarded.clear();
    send(c, "PUB elsewhere 0\r\n\r\n");
    assertThat(routes.forwarded).containsExactly("elsewhere");

    hub.detach();
    assertThat(routes.internal).isEmpty();
  }

  @Test
  void aRequestNobodyHereTakesMeetsNoRespondersOnlyWhenNoOtherNodeWantsItEither() {
    RecordingRoutes routes = new RecordingRoutes();
    hub.setRoutes(routes);
    ClientSession c = client(CONNECT + "SUB _INBOX.> 1\r\n");
    routes.remote = true;
    send(c, "PUB served.elsewhere _INBOX.c 0\r\n\r\n");
    assertThat(take(c)).isEmpty();
    routes.remote = false;
    send(c, "PUB nobody _INBOX.d 0\r\n\r\n");
    assertThat(take(c)).isEqualTo("HMSG _INBOX.d 1 16 16\r\nNATS/1.0 503\r\n\r\n\r\n");
  }

  @Test
  void aRoutedMessageIsDeliveredHereAndStoredByJetStreamButNeverForwardedAgain() {
    RecordingRoutes routes = new RecordingRoutes();
    hub.setRoutes(routes);
    ClientSession c = client(CONNECT + "SUB _INBOX.> 1\r\n");
    send(c, "PUB $JS.API.STREAM.CREATE.S _INBOX.a " + CONFIG.length() + "\r\n" + CONFIG + "\r\n");
    take(c);
    ClientSession watcher = client(CONNECT + "SUB s.* 9\r\n");
    routes.forwarded.clear();

    hub.receiveRouted(new RoutedMessage("s.x", "s.x", "_INBOX.e", null, "hi".getBytes(), List.of()));

    assertThat(take(watcher)).isEqualTo("MSG s.x 9 _INBOX.e 2\r\nhi\r\n");
    assertThat(take(c)).startsWith("MSG _INBOX.e 1 ").contains("\"seq\":1");
    assertThat(routes.forwarded).as("only the PubAck, the node's own message").containsExactly("_INBOX.e");
  }
}
