package dev.jslab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.jslab.app.JetStreamLabApp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real explorer, started as {@code jslab --ephemeral} would start it, in a headless
 * window (Monocle), and checks that it cleans up after itself.
 */
class MainWindowTest {
  private final FxRobot robot = new FxRobot();
  private Stage stage;
  private Application app;

  @BeforeEach
  void launchApp() throws TimeoutException {
    stage = FxToolkit.registerPrimaryStage();
    app = FxToolkit.setupApplication(JetStreamLabApp.class, "--ephemeral");
    Fx.waitUntil(
        "three node cards or an error show",
        () -> robot.lookup(".node-card").queryAll().size() == 3 || errorShown());
    if (Fx.call(this::errorShown)) {
      throw new AssertionError("the app did not start: " + text("#error-reason"));
    }
  }

  private boolean errorShown() {
    return robot.lookup("#error-reason").tryQuery().isPresent();
  }

  @AfterEach
  void closeApp() throws TimeoutException {
    Optional<Path> dataRoot =
        Fx.call(() -> robot.lookup("#data-root").tryQueryAs(Label.class))
            .map(label -> Path.of(Fx.call(label::getText)));
    FxToolkit.cleanupApplication(app);
    FxToolkit.cleanupStages();
    dataRoot.ifPresent(
        root -> assertThat(root).as("the ephemeral data directory is removed").doesNotExist());
    Fx.waitUntil("no node thread is left", () -> nodeThreads() == 0);
  }

  @Test
  void windowShowsTheClusterAndOneRunningCardPerNode() {
    assertThat(Fx.call(stage::getTitle)).isEqualTo("JetStream Lab");
    assertThat(text("#cluster-name")).isEqualTo("Cluster lab");
    assertThat(Fx.call(() -> robot.lookup("#ephemeral-tag").query().isVisible())).isTrue();
    assertThat(Files.isDirectory(Path.of(text("#data-root")))).isTrue();
    assertThat(text("#cluster-summary")).isEqualTo("3 of 3 nodes running");
    for (String node : new String[] {"n1", "n2", "n3"}) {
      assertThat(text("#node-state-" + node)).isEqualTo("running");
      assertThat(text("#node-starts-" + node)).isEqualTo("starts: 1");
      assertThat(disabled("#kill-" + node)).isFalse();
      assertThat(disabled("#restart-" + node)).isFalse();
    }
  }

  @Test
  void killThenRestartShowsTheNodeGoingDownAndRecoveringAfterTheCrash() throws IOException {
    String url = text("#node-url-n2");
    assertThat(url).matches("nats://127\\.0\\.0\\.1:\\d+");
    // Monocle does not turn a right click into a context-menu request: fire the card's item
    Fx.call(
        () -> {
          MenuItem copy =
              robot.lookup("#node-url-n2").queryAs(Label.class).getContextMenu().getItems().get(0);
          assertThat(copy.getText()).isEqualTo("Copy URL");
          copy.fire();
          return null;
        });
    Fx.waitUntil(
        "the URL is on the clipboard",
        () -> url.equals(Clipboard.getSystemClipboard().getString()));
    robot.clickOn("#kill-n2");
    Fx.waitUntil("n2 shows killed", () -> text("#node-state-n2").equals("killed"));
    assertThat(text("#node-url-n2")).isEqualTo("not listening");
    assertThat(disabled("#kill-n2")).isTrue();
    assertThat(visible("#node-recovered-n2")).isFalse();
    assertThat(text("#node-state-n1")).isEqualTo("running");
    assertThat(text("#cluster-summary")).isEqualTo("2 of 3 nodes running");
    Screenshots.save(stage.getScene(), "node-killed.png");

    Fx.waitUntil("restart n2 is enabled", () -> !disabled("#restart-n2"));
    robot.clickOn("#restart-n2");
    Fx.waitUntil("n2 runs again", () -> text("#node-state-n2").equals("running"));

    assertThat(text("#node-starts-n2")).isEqualTo("starts: 2");
    assertThat(text("#node-url-n2")).as("a restart listens on the same port").isEqualTo(url);
    assertThat(visible("#node-recovered-n2")).isTrue();
    assertThat(text("#node-recovered-n2")).isEqualTo("recovered after crash");
    Fx.waitUntil("kill n2 is enabled again", () -> !disabled("#kill-n2"));
    assertThat(text("#cluster-summary")).isEqualTo("3 of 3 nodes running");
    Screenshots.save(stage.getScene(), "node-recovered.png");
  }

  @Test
  void themeSwitchSwapsTheLightStylesheetForTheDarkOneAndBack() {
    String light = new PrimerLight().getUserAgentStylesheet();
    String dark = new PrimerDark().getUserAgentStylesheet();
    assertThat(Fx.call(Application::getUserAgentStylesheet)).isEqualTo(light);

    robot.clickOn("#theme-switch");
    Fx.waitUntil("the dark theme is on", () -> stylesheetIs(dark));
    assertThat(Fx.call(() -> robot.lookup("#theme-switch").queryAs(ToggleSwitch.class)))
        .matches(ToggleSwitch::isSelected, "is on");

    robot.clickOn("#theme-switch");
    Fx.waitUntil("the light theme is back", () -> stylesheetIs(light));
  }

  @Test
  void screenshotsOfTheMainWindowAreSavedInBothThemes() throws IOException {
    BufferedImage light = Screenshots.save(stage.getScene(), "main-window.png");
    robot.clickOn("#theme-switch");
    String darkSheet = new PrimerDark().getUserAgentStylesheet();
    Fx.waitUntil("the dark theme is on", () -> stylesheetIs(darkSheet));
    WaitForAsyncUtils.waitForFxEvents(); // let a pulse restyle the scene
    BufferedImage dark = Screenshots.save(stage.getScene(), "main-window-dark.png");

    assertThat(Screenshots.DIR.resolve("main-window.png")).isRegularFile();
    double sceneWidth = Fx.call(() -> stage.getScene().getWidth());
    assertThat(light.getWidth()).isEqualTo((int) Math.round(sceneWidth));
    assertThat(Screenshots.meanBrightness(light)).isGreaterThan(180);
    assertThat(Screenshots.meanBrightness(dark)).isLessThan(80);
  }

  @Test
  void uncaughtExceptionIsShownAsAReadableAlert() {
    Platform.runLater(
        () -> {
          throw new IllegalStateException("the disk is on fire");
        });

    Fx.waitUntil("an error alert shows", this::errorShown);
    assertThat(text("#error-reason")).isEqualTo("the disk is on fire");
    DialogPane pane = Fx.call(() -> robot.lookup(".dialog-pane").queryAs(DialogPane.class));
    assertThat(Fx.call(pane::isExpanded)).as("the stack trace starts folded").isFalse();
    String details =
        Fx.call(() -> ((TextArea) pane.getExpandableContent().lookup("#error-details")).getText());
    assertThat(details)
        .contains("java.lang.IllegalStateException: the disk is on fire")
        .contains("MainWindowTest");
    long windows = Fx.call(() -> Window.getWindows().stream().filter(Window::isShowing).count());
    assertThat(windows).isEqualTo(2);
  }

  private static boolean stylesheetIs(String stylesheet) {
    return stylesheet.equals(Application.getUserAgentStylesheet());
  }

  private String text(String query) {
    return Fx.call(() -> robot.lookup(query).queryAs(Label.class).getText());
  }

  private boolean disabled(String query) {
    return Fx.call(() -> robot.lookup(query).queryAs(Button.class).isDisabled());
  }

  private boolean visible(String query) {
    return Fx.call(() -> robot.lookup(query).queryAs(Node.class).isVisible());
  }

  private static long nodeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("node-n"))
        .count();
  }
}
