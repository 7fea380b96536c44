package dev.jslab.app.cluster;

import dev.jslab.local.cluster.NodeState;
import java.util.Arrays;
import java.util.List;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;

/**
 * A pill-shaped label naming a node's state, coloured by it: success for running, danger for
 * killed, powered off and failed, warning for paused, accent for starting, muted for stopped. FX
 * thread only.
 */
final class StateBadge extends Label {
  private static final List<String> STATE_CLASSES =
      Arrays.stream(NodeState.values()).map(StateBadge::styleClass).toList();

  StateBadge(ObservableValue<NodeState> state, ObservableValue<String> text) {
    getStyleClass().add("state-badge");
    textProperty().bind(text);
    show(state.getValue());
    state.addListener((obs, old, now) -> show(now));
  }

  private void show(NodeState state) {
    getStyleClass().removeAll(STATE_CLASSES);
    if (state != null) {
      getStyleClass().add(styleClass(state));
    }
  }

  /** The style class for {@code state}: {@code state-running}, {@code state-powered-off}, … */
  static String styleClass(NodeState state) {
    return "state-" + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
