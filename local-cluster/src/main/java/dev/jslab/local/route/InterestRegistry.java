package dev.jslab.local.route;

import dev.jslab.engine.subject.SubjectIndex;
import dev.jslab.engine.subject.Subjects;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The interest of every running node of a cluster, as the nodes' routes would have told each
 * other with {@code RS+} / {@code RS-}: which subject filters (plain, or of a queue group) each
 * node wants. A node announces an interest when it first has it and withdraws it when it last goes;
 * its whole set is replaced when it starts (the re-sync of a reconnecting route) and cleared when it
 * stops. Every change bumps a {@linkplain #version() version}, so nodes can cache their decisions.
 *
 * <p>The nodes may belong to several JetStream domains joined by WAN links: a message crosses to
 * another domain's nodes only when the link carries it ({@link WanFilter}).
 *
 * <p>Thread-safe: node threads announce and look up concurrently under one lock; {@link #version()}
 * is a volatile read.
 */
public final class InterestRegistry {
  private final Map<String, NodeInterest> nodes = new TreeMap<>(); // guarded by this
  /** Each node's domain; a node not in it is in the domain "". Immutable. */
  private final Map<String, String> domains;

  /** The interest of the nodes of one cluster. */
  public InterestRegistry() {
    this(Map.of());
  }

  /** The interest of nodes in the domains {@code domainOfNode} gives (node name to domain). */
  public InterestRegistry(Map<String, String> domainOfNode) {
    this.domains = Map.copyOf(domainOfNode);
  }
  private volatile long version;
  /** Who hears of changes made by other nodes, by node. */
  private final Map<String, Runnable> listeners = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Tells {@code listener} (on the changing node's thread: it must only hand the news on) whenever
   * another node's interest changes.
   */
  public void onChangeByOthers(String node, Runnable listener) {
    listeners.put(node, listener);
  }

  private void changedBy(String node) {
    listeners.forEach((n, l) -> {
      if (!n.equals(node)) {
        l.run();
      }
    });
  }

  /** {@code node} now has {@code interest}; no effect if it had it. */
  public void add(String node, Interest interest) {
    boolean changed;
    synchronized (this) {
      changed = nodes.computeIfAbsent(node, n -> new NodeInterest()).add(interest);
      if (changed) {
        version++;
      }
    }
    if (changed) {
      changedBy(node);
    }
  }

  /** {@code node} no longer has {@code interest}; no effect if it had not. */
  public void remove(String node, Interest interest) {
    boolean changed;
    synchronized (this) {
      NodeInterest known = nodes.get(node);
      changed = known != null && known.remove(interest);
      if (changed) {
        version++;
      }
    }
    if (changed) {
      changedBy(node);
    }
  }

  /** {@code node}'s interest is exactly {@code all} (it started and re-announces everything). */
  public void replace(String node, Set<Interest> all) {
    synchronized (this) {
      NodeInterest fresh = new NodeInterest();
      all.forEach(fresh::add);
      nodes.put(node, fresh);
      version++;
    }
    changedBy(node);
  }

  /** {@code node} has no interest any more (it stopped or crashed). */
  public void clear(String node) {
    boolean changed;
    synchronized (this) {
      changed = nodes.remove(node) != null;
      if (changed) {
        version++;
      }
    }
    if (changed) {
      changedBy(node);
    }
  }

  /** Counts the changes so far: a decision taken at one version holds until it changes. */
  public long version() {
    return version;
  }

  /** What {@code node} wants now, for tests and views. */
  public synchronized Set<Interest> interestOf(String node) {
    NodeInterest known = nodes.get(node);
    return known == null ? Set.of() : Set.copyOf(known.all);
  }

  /** Where a message on {@code subject} published on {@code self} must go: the other nodes. */
  public synchronized RouteDecision decide(String self, String subject) {
    List<String> plain = new ArrayList<>();
    Map<String, List<String>> queues = new TreeMap<>();
    String ownDomain = domains.getOrDefault(self, "");
    boolean local = !domains.isEmpty() && WanFilter.staysInDomain(subject);
    java.util.function.Supplier<List<String>> tokens = Subjects.tokensOnce(subject);
    nodes.forEach(
        (node, interest) -> {
          if (node.equals(self)
              || (local && !domains.getOrDefault(node, "").equals(ownDomain))) {
            return;
          }
          Set<Interest> matches = interest.index.match(subject, tokens);
          if (matches.isEmpty()) {
            return; // most nodes want most subjects not at all: nothing to allocate
          }
          Set<String> groups = null;
          boolean any = false;
          for (Interest matched : matches) {
            if (matched.queue() == null) {
              any = true;
            } else {
              if (groups == null) {
                groups = new LinkedHashSet<>();
              }
              groups.add(matched.queue());
            }
          }
          if (any) {
            plain.add(node);
          }
          if (groups != null) {
            groups.forEach(q -> queues.computeIfAbsent(q, k -> new ArrayList<>()).add(node));
          }
        });
    return plain.isEmpty() && queues.isEmpty() ? RouteDecision.NONE : new RouteDecision(plain, queues);
  }

  /** One node's announced interest, with an index to match subjects against it. */
  private static final class NodeInterest {
    final Set<Interest> all = new java.util.HashSet<>();
    final SubjectIndex<Interest> index = new SubjectIndex<>();

    boolean add(Interest interest) {
      if (!all.add(interest)) {
        return false;
      }
      index.add(interest.filter(), interest);
      return true;
    }

    boolean remove(Interest interest) {
      if (!all.remove(interest)) {
        return false;
      }
      index.remove(interest.filter(), interest);
      return true;
    }
  }
}
