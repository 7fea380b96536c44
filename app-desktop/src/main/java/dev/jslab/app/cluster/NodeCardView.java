package dev.jslab.app.cluster;

import atlantafx.base.controls.Card;
import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The card of one node, bound to its {@link NodeCardViewModel}. Ids for tests and styling:
 * {@code node-card-<name>}, {@code node-state-<name>}, {@code node-dir-<name>}, {@code
 * node-url-<name>}, {@code node-domain-<name>}, {@code node-mirrors-<name>}, {@code kill-<name>},
 * {@code restart-<name>}. FX thread only.
 */
final class NodeCardView {
  private static final PseudoClass NOT_LISTENING = PseudoClass.getPseudoClass("not-listening");

  private NodeCardView() {}

  static Card create(NodeCardViewModel model) {
    String name = model.getName();
    Card card = new Card();
    card.setId("node-card-" + name);
    card.getStyleClass().add("node-card");
    card.setHeader(header(model));
    card.setBody(body(model));
    card.setFooter(footer(model));
    return card;
  }

  private static HBox header(NodeCardViewModel model) {
    Label title = new Label(model.getName());
    title.getStyleClass().addAll(Styles.TITLE_3, "node-name");
    StateBadge badge = new StateBadge(model.stateProperty(), model.stateTextProperty());
    badge.setId("node-state-" + model.getName());
    Label domain = new Label();
    domain.setId("node-domain-" + model.getName());
    domain.textProperty().bind(model.domainProperty());
    domain.getStyleClass().addAll(Styles.TEXT_MUTED, "node-domain");
    domain.setTooltip(new Tooltip("The JetStream domain (and cluster) this node belongs to"));
    showOnlyWhen(domain, model.domainProperty().isNotEmpty());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox header = new HBox(8, title, domain, spacer, badge);
    header.setAlignment(Pos.CENTER_LEFT);
    return header;
  }

  private static VBox body(NodeCardViewModel model) {
    Label dirCaption = caption("Data directory");
    Label dir = dataDirectory(model);
    HBox url = clientUrl(model);
    Label metaCaption = caption("Meta group");
    Label meta = new Label();
    meta.setId("node-meta-" + model.getName());
    meta.textProperty().bind(model.metaTextProperty());
    meta.getStyleClass().add("node-meta");
    HBox metaRow = new HBox(6, metaCaption, meta);
    metaRow.setAlignment(Pos.BASELINE_LEFT);

    Label streamsCaption = caption("Leads");
    streamsCaption.setMinWidth(Region.USE_PREF_SIZE);
    Label streams = new Label();
    streams.setId("node-streams-" + model.getName());
    streams.textProperty().bind(model.streamsTextProperty());
    streams.getStyleClass().add("node-meta");
    streams.setWrapText(true); // many streams wrap onto more lines instead of being cut off
    streams.setMinHeight(Region.USE_PREF_SIZE);
    Tooltip streamsTip = new Tooltip();
    streamsTip.textProperty().bind(model.streamsTextProperty());
    streams.setTooltip(streamsTip);
    HBox streamsRow = new HBox(6, streamsCaption, streams);
    streamsRow.setAlignment(Pos.BASELINE_LEFT);
    HBox.setHgrow(streams, javafx.scene.layout.Priority.ALWAYS);

    Label mirrorsCaption = caption("Mirrors");
    mirrorsCaption.setMinWidth(Region.USE_PREF_SIZE);
    Label mirrors = new Label();
    mirrors.setId("node-mirrors-" + model.getName());
    mirrors.textProperty().bind(model.mirrorsTextProperty());
    mirrors.getStyleClass().add("node-meta");
    mirrors.setWrapText(true);
    mirrors.setMinHeight(Region.USE_PREF_SIZE);
    HBox mirrorsRow = new HBox(6, mirrorsCaption, mirrors);
    mirrorsRow.setAlignment(Pos.BASELINE_LEFT);
    HBox.setHgrow(mirrors, javafx.scene.layout.Priority.ALWAYS);
    showOnlyWhen(mirrorsRow, model.mirrorsTextProperty().isNotEmpty());

    Label starts = new Label();
    starts.setId("node-starts-" + model.getName());
    starts.textProperty().bind(model.startsTextProperty());
    starts.getStyleClass().add(Styles.TEXT_MUTED);

    Label recovered = new Label("recovered after crash");
    recovered.setId("node-recovered-" + model.getName());
    recovered.getStyleClass().add("recovered-tag");
    recovered.visibleProperty().bind(model.recoveredFromCrashProperty()); // keeps its space

    HBox facts = new HBox(12, starts, recovered);
    facts.setAlignment(Pos.CENTER_LEFT);

    Label error = new Label();
    error.setId("node-error-" + model.getName());
    error.setWrapText(true);
    Tooltip errorTip = new Tooltip();
    errorTip.textProperty().bind(model.errorProperty());
    error.setTooltip(errorTip);
    error.getStyleClass().add(Styles.DANGER);
    error.textProperty().bind(model.errorProperty());
    showOnlyWhen(error, model.errorProperty().isNotEmpty());

    VBox body = new VBox(4, dirCaption, dir, url, metaRow, streamsRow, mirrorsRow, facts, error);
    // the card asks for its height without a width: give the wrapping label the body's width so
    // the card grows to hold every line instead of ellipsizing or overflowing
    error.prefWidthProperty().bind(body.widthProperty());
    streams.prefWidthProperty().bind(body.widthProperty().subtract(streamsCaption.widthProperty()).subtract(6));
    mirrors.prefWidthProperty().bind(body.widthProperty().subtract(mirrorsCaption.widthProperty()).subtract(6));
    error.setMinHeight(Region.USE_PREF_SIZE);
    VBox.setMargin(url, new Insets(4, 0, 0, 0));
    VBox.setMargin(facts, new Insets(8, 0, 0, 0));
    return body;
  }

  private static Label dataDirectory(NodeCardViewModel model) {
    return copyable(
        "node-dir-" + model.getName(), model.dataDirProperty(), model.dataDirProperty(), "Copy path");
  }

  /** One line, caption then URL, so the card grows by a single line. */
  private static HBox clientUrl(NodeCardViewModel model) {
    Label url =
        copyable(
            "node-url-" + model.getName(),
            model.clientUrlTextProperty(),
            model.clientUrlProperty(),
            "Copy URL");
    // "not listening" is a state, not a value: the stylesheet mutes it
    url.pseudoClassStateChanged(NOT_LISTENING, model.clientUrlProperty().get().isEmpty());
    model
        .clientUrlProperty()
        .addListener((obs, was, now) -> url.pseudoClassStateChanged(NOT_LISTENING, now.isEmpty()));
    HBox.setHgrow(url, Priority.ALWAYS);
    HBox row = new HBox(8, caption("NATS URL"), url);
    row.setAlignment(Pos.BASELINE_LEFT);
    return row;
  }

  /**
   * A monospace value showing {@code shown} (in full in its tooltip) whose right-click {@code
   * copyLabel} item puts {@code copied} on the clipboard; the item is disabled while it is empty.
   */
  private static Label copyable(
      String id, ObservableStringValue shown, ObservableStringValue copied, String copyLabel) {
    Label value = new Label();
    value.setId(id);
    value.getStyleClass().add("data-dir");
    value.textProperty().bind(shown);
    value.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
    value.setEllipsisString("…");
    value.setMaxWidth(Double.MAX_VALUE);
    Tooltip tip = new Tooltip();
    tip.textProperty().bind(shown);
    value.setTooltip(tip);
    MenuItem copy = new MenuItem(copyLabel);
    copy.disableProperty().bind(Bindings.isEmpty(copied));
    copy.setOnAction(e -> copyToClipboard(copied.get()));
    value.setContextMenu(new ContextMenu(copy));
    return value;
  }

  private static HBox footer(NodeCardViewModel model) {
    String name = model.getName();
    Button kill = new Button("Kill");
    kill.setId("kill-" + name);
    kill.getStyleClass().addAll(Styles.DANGER, Styles.BUTTON_OUTLINED);
    kill.setTooltip(new Tooltip("Stop " + name + " abruptly, as kill -9 would"));
    kill.disableProperty().bind(model.canKillProperty().not());
    kill.setOnAction(e -> model.kill());

    Button restart = new Button("Restart");
    restart.setId("restart-" + name);
    restart.setTooltip(new Tooltip("Start " + name + " again from its data directory"));
    restart.disableProperty().bind(model.canRestartProperty().not());
    restart.setOnAction(e -> model.restart());

    HBox footer = new HBox(8, more(model), kill, restart);
    footer.setAlignment(Pos.CENTER_RIGHT);
    return footer;
  }

  /** The rarer faults, behind one button: power cut, pause, resume. */
  private static MenuButton more(NodeCardViewModel model) {
    String name = model.getName();
    MenuItem powerCut = new MenuItem("Power cut");
    powerCut.setId("power-cut-" + name);
    powerCut.disableProperty().bind(model.canKillProperty().not());
    powerCut.setOnAction(e -> model.powerCut());
    MenuItem pause = new MenuItem("Pause");
    pause.setId("pause-" + name);
    pause.disableProperty().bind(model.canPauseProperty().not());
    pause.setOnAction(e -> model.pause());
    MenuItem resume = new MenuItem("Resume");
    resume.setId("resume-" + name);
    resume.disableProperty().bind(model.canResumeProperty().not());
    resume.setOnAction(e -> model.resume());
    MenuItem isolate = new MenuItem("Isolate from the others");
    isolate.setId("isolate-" + name);
    isolate.disableProperty().bind(model.isolatedProperty().or(model.busyProperty()));
    isolate.setOnAction(e -> model.isolate());
    MenuItem heal = new MenuItem("Heal the network");
    heal.setId("heal-" + name);
    heal.disableProperty().bind(model.isolatedProperty().not().or(model.busyProperty()));
    heal.setOnAction(e -> model.heal());
    MenuItem stepDown = new MenuItem("Step down as meta leader");
    stepDown.setId("step-down-" + name);
    stepDown.disableProperty().bind(model.metaLeaderProperty().not().or(model.busyProperty()));
    stepDown.setOnAction(e -> model.stepDown());
    MenuButton more =
        new MenuButton(
            "More",
            null,
            powerCut,
            pause,
            resume,
            new SeparatorMenuItem(),
            isolate,
            heal,
            new SeparatorMenuItem(),
            stepDown);
    more.setId("more-" + name);
    more.getStyleClass().add(Styles.FLAT);
    more.setTooltip(
        new Tooltip(
            "Power cut: only what " + name + " synced to disk survives.\n"
                + "Pause: " + name + " freezes, its clients stay connected and wait."));
    return more;
  }

  private static Label caption(String text) {
    Label label = new Label(text);
    label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    return label;
  }

  private static void showOnlyWhen(javafx.scene.Node node, ObservableValue<Boolean> condition) {
    node.visibleProperty().bind(condition);
    node.managedProperty().bind(condition);
  }

  private static void copyToClipboard(String text) {
    ClipboardContent content = new ClipboardContent();
    content.putString(text);
    Clipboard.getSystemClipboard().setContent(content);
  }
}
