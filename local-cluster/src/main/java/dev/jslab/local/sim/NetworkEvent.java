package dev.jslab.local.sim;

/**
 * What happened to one message on the simulated network, in the order it happened, stamped with
 * the scheduler's time. Immutable values, for the cluster's event stream and the checker.
 *
 * @param <M> the message type
 */
public sealed interface NetworkEvent<M> {
  /** Scheduler time of the event. */
  long atNanos();

  /** The sending node. */
  String from();

  /** The receiving node. */
  String to();

  /** The message. */
  M message();

  /** What happened, in one word or two, for a history: sent, delivered, dup or dropped REASON. */
  default String kind() {
    if (this instanceof Delivered<M> d) {
      return d.duplicate() ? "dup" : "delivered";
    }
    if (this instanceof Dropped<M> d) {
      return "dropped " + d.reason();
    }
    return "sent";
  }

  /** A node handed a message to the network. */
  record Sent<M>(long atNanos, String from, String to, M message) implements NetworkEvent<M> {}

  /** A message reached its node ({@code duplicate}: a second copy made by the link). */
  record Delivered<M>(long atNanos, String from, String to, M message, boolean duplicate)
      implements NetworkEvent<M> {}

  /** A message was lost, and why. */
  record Dropped<M>(long atNanos, String from, String to, M message, DropReason reason)
      implements NetworkEvent<M> {}

  /** Why a message never arrived. */
  enum DropReason {
    /** The link from sender to receiver is cut (a partition or a one-way cut). */
    CUT,
    /** The link lost it (its loss rate). */
    LOST,
    /** The receiver was down when it would have arrived. */
    RECEIVER_DOWN,
    /** The sender was down: a stopped node sends nothing. */
    SENDER_DOWN,
    /** No node of that name is on the network. */
    UNKNOWN_NODE
  }
}
