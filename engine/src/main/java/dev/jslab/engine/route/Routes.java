package dev.jslab.engine.route;

import java.util.Set;
import java.util.function.Predicate;

/**
 * The hub's seam to the other nodes of its cluster: it announces the node's interest (what
 * nats-server's routes send as {@code RS+} / {@code RS-}) and forwards each message that
 * originates on the node — a client's publish or what the node itself sends — to the other nodes
 * with matching interest, one hop. A single server has none: its hub skips routing altogether.
 *
 * <p>Called on the node's executor only.
 */
public interface Routes {
  /** A client subscription to {@code subject} ({@code queue}: its group, or null) came or went. */
  void subscriptionChanged(String subject, String queue, boolean added);

  /**
   * The node's internal interest is now {@code subjects}: what its JetStream takes (the API, acks,
   * flow control, the subjects of its streams); empty when it has none (it is stopping).
   */
  void internalInterest(Set<String> subjects);

  /** Whether another node has interest (a subscription or its JetStream's) matching {@code subject}. */
  boolean remoteInterest(String subject);

  /**
   * Sends a message that originated on this node to every other node with interest in {@code
   * route}: to each node with a plain (or internal) match, and for each matching queue group no
   * local member got ({@code servedHere} false), to one node with a member.
   *
   * @return whether any other node has interest (so a request is not without responders)
   */
  boolean forward(
      String route,
      String subject,
      String reply,
      byte[] headers,
      byte[] payload,
      Predicate<String> servedHere);
}
