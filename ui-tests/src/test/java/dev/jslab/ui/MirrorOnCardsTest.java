package dev.jslab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.app.JetStreamLabApp;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.External;
import io.nats.client.api.Mirror;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * A lab of two JetStream domains in the explorer — {@code east} (n1-n3) and {@code dr} (n4) — with
 * a mirror in {@code dr} of a stream in {@code east}: the cards name their domains, n4's card shows
 * the mirror caught up, and once n4 is isolated from its card (the WAN link cut) the card shows the
 * mirror falling behind as east takes more messages.
 */
class MirrorOnCardsTest {
  private final FxRobot robot = new FxRobot();
  private Stage stage;
  private Application app;
  private Connection east;
  private Connection dr;

  @BeforeEach
  void launchApp() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    app = FxToolkit.setupApplication(JetStreamLabApp.class,
        "--ephemeral", "--raft-timings", "classroom", "--domain", "east:3", "--domain", "dr:1");
    Fx.waitUntil("four running node cards", () -> robot.lookup(".node-card").queryAll().size() == 4
        && text("#node-url-n4").startsWith("nats://"));
    east = connect(text("#node-url-n1"));
    dr = connect(text("#node-url-n4"));
  }

  private static Connection connect(String url) throws IOException, InterruptedException {
    return Nats.connect(new Options.Builder().server(url)
        .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(-1).reconnectWait(Duration.ofMillis(50))
        .errorListener(new io.nats.client.ErrorListener() {}).build());
  }

  @AfterEach
  void closeApp() throws Exception {
    east.close();
    dr.close();
    FxToolkit.cleanupApplication(app);
    FxToolkit.cleanupStages();
  }

  @Test
  void theMirrorsCardShowsItFallingBehindWhileItsNodeIsCutOff() throws Exception {
    assertThat(text("#node-domain-n1")).isEqualTo("east");
    assertThat(text("#node-domain-n4")).isEqualTo("dr");
    createOriginUntilEastHasAMetaLeader();
    for (int i = 1; i <= 3; i++) {
      east.jetStream().publish("orders." + i, new byte[] {1});
    }
    dr.jetStreamManagement().addStream(StreamConfiguration.builder()
        .name("ORDERS").storageType(StorageType.Memory)
        .mirror(Mirror.builder().sourceName("ORDERS")
            .external(External.builder().api("$JS.east.API").build()).build())
        .build());
    Fx.waitUntil("n4's card shows the mirror caught up",
        () -> text("#node-mirrors-n4").startsWith("ORDERS \u2190 ORDERS@east \u00b7 caught up"));

    Fx.call(() -> {
      MenuButton more = robot.lookup("#more-n4").queryAs(MenuButton.class);
      more.getItems().stream().filter(i -> "isolate-n4".equals(i.getId())).findFirst()
          .ifPresent(MenuItem::fire);
      return null;
    });
    Fx.waitUntil("n4 is isolated", () -> text("#node-meta-n4").endsWith("isolated"));
    for (int i = 4; i <= 10; i++) {
      east.jetStream().publish("orders." + i, new byte[] {1});
    }

    Fx.waitUntil("n4's card shows the mirror 7 behind",
        () -> text("#node-mirrors-n4").startsWith("ORDERS \u2190 ORDERS@east \u00b7 7 behind"));
    assertThat(text("#node-mirrors-n1")).isEmpty();
    Screenshots.save(stage.getScene(), "mirror-behind-wan-cut.png");
  }

  private void createOriginUntilEastHasAMetaLeader() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        east.jetStreamManagement().addStream(StreamConfiguration.builder()
            .name("ORDERS").subjects("orders.>").replicas(3).storageType(StorageType.Memory).build());
        return;
      } catch (IOException | JetStreamApiException e) {
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
