package dev.jslab.app.cluster;

import java.util.List;

import dev.jslab.local.cluster.NodeSnapshot;
import dev.jslab.local.cluster.NodeState;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What one node's card shows and what it can do: name, state, data directory, the URL NATS
 * clients connect to, start count, crash recovery, start error, and the Kill and Restart commands
 * with whether each is allowed.
 *
 * <p>Confined to the UI thread of its {@link ClusterViewModel} (the FX thread in the app). Kill is
 * allowed only while the node runs, Restart unless it is starting; neither while a command sent
 * from this card is still in flight.
 */
public final class NodeCardViewModel {
  /** What the card shows for the client URL while the node does not listen. */
  public static final String NOT_LISTENING = "not listening";

  private final String name;
  private final BiConsumer<NodeCardViewModel, NodeCommand> commands;

  private final ReadOnlyObjectWrapper<NodeState> state = new ReadOnlyObjectWrapper<>(this, "state");
  private final ReadOnlyStringWrapper stateText = new ReadOnlyStringWrapper(this, "stateText");
  private final ReadOnlyStringWrapper dataDir = new ReadOnlyStringWrapper(this, "dataDir");
  private final ReadOnlyStringWrapper clientUrl = new ReadOnlyStringWrapper(this, "clientUrl", "");
  private final ReadOnlyStringWrapper clientUrlText =
      new ReadOnlyStringWrapper(this, "clientUrlText", NOT_LISTENING);
  private final ReadOnlyLongWrapper starts = new ReadOnlyLongWrapper(this, "starts");
  private final ReadOnlyStringWrapper startsText = new ReadOnlyStringWrapper(this, "startsText");
  private final ReadOnlyBooleanWrapper recoveredFromCrash =
      new ReadOnlyBooleanWrapper(this, "recoveredFromCrash");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private final ReadOnlyBooleanWrapper canKill = new ReadOnlyBooleanWrapper(this, "canKill");
  private final ReadOnlyBooleanWrapper canRestart = new ReadOnlyBooleanWrapper(this, "canRestart");
  private final ReadOnlyBooleanWrapper canPause = new ReadOnlyBooleanWrapper(this, "canPause");
  private final ReadOnlyStringWrapper metaText = new ReadOnlyStringWrapper(this, "metaText", "—");
  private final ReadOnlyBooleanWrapper isolated = new ReadOnlyBooleanWrapper(this, "isolated");
  private final ReadOnlyBooleanWrapper metaLeader = new ReadOnlyBooleanWrapper(this, "metaLeader");
  private final ReadOnlyStringWrapper streamsText = new ReadOnlyStringWrapper(this, "streamsText", "—");
  private final ReadOnlyStringWrapper domain = new ReadOnlyStringWrapper(this, "domain", "");
  private final ReadOnlyStringWrapper mirrorsText = new ReadOnlyStringWrapper(this, "mirrorsText", "");
  private final ReadOnlyBooleanWrapper canResume = new ReadOnlyBooleanWrapper(this, "canResume");

  NodeCardViewModel(NodeSnapshot first, BiConsumer<NodeCardViewModel, NodeCommand> commands) {
    this.name = first.name();
    this.commands = commands;
    canKill.bind(
        Bindings.createBooleanBinding(
            () -> state.get() != null && state.get().isListening() && !busy.get(), state, busy));
    canRestart.bind(
        Bindings.createBooleanBinding(
            () -> state.get() != NodeState.STARTING && !busy.get(), state, busy));
    canPause.bind(
        Bindings.createBooleanBinding(
            () -> state.get() == NodeState.RUNNING && !busy.get(), state, busy));
    canResume.bind(
        Bindings.createBooleanBinding(
            () -> state.get() == NodeState.PAUSED && !busy.get(), state, busy));
    update(first);
  }

  /** Shows {@code snapshot}, which must be of this node. */
  void update(NodeSnapshot snapshot) {
    if (!snapshot.name().equals(name)) {
      throw new IllegalArgumentException("snapshot of " + snapshot.name() + " given to " + name);
    }
    state.set(snapshot.state());
    stateText.set(snapshot.state().label());
    dataDir.set(snapshot.dataDir().toString());
    clientUrl.set(snapshot.clientUrl().orElse(""));
    clientUrlText.set(snapshot.clientUrl().orElse(NOT_LISTENING));
    starts.set(snapshot.starts());
    startsText.set("starts: " + snapshot.starts());
    recoveredFromCrash.set(snapshot.recoveredFromCrash());
    error.set(snapshot.error().orElse(""));
  }

  /**
   * Shows the node's view of the meta group ({@code leader · term 3}; a dash while it is not a
   * running member) and whether it is cut off from the other nodes.
   */
  void showMeta(java.util.Optional<dev.jslab.local.cluster.MetaView> view, boolean cutOff) {
    metaText.set(view.map(dev.jslab.local.cluster.MetaView::label).orElse("—") + (cutOff ? " · isolated" : ""));
    isolated.set(cutOff);
    metaLeader.set(view.map(v -> v.role().equals("leader")).orElse(false));
  }

  /** Shows the replicated streams this node leads ({@code ORDERS, JOBS}; a dash for none). */
  void showStreamsLed(List<String> streams) {
    streamsText.set(streams.isEmpty() ? "—" : String.join(", ", streams));
  }

  /** Shows the node's JetStream domain ("" for none). */
  void showDomain(String name) {
    domain.set(name);
  }

  /** The node's JetStream domain, "" when the lab has none. */
  public ReadOnlyStringProperty domainProperty() {
    return domain.getReadOnlyProperty();
  }

  /**
   * Shows the mirrors led on this node, one line each: {@code ORDERS ← ORDERS@east · 15 behind ·
   * lag 0 · silent 20 s} (the silence only once it is {@link
   * dev.jslab.local.cluster.MirrorView#SILENT_AFTER_MILLIS} long; "" for no mirrors).
   */
  void showMirrors(List<dev.jslab.local.cluster.MirrorView> mirrors) {
    mirrorsText.set(String.join("\n", mirrors.stream().map(NodeCardViewModel::mirrorLine).toList()));
  }

  static String mirrorLine(dev.jslab.local.cluster.MirrorView m) {
    String origin = m.originDomain().isEmpty() || m.originDomain().equals(m.domain())
        ? m.origin()
        : m.origin() + "@" + m.originDomain();
    String behind = m.behind() < 0 ? "origin unreachable" : m.behind() == 0 ? "caught up" : m.behind() + " behind";
    String heard = m.activeMillis() < 0
        ? " \u00b7 origin never heard"
        : m.activeMillis() >= dev.jslab.local.cluster.MirrorView.SILENT_AFTER_MILLIS
            ? " \u00b7 silent " + (m.activeMillis() / 1000) + " s"
            : "";
    return m.stream() + " \u2190 " + origin + " \u00b7 " + behind + " \u00b7 lag " + m.reportedLag() + heard
        + m.error().map(e -> " \u00b7 " + e).orElse("");
  }

  /** The mirrors led on this node, one per line; "" for none. */
  public ReadOnlyStringProperty mirrorsTextProperty() {
    return mirrorsText.getReadOnlyProperty();
  }

  /** The streams this node leads, as the card shows them. */
  public ReadOnlyStringProperty streamsTextProperty() {
    return streamsText.getReadOnlyProperty();
  }

  /** Cuts the node off from the other nodes (its clients stay connected to it). */
  public void isolate() {
    if (!isolated.get() && !busy.get()) {
      commands.accept(this, NodeCommand.ISOLATE);
    }
  }

  /** Makes this node, if it leads the meta group, hand leadership to another node. */
  public void stepDown() {
    if (metaLeader.get() && !busy.get()) {
      commands.accept(this, NodeCommand.STEP_DOWN);
    }
  }

  /** True while this node leads the meta group. */
  public ReadOnlyBooleanProperty metaLeaderProperty() {
    return metaLeader.getReadOnlyProperty();
  }

  /** Restores every link between the nodes. */
  public void heal() {
    if (isolated.get() && !busy.get()) {
      commands.accept(this, NodeCommand.HEAL);
    }
  }

  /** {@code leader · term 3}, {@code follower · term 3 · isolated}, or a dash. */
  public ReadOnlyStringProperty metaTextProperty() {
    return metaText.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty isolatedProperty() {
    return isolated.getReadOnlyProperty();
  }

  void setBusy(boolean value) {
    busy.set(value);
  }

  /** Kills the node, as {@code kill -9} would; a failure is reported, never thrown. */
  public void kill() {
    if (canKill.get()) {
      commands.accept(this, NodeCommand.KILL);
    }
  }

  /** Cuts the node's power: only what it had synced survives; a failure is reported. */
  public void powerCut() {
    if (canKill.get()) {
      commands.accept(this, NodeCommand.POWER_CUT);
    }
  }

  /** Freezes the node, as {@code kill -STOP} would; a failure is reported, never thrown. */
  public void pause() {
    if (canPause.get()) {
      commands.accept(this, NodeCommand.PAUSE);
    }
  }

  /** Lets a paused node run again; a failure is reported, never thrown. */
  public void resume() {
    if (canResume.get()) {
      commands.accept(this, NodeCommand.RESUME);
    }
  }

  /** Starts the node again from its data directory; a failure is reported, never thrown. */
  public void restart() {
    if (canRestart.get()) {
      commands.accept(this, NodeCommand.RESTART);
    }
  }

  /** The node's name, {@code n1}, {@code n2}, …; never changes. */
  public String getName() {
    return name;
  }

  public ReadOnlyObjectProperty<NodeState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** The state in words: running, starting, stopped, killed or failed. */
  public ReadOnlyStringProperty stateTextProperty() {
    return stateText.getReadOnlyProperty();
  }

  /** The absolute path of the node's data directory. */
  public ReadOnlyStringProperty dataDirProperty() {
    return dataDir.getReadOnlyProperty();
  }

  /** Where NATS clients connect, {@code nats://127.0.0.1:<port>}; empty unless it runs. */
  public ReadOnlyStringProperty clientUrlProperty() {
    return clientUrl.getReadOnlyProperty();
  }

  /** The client URL as the card shows it: the URL, or {@value #NOT_LISTENING}. */
  public ReadOnlyStringProperty clientUrlTextProperty() {
    return clientUrlText.getReadOnlyProperty();
  }

  /** How many times the node has started on its data directory. */
  public ReadOnlyLongProperty startsProperty() {
    return starts.getReadOnlyProperty();
  }

  /** The start count as the card shows it: {@code starts: N}. */
  public ReadOnlyStringProperty startsTextProperty() {
    return startsText.getReadOnlyProperty();
  }

  /** True when the node's current (or last) start followed a crash. */
  public ReadOnlyBooleanProperty recoveredFromCrashProperty() {
    return recoveredFromCrash.getReadOnlyProperty();
  }

  /** Why the node failed to start; empty unless it failed. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** True while a command sent from this card has not completed. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canKillProperty() {
    return canKill.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canRestartProperty() {
    return canRestart.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canPauseProperty() {
    return canPause.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canResumeProperty() {
    return canResume.getReadOnlyProperty();
  }
}
