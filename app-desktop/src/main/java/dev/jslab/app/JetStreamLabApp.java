package dev.jslab.app;

import dev.jslab.app.cluster.ClusterViewModel;
import dev.jslab.app.error.ErrorAlerts;
import dev.jslab.app.error.UncaughtErrorHandler;
import dev.jslab.app.shell.MainWindow;
import dev.jslab.app.shell.ThemeSwitcher;
import dev.jslab.app.startup.ClusterStartup;
import dev.jslab.app.startup.StartupOutcome;
import dev.jslab.local.cluster.LocalCluster;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JetStream Lab desktop explorer. {@link #init()} starts the local cluster the command line
 * describes (three nodes in the user's data directory by default, {@code --ephemeral} for a
 * temporary one); {@link #start(Stage)} opens the main window, or explains in an alert why the
 * cluster could not start; {@link #stop()} closes the cluster (so does a shutdown hook when the
 * process is ended without {@code stop()}, e.g. by Ctrl-C).
 *
 * <p>JavaFX calls {@code init} on the launcher thread and {@code start} and {@code stop} on the FX
 * thread.
 */
public final class JetStreamLabApp extends Application {
  private static final Logger LOG = LoggerFactory.getLogger(JetStreamLabApp.class);
  private static volatile boolean startupFailed; // read by the launcher after the toolkit exits

  private volatile StartupOutcome startup; // written in init(), read on the FX thread
  private volatile Thread closeOnExit; // closes the cluster if the JVM ends without stop()
  private ClusterViewModel clusterModel; // FX thread
  private ThemeSwitcher themes; // FX thread
  private Thread.UncaughtExceptionHandler previousHandler; // FX thread
  private boolean handlerInstalled; // FX thread

  /** Called by JavaFX. */
  public JetStreamLabApp() {}

  @Override
  public void init() {
    startup = ClusterStartup.start(getParameters().getRaw());
    if (startup instanceof StartupOutcome.Started started) {
      // Ctrl-C or SIGTERM skip stop(); the nodes should still close and a temp directory go
      closeOnExit = new Thread(started.cluster()::close, "jslab-close-cluster");
      Runtime.getRuntime().addShutdownHook(closeOnExit);
    } else if (startup instanceof StartupOutcome.Failed failed) {
      startupFailed = true;
      LOG.error("{}: {}", failed.summary(), failed.cause().getMessage(), failed.cause());
    }
  }

  /** True when the last launch in this process could not start its cluster. */
  public static boolean startupFailed() {
    return startupFailed;
  }

  @Override
  public void start(Stage stage) {
    previousHandler = new UncaughtErrorHandler(stage).install();
    handlerInstalled = true;
    themes = new ThemeSwitcher();
    if (startup instanceof StartupOutcome.Started started) {
      openMainWindow(stage, started.cluster());
    } else if (startup instanceof StartupOutcome.Failed failed) {
      showStartupFailure(failed);
    }
  }

  /** Not modal on purpose: {@code start} returns at once, and closing the alert ends the app. */
  private static void showStartupFailure(StartupOutcome.Failed failed) {
    Alert alert = ErrorAlerts.create(null, failed.summary(), failed.cause());
    alert.setOnHidden(e -> Platform.exit());
    alert.show();
  }

  private void openMainWindow(Stage stage, LocalCluster cluster) {
    clusterModel = ClusterViewModel.attach(cluster, Platform::runLater, new ErrorAlerts(stage));
    MainWindow.build(stage, clusterModel, themes);
    stage.show();
  }

  @Override
  public void stop() {
    if (closeOnExit != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(closeOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway; closing twice is harmless
      }
      closeOnExit = null;
    }
    if (clusterModel != null) {
      clusterModel.close();
      clusterModel = null;
    }
    if (startup instanceof StartupOutcome.Started started) {
      try {
        started.cluster().close();
      } catch (RuntimeException e) {
        LOG.warn("The cluster did not close cleanly", e);
      }
    }
    if (handlerInstalled) {
      Thread.setDefaultUncaughtExceptionHandler(previousHandler);
      handlerInstalled = false;
    }
  }
}
