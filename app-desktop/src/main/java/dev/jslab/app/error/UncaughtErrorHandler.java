package dev.jslab.app.error;

import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches exceptions no code handled, logs them with their stack trace, and shows one readable
 * alert at a time (with the trace under "Show Details"); further errors while it is open are
 * only logged.
 *
 * <p>Thread-safe: may be called on any thread; the alert is shown on the FX thread.
 */
public final class UncaughtErrorHandler implements Thread.UncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(UncaughtErrorHandler.class);

  private final Window owner;
  private final AtomicBoolean showing = new AtomicBoolean();

  public UncaughtErrorHandler(Window owner) {
    this.owner = owner;
  }

  /** Makes this the handler of every thread that has none of its own; returns the previous one. */
  public Thread.UncaughtExceptionHandler install() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(this);
    return previous;
  }

  @Override
  public void uncaughtException(Thread thread, Throwable error) {
    LOG.error("Uncaught exception on thread {}", thread.getName(), error);
    if (!showing.compareAndSet(false, true)) {
      return;
    }
    try {
      if (Platform.isFxApplicationThread()) {
        show(error);
      } else {
        Platform.runLater(() -> show(error));
      }
    } catch (IllegalStateException toolkitGone) {
      showing.set(false);
    }
  }

  private void show(Throwable error) {
    try {
      Alert alert = ErrorAlerts.create(visibleOwner(), "Something went wrong", error);
      alert.setOnHidden(e -> showing.set(false));
      alert.show();
    } catch (RuntimeException failed) {
      showing.set(false);
      LOG.error("Could not show the error alert", failed);
    }
  }

  private Window visibleOwner() {
    return owner != null && owner.isShowing() ? owner : null;
  }
}
