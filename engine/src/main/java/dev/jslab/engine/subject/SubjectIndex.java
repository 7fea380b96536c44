package dev.jslab.engine.subject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Values registered under subject filters, looked up by literal subject: which subscriptions,
 * streams or consumers are interested in a message published to {@code orders.eu.new}. A tree of
 * tokens, so a lookup costs the subject's depth, not the number of filters; the answers for the
 * last {@value #CACHE_SIZE} subjects looked up are kept until the next change, as nats-server's
 * sublist cache does, because publishers repeat their subjects.
 *
 * <p>Not thread-safe: confined to its owner's thread.
 *
 * @param <V> the registered value; compared with {@code equals}
 */
public final class SubjectIndex<V> {
  /** Subjects whose matches are remembered between changes. */
  static final int CACHE_SIZE = 1024;

  private final Level<V> root = new Level<>();
  private final Map<String, Set<V>> cache = new HashMap<>();
  private int size;

  /** Registers {@code value} under {@code filter}; returns false if it was already there. */
  public boolean add(String filter, V value) {
    Level<V> level = root;
    Node<V> node = null;
    for (String token : Subjects.tokens(filter)) {
      node = level.child(token, true);
      if (node.next == null) {
        node.next = new Level<>();
      }
      level = node.next;
    }
    boolean added = node.values.add(value);
    if (added) {
      size++;
      cache.clear();
    }
    return added;
  }

  /** Removes {@code value} from {@code filter}; returns false if it was not there. */
  public boolean remove(String filter, V value) {
    List<String> tokens = Subjects.tokens(filter);
    List<Level<V>> path = new ArrayList<>(tokens.size());
    Level<V> level = root;
    Node<V> node = null;
    for (String token : tokens) {
      path.add(level);
      node = level.child(token, false);
      if (node == null) {
        return false;
      }
      level = node.next;
    }
    if (!node.values.remove(value)) {
      return false;
    }
    size--;
    cache.clear();
    prune(path, tokens);
    return true;
  }

  /**
   * Every value whose filter matches the literal {@code subject}, each once: an unmodifiable set
   * that later changes to the index do not affect.
   */
  public Set<V> match(String subject) {
    return match(subject, () -> Subjects.tokens(subject));
  }

  /**
   * As {@link #match(String)}, taking the subject's tokens from {@code tokens} when they are needed
   * (a caller matching one subject against many indexes splits it once).
   */
  public Set<V> match(String subject, java.util.function.Supplier<List<String>> tokens) {
    if (root.one == null && root.rest == null) {
      // no filter starts with a wildcard: a subject whose first token no filter has matches none
      // (an ack subject where only inboxes are subscribed), without splitting or caching it
      int dot = subject.indexOf(Subjects.SEPARATOR);
      if (!root.literals.containsKey(dot < 0 ? subject : subject.substring(0, dot))) {
        return Set.of();
      }
    }
    Set<V> cached = cache.get(subject);
    if (cached != null) {
      return cached;
    }
    Set<V> found = new LinkedHashSet<>();
    matchLevel(root, tokens.get(), 0, found::add);
    Set<V> answer = found.isEmpty() ? Set.of() : Collections.unmodifiableSet(found);
    if (cache.size() >= CACHE_SIZE) {
      cache.clear();
    }
    cache.put(subject, answer);
    return answer;
  }

  /** True when any filter matches the literal {@code subject}. */
  public boolean hasInterest(String subject) {
    return !match(subject).isEmpty();
  }

  /** Number of (filter, value) registrations. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  private static <V> void matchLevel(Level<V> level, List<String> tokens, int i, Consumer<V> sink) {
    if (level == null) {
      return;
    }
    if (level.rest != null) {
      level.rest.values.forEach(sink);
    }
    boolean last = i == tokens.size() - 1;
    matchNode(level.one, tokens, i, last, sink);
    matchNode(level.literals.get(tokens.get(i)), tokens, i, last, sink);
  }

  private static <V> void matchNode(
      Node<V> node, List<String> tokens, int i, boolean last, Consumer<V> sink) {
    if (node == null) {
      return;
    }
    if (last) {
      node.values.forEach(sink); // a '>' below needs one more token, so it does not match here
    } else {
      matchLevel(node.next, tokens, i + 1, sink);
    }
  }

  private void prune(List<Level<V>> path, List<String> tokens) {
    for (int i = tokens.size() - 1; i >= 0; i--) {
      Level<V> level = path.get(i);
      Node<V> node = level.child(tokens.get(i), false);
      boolean emptyBelow = node.next == null || node.next.isEmpty();
      if (!node.values.isEmpty() || !emptyBelow) {
        return;
      }
      level.removeChild(tokens.get(i));
    }
  }

  private static final class Level<V> {
    final Map<String, Node<V>> literals = new HashMap<>();
    Node<V> one;
    Node<V> rest;

    Node<V> child(String token, boolean create) {
      if (Subjects.ONE.equals(token)) {
        if (one == null && create) {
          one = new Node<>();
        }
        return one;
      }
      if (Subjects.REST.equals(token)) {
        if (rest == null && create) {
          rest = new Node<>();
        }
        return rest;
      }
      return create ? literals.computeIfAbsent(token, t -> new Node<>()) : literals.get(token);
    }

    void removeChild(String token) {
      if (Subjects.ONE.equals(token)) {
        one = null;
      } else if (Subjects.REST.equals(token)) {
        rest = null;
      } else {
        literals.remove(token);
      }
    }

    boolean isEmpty() {
      return literals.isEmpty() && one == null && rest == null;
    }
  }

  private static final class Node<V> {
    final Set<V> values = new LinkedHashSet<>(2);
    Level<V> next;
  }
}
