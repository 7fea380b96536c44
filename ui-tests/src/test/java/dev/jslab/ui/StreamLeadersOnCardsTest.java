package dev.jslab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.app.JetStreamLabApp;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The node cards name the streams each node leads, live: a client creates an R3 stream on the
 * explorer's own cluster (classroom Raft timings), the leader's card shows it, and when that node
 * is killed from its card another node's card takes the stream over.
 */
class StreamLeadersOnCardsTest {
  private static final List<String> NODES = List.of("n1", "n2", "n3");
  private final FxRobot robot = new FxRobot();
  private Stage stage;
  private Application app;
  private Connection nc;

  @BeforeEach
  void launchApp() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    app = FxToolkit.setupApplication(JetStreamLabApp.class, "--ephemeral", "--raft-timings", "classroom");
    Fx.waitUntil("three running node cards", () -> robot.lookup(".node-card").queryAll().size() == 3
        && NODES.stream().allMatch(n -> text("#node-url-" + n).startsWith("nats://")));
    Options.Builder options = new Options.Builder()
        .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(-1).reconnectWait(Duration.ofMillis(50))
        .errorListener(new io.nats.client.ErrorListener() {});
    NODES.forEach(n -> options.server(text("#node-url-" + n)));
    nc = Nats.connect(options.build());
  }

  @AfterEach
  void closeApp() throws Exception {
    nc.close();
    FxToolkit.cleanupApplication(app);
    FxToolkit.cleanupStages();
  }

  @Test
  void theLeadersCardNamesItsStreamAndAnotherCardTakesItOverWhenTheLeaderIsKilled() throws Exception {
    String leader = createUntilTheMetaGroupHasALeader().getClusterInfo().getLeader();
    Fx.waitUntil("the leader's card names ORDERS", () -> text("#node-streams-" + leader).equals("ORDERS"));
    NODES.stream().filter(n -> !n.equals(leader))
        .forEach(n -> assertThat(text("#node-streams-" + n)).isEqualTo("—"));

    robot.clickOn("#kill-" + leader);
    Fx.waitUntil("another card names ORDERS", () -> NODES.stream()
        .anyMatch(n -> !n.equals(leader) && text("#node-streams-" + n).equals("ORDERS")));
    assertThat(text("#node-streams-" + leader)).isEqualTo("—");
    Screenshots.save(stage.getScene(), "stream-leader-moved.png");
  }

  /** Creates the R3 stream, retrying while the cluster elects its first meta leader. */
  private StreamInfo createUntilTheMetaGroupHasALeader() throws IOException, InterruptedException {
    JetStreamManagement jsm = nc.jetStreamManagement();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return jsm.addStream(StreamConfiguration.builder()
            .name("ORDERS").subjects("orders.>").replicas(3).storageType(StorageType.Memory).build());
      } catch (IOException | io.nats.client.JetStreamApiException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the stream could not be created within 20 s", e);
        }
        Thread.sleep(200);
      }
    }
  }

  private String text(String query) {
    return Fx.call(() -> robot.lookup(query).queryAs(Label.class).getText());
  }
}
