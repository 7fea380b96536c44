package dev.jslab.app.cluster;

import java.util.IdentityHashMap;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;

/**
 * The cluster page: one card per node, wrapping to the window's width and scrolling when they do
 * not fit. Follows the view-model's node list. FX thread only.
 */
public final class ClusterView {
  private final ScrollPane root;

  public ClusterView(ClusterViewModel model) {
    FlowPane cards = new FlowPane(16, 16);
    cards.setId("node-cards");
    cards.getStyleClass().add("node-cards");
    Map<NodeCardViewModel, Node> built = new IdentityHashMap<>();
    Runnable layout =
        () -> {
          built.keySet().retainAll(model.getNodes());
          cards
              .getChildren()
              .setAll(
                  model.getNodes().stream()
                      .map(node -> built.computeIfAbsent(node, NodeCardView::create))
                      .toList());
        };
    layout.run();
    model.getNodes().addListener((ListChangeListener<NodeCardViewModel>) change -> layout.run());
    root = new ScrollPane(cards);
    root.setFitToWidth(true);
    root.getStyleClass().add("cluster-page");
  }

  /** The page's root node. */
  public Node root() {
    return root;
  }
}
