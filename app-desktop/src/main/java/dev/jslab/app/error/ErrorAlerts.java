package dev.jslab.app.error;

import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Builds the error alerts of the explorer: a short headline, the reason in plain words, and the
 * stack trace folded away under "Show Details". FX thread only.
 */
public final class ErrorAlerts implements ErrorReporter {
  private final Window owner;

  /** Alerts owned by {@code owner}, which may be null for a free-standing alert. */
  public ErrorAlerts(Window owner) {
    this.owner = owner;
  }

  /** Shows a non-blocking alert for {@code cause}. */
  @Override
  public void report(String summary, Throwable cause) {
    create(owner, summary, cause).show();
  }

  /** A ready-to-show error alert; the caller chooses {@code show()} or {@code showAndWait()}. */
  public static Alert create(Window owner, String summary, Throwable cause) {
    Alert alert = new Alert(Alert.AlertType.ERROR);
    alert.setTitle("JetStream Lab");
    alert.setHeaderText(summary);
    Label reason = new Label(ReadableErrors.reason(cause));
    reason.setWrapText(true);
    reason.setId("error-reason");
    alert.getDialogPane().setContent(reason);
    alert.getDialogPane().setExpandableContent(detailsArea(cause));
    alert.getDialogPane().setMinWidth(460);
    if (owner != null) {
      alert.initOwner(owner);
    }
    return alert;
  }

  private static VBox detailsArea(Throwable cause) {
    TextArea trace = new TextArea(ReadableErrors.details(cause));
    trace.setEditable(false);
    trace.setWrapText(false);
    trace.setPrefRowCount(14);
    trace.setId("error-details");
    VBox box = new VBox(trace);
    VBox.setVgrow(trace, Priority.ALWAYS);
    return box;
  }
}
