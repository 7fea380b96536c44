package dev.jslab.app.cluster;

import dev.jslab.app.error.ErrorReporter;
import dev.jslab.local.cluster.ClusterListener;
import dev.jslab.local.cluster.ClusterSnapshot;
import dev.jslab.local.cluster.LocalCluster;
import dev.jslab.local.cluster.NodeSnapshot;
import dev.jslab.local.cluster.NodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The cluster page's state: the cluster's name and data root, a summary line, and one {@link
 * NodeCardViewModel} per node, all fed from the cluster's snapshots.
 *
 * <p>Confined to one UI thread (the FX thread in the app): create it, read it, call its commands
 * and close it there. Cluster events arrive on node threads and are handed to the UI thread
 * through the {@code uiThread} executor, which must run tasks one at a time, in order, on that
 * thread ({@code Platform::runLater} in the app); events that come while one such task waits are
 * folded into it (it shows the newest snapshot). A snapshot older than the last one shown is
 * dropped. Commands never block: their results come back through the same executor, and
 * failures go to the {@link ErrorReporter}.
 */
public final class ClusterViewModel implements AutoCloseable {
  private final LocalCluster cluster;
  private final Executor uiThread;
  private final ErrorReporter errors;
  private final ClusterListener listener;
  /** The newest snapshot not yet handed to the UI thread, or null; any thread. */
  private final java.util.concurrent.atomic.AtomicReference<ClusterSnapshot> newest =
      new java.util.concurrent.atomic.AtomicReference<>();
  private boolean closed;

  private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(this, "name", "");
  private final ReadOnlyStringWrapper dataRoot = new ReadOnlyStringWrapper(this, "dataRoot", "");
  private final ReadOnlyBooleanWrapper ephemeral = new ReadOnlyBooleanWrapper(this, "ephemeral");
  private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version", -1);
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ObservableList<NodeCardViewModel> nodes = FXCollections.observableArrayList();
  private final ObservableList<NodeCardViewModel> readOnlyNodes =
      FXCollections.unmodifiableObservableList(nodes);

  private ClusterViewModel(LocalCluster cluster, Executor uiThread, ErrorReporter errors) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
    this.errors = Objects.requireNonNull(errors, "errors");
    // many events in a burst (an election in every group of a partition) cost the UI thread one
    // task: it shows the newest snapshot that arrived while the task waited
    this.listener = (event, snapshot) -> {
      if (newest.getAndSet(snapshot) == null) {
        uiThread.execute(() -> {
          ClusterSnapshot latest = newest.getAndSet(null);
          if (latest != null) {
            apply(latest);
          }
        });
      }
    };
  }

  /**
   * A view-model showing {@code cluster}, subscribed to its events. Call on the UI thread.
   *
   * @param uiThread runs tasks on the UI thread, one at a time and in order
   * @param errors receives command failures, on the UI thread
   */
  public static ClusterViewModel attach(
      LocalCluster cluster, Executor uiThread, ErrorReporter errors) {
    ClusterViewModel model = new ClusterViewModel(cluster, uiThread, errors);
    cluster.addListener(model.listener);
    model.apply(cluster.snapshot());
    return model;
  }

  /**
   * Shows {@code snapshot} unless a newer one is already shown. Package-private for tests; the
   * cluster's listener calls it on the UI thread.
   */
  void apply(ClusterSnapshot snapshot) {
    if (closed || snapshot.version() <= version.get()) {
      return;
    }
    version.set(snapshot.version());
    name.set(snapshot.name());
    dataRoot.set(snapshot.dataRoot().toString());
    ephemeral.set(snapshot.ephemeral());
    showNodes(snapshot.nodes());
    for (NodeCardViewModel card : nodes) {
      card.showMeta(snapshot.metaOf(card.getName()), snapshot.isolated().contains(card.getName()));
      card.showStreamsLed(snapshot.streamsLedBy(card.getName()));
      card.showDomain(snapshot.domainOf(card.getName()));
      card.showMirrors(snapshot.mirrorsOn(card.getName()));
    }
    long running = snapshot.nodes().stream().filter(n -> n.state() == NodeState.RUNNING).count();
    java.util.Collection<String> domains = new java.util.LinkedHashSet<>(snapshot.domains().values());
    summary.set(running + " of " + snapshot.nodes().size() + " nodes running"
        + (domains.isEmpty() ? "" : " \u00b7 domains " + String.join(", ", domains)));
  }

  private void showNodes(List<NodeSnapshot> snapshots) {
    boolean sameNodes = snapshots.size() == nodes.size();
    for (int i = 0; sameNodes && i < snapshots.size(); i++) {
      sameNodes = snapshots.get(i).name().equals(nodes.get(i).getName());
    }
    if (sameNodes) {
      for (int i = 0; i < snapshots.size(); i++) {
        nodes.get(i).update(snapshots.get(i));
      }
      return;
    }
    Map<String, NodeCardViewModel> existing = new HashMap<>();
    nodes.forEach(card -> existing.put(card.getName(), card));
    List<NodeCardViewModel> next = new ArrayList<>();
    for (NodeSnapshot node : snapshots) {
      NodeCardViewModel card = existing.get(node.name());
      if (card == null) {
        card = new NodeCardViewModel(node, this::send);
      } else {
        card.update(node);
      }
      next.add(card);
    }
    nodes.setAll(next);
  }

  private void send(NodeCardViewModel card, NodeCommand command) {
    if (closed) {
      return;
    }
    card.setBusy(true);
    CompletableFuture<?> pending;
    try {
      pending = command.send(cluster, card.getName());
    } catch (RuntimeException e) {
      pending = CompletableFuture.failedFuture(e);
    }
    pending.whenCompleteAsync((done, failure) -> finish(card, command, failure), uiThread);
  }

  private void finish(NodeCardViewModel card, NodeCommand command, Throwable failure) {
    card.setBusy(false);
    if (failure != null && !closed) {
      errors.report(command.failureSummary(card.getName()), failure);
    }
  }

  /** Stops following the cluster; the cluster itself stays open. Idempotent. */
  @Override
  public void close() {
    closed = true;
    cluster.removeListener(listener);
  }

  /** The nodes in name order; the list changes only if the cluster's set of nodes does. */
  public ObservableList<NodeCardViewModel> getNodes() {
    return readOnlyNodes;
  }

  /** The node called {@code nodeName}. */
  public NodeCardViewModel node(String nodeName) {
    return nodes.stream()
        .filter(n -> n.getName().equals(nodeName))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no node " + nodeName));
  }

  public ReadOnlyStringProperty nameProperty() {
    return name.getReadOnlyProperty();
  }

  /** The absolute path of the directory that holds one folder per node. */
  public ReadOnlyStringProperty dataRootProperty() {
    return dataRoot.getReadOnlyProperty();
  }

  /** True when the data root is temporary and removed on exit. */
  public ReadOnlyBooleanProperty ephemeralProperty() {
    return ephemeral.getReadOnlyProperty();
  }

  /** The version of the snapshot shown; -1 before the first. */
  public ReadOnlyLongProperty versionProperty() {
    return version.getReadOnlyProperty();
  }

  /**
   * A one-line health summary, e.g. {@code 2 of 3 nodes running}, naming the lab's domains when it
   * has some ({@code 4 of 4 nodes running · domains east, dr}, in node order).
   */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }
}
