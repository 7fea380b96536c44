package dev.jslab.app.shell;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.jslab.app.cluster.ClusterViewModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The bar across the top of the window: the app's name, which cluster is shown and where its data
 * lives, a health summary, and the light/dark switch ({@code #theme-switch}). FX thread only.
 */
final class HeaderBar {
  private static final double SUMMARY_MIN_BAR_WIDTH = 760;

  private HeaderBar() {}

  static Node create(ClusterViewModel cluster, ThemeSwitcher themes) {
    Label title = new Label("JetStream Lab");
    title.getStyleClass().addAll(Styles.TITLE_3, "app-title");
    title.setMinWidth(Region.USE_PREF_SIZE);

    HBox left = new HBox(16, title, verticalSeparator(), clusterInfo(cluster));
    left.setAlignment(Pos.CENTER_LEFT);
    left.setMinWidth(0);
    HBox.setHgrow(left, Priority.ALWAYS);

    Label summary = new Label();
    summary.setId("cluster-summary");
    summary.getStyleClass().add(Styles.TEXT_MUTED);
    summary.textProperty().bind(cluster.summaryProperty());
    summary.setMinWidth(Region.USE_PREF_SIZE);

    HBox bar = new HBox(24, left, summary, themeSwitch(themes));
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("header-bar");
    // in a narrow window the summary gives way; the cards still show every node's state
    summary.managedProperty().bind(bar.widthProperty().greaterThanOrEqualTo(SUMMARY_MIN_BAR_WIDTH));
    summary.visibleProperty().bind(summary.managedProperty());
    return bar;
  }

  private static Node clusterInfo(ClusterViewModel cluster) {
    Label name = new Label();
    name.setId("cluster-name");
    name.getStyleClass().add(Styles.TEXT_BOLD);
    name.textProperty().bind(Bindings.concat("Cluster ", cluster.nameProperty()));
    name.setMinWidth(Region.USE_PREF_SIZE);

    Label ephemeral = new Label("ephemeral");
    ephemeral.setId("ephemeral-tag");
    ephemeral.getStyleClass().add("ephemeral-tag");
    ephemeral.setTooltip(new Tooltip("The data directory is temporary and removed on exit"));
    ephemeral.visibleProperty().bind(cluster.ephemeralProperty());
    ephemeral.managedProperty().bind(cluster.ephemeralProperty());
    ephemeral.setMinWidth(Region.USE_PREF_SIZE);

    HBox nameRow = new HBox(8, name, ephemeral);
    nameRow.setAlignment(Pos.CENTER_LEFT);

    Label root = new Label();
    root.setId("data-root");
    root.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, "data-root");
    root.textProperty().bind(cluster.dataRootProperty());
    root.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
    root.setEllipsisString("…");
    root.setMinWidth(0);
    Tooltip tip = new Tooltip();
    tip.textProperty().bind(cluster.dataRootProperty());
    root.setTooltip(tip);

    VBox info = new VBox(2, nameRow, root);
    info.setAlignment(Pos.CENTER_LEFT);
    info.setMinWidth(0);
    return info;
  }

  private static Node themeSwitch(ThemeSwitcher themes) {
    ToggleSwitch toggle = new ToggleSwitch();
    toggle.setId("theme-switch");
    toggle.setSelected(themes.darkProperty().get());
    // a plain listener, not a (weak) bidirectional binding: the switch keeps the switcher alive
    toggle.selectedProperty().addListener((obs, was, now) -> themes.darkProperty().set(now));

    // the switch reacts only on its track, so its label is a separate, clickable node
    Label label = new Label("Dark");
    label.setLabelFor(toggle);
    label.setOnMouseClicked(e -> toggle.setSelected(!toggle.isSelected()));

    HBox box = new HBox(8, label, toggle);
    box.setAlignment(Pos.CENTER_LEFT);
    box.setMinWidth(Region.USE_PREF_SIZE);
    return box;
  }

  private static Separator verticalSeparator() {
    Separator separator = new Separator(Orientation.VERTICAL);
    separator.setMaxHeight(28);
    return separator;
  }
}
