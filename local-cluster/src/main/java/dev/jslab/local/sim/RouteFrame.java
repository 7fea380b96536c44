package dev.jslab.local.sim;

import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.raft.RaftMessage;

/**
 * What travels between two nodes of a simulated JetStream cluster, over one {@link VirtualNetwork}
 * so every fault applies to both kinds alike. Immutable values.
 */
sealed interface RouteFrame {
  /** A one-line description for the history. */
  String describe();

  /** A Raft message of group {@code group}. */
  record Raft(String group, RaftMessage message) implements RouteFrame {
    @Override
    public String describe() {
      return group + " " + message.getClass().getSimpleName() + " t" + message.term();
    }
  }

  /**
   * Client traffic a route carries: a publish, ack or API request on its way to the nodes, or an
   * answer or delivery on its way back to the node the client is attached to.
   */
  record Client(OutboundMessage message) implements RouteFrame {
    @Override
    public String describe() {
      return "msg " + message.route();
    }
  }
}
