package dev.jslab.local.route;

import dev.jslab.engine.route.RoutedMessage;
import dev.jslab.engine.route.Routes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * One node's routes to the rest of its cluster, the engine's {@link Routes} seam: counts the
 * node's client subscriptions and keeps its internal interest, announcing to the {@link
 * InterestRegistry} only what comes or goes while the node runs (everything again when it starts,
 * nothing once it stops); and turns each message that originates on the node into route frames
 * for the nodes that want it, handed to a {@link Link}. Decisions per subject are cached until the
 * registry's version changes, so a message costs one map lookup.
 *
 * <p>Not thread-safe: confined to the node's thread.
 */
public final class NodeRoutes implements Routes {
  /** Subjects whose decisions are remembered between changes of interest. */
  static final int CACHE_SIZE = 4096;

  /** Where the frames go: sends {@code message} from this node to {@code to}. */
  @FunctionalInterface
  public interface Link {
    void send(String to, RoutedMessage message);
  }

  private final String self;
  private final InterestRegistry registry;
  private final Link link;
  private final RandomGenerator random;
  private final Map<Interest, Integer> subscriptions = new HashMap<>();
  private Set<String> internal = Set.of();
  private boolean up;
  private final Map<String, RouteDecision> decisions = new HashMap<>();
  private long decisionsVersion = -1;

  /**
   * Routes of node {@code self}, announcing to {@code registry}, sending over {@code link}, and
   * picking among the nodes with a member of a queue group with {@code random}.
   */
  public NodeRoutes(String self, InterestRegistry registry, Link link, RandomGenerator random) {
    this.self = self;
    this.registry = registry;
    this.link = link;
    this.random = random;
  }

  /** The node runs: it announces all its interest and routes from now on. */
  public void start() {
    up = true;
    Set<Interest> all = new java.util.HashSet<>(subscriptions.keySet());
    internal.forEach(f -> all.add(Interest.plain(f)));
    registry.replace(self, all);
  }

  /** The node stopped: its interest is gone and it routes nothing. */
  public void stop() {
    up = false;
    registry.clear(self);
  }

  @Override
  public void subscriptionChanged(String subject, String queue, boolean added) {
    Interest interest = new Interest(subject, queue);
    boolean before = has(interest);
    if (added) {
      subscriptions.merge(interest, 1, Integer::sum);
    } else {
      subscriptions.computeIfPresent(interest, (k, n) -> n == 1 ? null : n - 1);
    }
    announce(interest, before);
  }

  @Override
  public void internalInterest(Set<String> subjects) {
    Set<String> old = internal;
    internal = Set.copyOf(subjects);
    for (String filter : old) {
      if (!internal.contains(filter)) {
        announce(Interest.plain(filter), true);
      }
    }
    for (String filter : internal) {
      if (!old.contains(filter)) {
        announce(Interest.plain(filter), false);
      }
    }
  }

  /** Tells the registry when {@code interest}, which this node had {@code before}, came or went. */
  private void announce(Interest interest, boolean before) {
    boolean now = has(interest);
    if (!up || now == before) {
      return;
    }
    if (now) {
      registry.add(self, interest);
    } else {
      registry.remove(self, interest);
    }
  }

  private boolean has(Interest interest) {
    return subscriptions.containsKey(interest)
        || (interest.queue() == null && internal.contains(interest.filter()));
  }

  @Override
  public boolean remoteInterest(String subject) {
    return up && !decision(subject).isEmpty();
  }

  @Override
  public boolean forward(
      String route,
      String subject,
      String reply,
      byte[] headers,
      byte[] payload,
      Predicate<String> servedHere) {
    if (!up) {
      return false;
    }
    RouteDecision decision = decision(route);
    if (decision.isEmpty()) {
      return false;
    }
    RoutedMessage message = new RoutedMessage(route, subject, reply, headers, payload, List.of());
    if (decision.queues().isEmpty()) {
      for (String node : decision.plain()) {
        link.send(node, message);
      }
      return true;
    }
    Map<String, List<String>> groupsByNode = new LinkedHashMap<>();
    decision.plain().forEach(node -> groupsByNode.put(node, new ArrayList<>()));
    decision.queues().forEach(
        (queue, members) -> {
          if (!servedHere.test(queue)) {
            String node = members.size() == 1 ? members.get(0) : members.get(random.nextInt(members.size()));
            groupsByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(queue);
          }
        });
    groupsByNode.forEach(
        (node, groups) -> link.send(node, groups.isEmpty() ? message : message.forQueues(groups)));
    return true;
  }

  /** The decision for {@code route} at the registry's current version. */
  private RouteDecision decision(String route) {
    long version = registry.version();
    if (version != decisionsVersion) {
      decisions.clear();
      decisionsVersion = version;
    }
    RouteDecision decision = decisions.get(route);
    if (decision == null) {
      decision = registry.decide(self, route);
      if (decisions.size() >= CACHE_SIZE) {
        decisions.clear();
      }
      decisions.put(route, decision);
    }
    return decision;
  }
}
