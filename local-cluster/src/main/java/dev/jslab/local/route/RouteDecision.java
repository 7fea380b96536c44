package dev.jslab.local.route;

import java.util.List;
import java.util.Map;

/**
 * Where a message on one subject goes from one node: the other nodes with plain (or internal)
 * interest, and for each matching queue group the other nodes with a member. Immutable.
 *
 * @param plain nodes that get every message on the subject, in name order
 * @param queues queue group to the nodes with a member of it, groups and nodes in name order
 */
public record RouteDecision(List<String> plain, Map<String, List<String>> queues) {
  /** No other node wants the subject. */
  public static final RouteDecision NONE = new RouteDecision(List.of(), Map.of());

  public RouteDecision {
    plain = List.copyOf(plain);
    queues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(queues));
  }

  /** Whether no other node wants the subject. */
  public boolean isEmpty() {
    return plain.isEmpty() && queues.isEmpty();
  }
}
