package dev.jslab.local.route;

import dev.jslab.engine.route.RoutedMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A node's route link that gathers what one task of the node's thread sends to each other node
 * and sends it as one frame right after the task, in order — as nats-server writes a burst of
 * messages to a route's socket in one go. A fetch's deliveries or a batch of acks then cross the
 * lab's network as one frame per destination instead of one each.
 *
 * <p>Confined to the node's thread, on which {@code nodeThread} runs the sending.
 */
public final class RouteBatcher implements NodeRoutes.Link {
  /** Sends one destination's messages of one task, in order. */
  @FunctionalInterface
  public interface Sender {
    void send(String to, List<RoutedMessage> messages);
  }

  private final Executor nodeThread;
  private final Sender sender;
  private final Map<String, List<RoutedMessage>> pending = new LinkedHashMap<>();
  private boolean sendDue;

  public RouteBatcher(Executor nodeThread, Sender sender) {
    this.nodeThread = nodeThread;
    this.sender = sender;
  }

  @Override
  public void send(String to, RoutedMessage message) {
    pending.computeIfAbsent(to, t -> new ArrayList<>()).add(message);
    if (!sendDue) {
      sendDue = true;
      try {
        nodeThread.execute(this::sendPending);
      } catch (RejectedExecutionException e) {
        pending.clear(); // the node's thread has ended: nothing leaves a dead process
        sendDue = false;
      }
    }
  }

  /** Sends what gathered; runs after the task that gathered it. */
  void sendPending() {
    sendDue = false;
    Map<String, List<RoutedMessage>> ready = new LinkedHashMap<>(pending);
    pending.clear();
    ready.forEach(sender::send);
  }
}
