package dev.jslab.app.shell;

import dev.jslab.app.cluster.ClusterView;
import dev.jslab.app.cluster.ClusterViewModel;
import java.util.Objects;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/**
 * The explorer's main window: the header bar above the cluster page, in the chosen theme. Titled
 * "JetStream Lab"; its size and theme are not remembered. FX thread only.
 */
public final class MainWindow {
  /** The app's own stylesheet, layered over the AtlantaFX theme. */
  public static final String STYLESHEET = "/dev/jslab/app/app.css";

  private static final double WIDTH = 1040;
  private static final double HEIGHT = 640;

  private MainWindow() {}

  /** Fills {@code stage} with the window's content; the caller shows it. */
  public static void build(Stage stage, ClusterViewModel cluster, ThemeSwitcher themes) {
    BorderPane root = new BorderPane();
    root.setId("main-window");
    root.setTop(HeaderBar.create(cluster, themes));
    root.setCenter(new ClusterView(cluster).root());

    Scene scene = new Scene(root, WIDTH, HEIGHT);
    scene
        .getStylesheets()
        .add(Objects.requireNonNull(MainWindow.class.getResource(STYLESHEET)).toExternalForm());
    stage.setTitle("JetStream Lab");
    stage.setMinWidth(600);
    stage.setMinHeight(360);
    stage.setScene(scene);
  }
}
