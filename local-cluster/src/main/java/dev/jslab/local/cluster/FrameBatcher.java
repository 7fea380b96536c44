package dev.jslab.local.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Gathers what one task of a node's thread sends to each other node — routed client messages, or
 * Raft messages of its groups — and sends it as one frame per destination right after the task, in
 * order, as nats-server writes a burst to a route's socket at once. A fetch's deliveries, a batch
 * of acks or a round of appends then cross the lab's network as one frame instead of one each.
 *
 * <p>Confined to the node's thread, on which {@code nodeThread} runs the sending.
 *
 * @param <T> what is sent
 */
final class FrameBatcher<T> {
  /** Sends one destination's messages of one task, in order. */
  @FunctionalInterface
  interface Sender<T> {
    void send(String to, List<T> messages);
  }

  private final Executor nodeThread;
  private final Sender<T> sender;
  private final Map<String, List<T>> pending = new LinkedHashMap<>();
  private boolean sendDue;

  FrameBatcher(Executor nodeThread, Sender<T> sender) {
    this.nodeThread = nodeThread;
    this.sender = sender;
  }

  void send(String to, T message) {
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
    Map<String, List<T>> ready = new LinkedHashMap<>(pending);
    pending.clear();
    ready.forEach(sender::send);
  }
}
