package dev.jslab.local.sim;

import dev.jslab.engine.time.Scheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A simulated network between named nodes: every directed link has its own {@link LinkFaults}
 * (latency, jitter, loss, duplication, reordering) and can be cut; partitions of any shape,
 * one-way cuts and node outages are set and healed while messages are in flight. Deliveries are
 * scheduled on the injected {@link Scheduler} and every random choice comes from the injected
 * generator, so with a virtual scheduler the same seed and the same calls give the same run.
 *
 * <p>Each link delivers in the order it was sent, as a TCP connection does: a message that the
 * jitter would bring in early waits for the ones sent before it; only the link's reordering lets a
 * message fall behind later ones.
 *
 * <p>A message already in flight when its link is cut still arrives (it left before the cut); one
 * that would arrive at a node that is down is dropped. Every send, delivery and drop is reported,
 * in order, to the observer.
 *
 * <p>Not thread-safe: confined to the scheduler's thread.
 *
 * @param <M> the message type
 */
public final class VirtualNetwork<M> {
  private final Scheduler scheduler;
  private final RandomGenerator random;
  private final Consumer<NetworkEvent<M>> observer;
  private final Map<String, BiConsumer<String, M>> inboxes = new LinkedHashMap<>();
  private final Map<Link, LinkFaults> faults = new HashMap<>();
  private final Set<Link> cut = new HashSet<>();
  private final Set<String> down = new HashSet<>();
  /** Per link, the messages on their way in sending order (held-back ones are not in it). */
  private final Map<Link, ArrayDeque<InFlight<M>>> inFlight = new HashMap<>();
  private LinkFaults defaults = LinkFaults.NONE;

  /**
   * @param scheduler when deliveries happen
   * @param random every random choice (loss, jitter, duplication, reordering)
   * @param observer hears of every send, delivery and drop, in order
   */
  public VirtualNetwork(
      Scheduler scheduler, RandomGenerator random, Consumer<NetworkEvent<M>> observer) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.random = Objects.requireNonNull(random, "random");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  /** Puts {@code node} on the network; {@code inbox} receives (sender, message). */
  public void attach(String node, BiConsumer<String, M> inbox) {
    if (inboxes.putIfAbsent(node, Objects.requireNonNull(inbox, "inbox")) != null) {
      throw new IllegalArgumentException("node " + node + " is already on the network");
    }
  }

  /** The nodes on the network, in the order they were attached. */
  public List<String> nodes() {
    return List.copyOf(inboxes.keySet());
  }

  /** Sends {@code message} from {@code from} to {@code to}, through that link's faults. */
  public void send(String from, String to, M message) {
    long now = scheduler.nowNanos();
    observer.accept(new NetworkEvent.Sent<>(now, from, to, message));
    if (!inboxes.containsKey(to) || !inboxes.containsKey(from)) {
      drop(now, from, to, message, NetworkEvent.DropReason.UNKNOWN_NODE);
      return;
    }
    if (down.contains(from)) {
      drop(now, from, to, message, NetworkEvent.DropReason.SENDER_DOWN);
      return;
    }
    Link link = new Link(from, to);
    if (cut.contains(link)) {
      drop(now, from, to, message, NetworkEvent.DropReason.CUT);
      return;
    }
    LinkFaults f = faultsOf(link);
    if (f.lossRate() > 0 && random.nextDouble() < f.lossRate()) {
      drop(now, from, to, message, NetworkEvent.DropReason.LOST);
      return;
    }
    long delay = delay(f);
    if (f.reorderRate() > 0 && random.nextDouble() < f.reorderRate()) {
      delay += (1 + random.nextInt(3)) * Math.max(f.latencyNanos(), 1) + jitter(f);
      scheduler.schedule(delay, () -> arrive(from, to, message, false));
    } else {
      InFlight<M> flight = new InFlight<>(message);
      ArrayDeque<InFlight<M>> queue = inFlight.computeIfAbsent(link, l -> new ArrayDeque<>());
      queue.add(flight);
      scheduler.schedule(
          delay,
          () -> {
            flight.due = true;
            arriveInOrder(link, queue);
          });
    }
    if (f.duplicateRate() > 0 && random.nextDouble() < f.duplicateRate()) {
      scheduler.schedule(delay + delay(f), () -> arrive(from, to, message, true));
    }
  }

  /** Delivers the messages at the head of {@code link}'s queue that are due, in sending order. */
  private void arriveInOrder(Link link, ArrayDeque<InFlight<M>> queue) {
    while (!queue.isEmpty() && queue.peekFirst().due) {
      arrive(link.from(), link.to(), queue.pollFirst().message, false);
    }
  }

  private void arrive(String from, String to, M message, boolean duplicate) {
    long now = scheduler.nowNanos();
    if (down.contains(to)) {
      drop(now, from, to, message, NetworkEvent.DropReason.RECEIVER_DOWN);
      return;
    }
    observer.accept(new NetworkEvent.Delivered<>(now, from, to, message, duplicate));
    inboxes.get(to).accept(from, message);
  }

  private void drop(long now, String from, String to, M message, NetworkEvent.DropReason reason) {
    observer.accept(new NetworkEvent.Dropped<>(now, from, to, message, reason));
  }

  private long delay(LinkFaults f) {
    return f.latencyNanos() + jitter(f);
  }

  private long jitter(LinkFaults f) {
    return f.jitterNanos() == 0 ? 0 : random.nextLong(f.jitterNanos() + 1);
  }

  // ------------------------------------------------------------------ faults

  /** The faults of every link without faults of its own. */
  public void setDefaultFaults(LinkFaults f) {
    defaults = Objects.requireNonNull(f, "faults");
  }

  /** The faults of the directed link {@code from → to}. */
  public void setFaults(String from, String to, LinkFaults f) {
    faults.put(new Link(from, to), Objects.requireNonNull(f, "faults"));
  }

  /** What the directed link {@code from → to} does now. */
  public LinkFaults faultsOf(String from, String to) {
    return faultsOf(new Link(from, to));
  }

  private LinkFaults faultsOf(Link link) {
    return faults.getOrDefault(link, defaults);
  }

  /** Cuts the directed link {@code from → to} only: {@code to} still reaches {@code from}. */
  public void cutOneWay(String from, String to) {
    cut.add(new Link(from, to));
  }

  /**
   * Splits the network into {@code groups}: links between nodes of different groups are cut both
   * ways; nodes in no group form one more group together. Replaces any earlier cut.
   */
  public void partition(Collection<? extends Collection<String>> groups) {
    Map<String, Integer> side = new HashMap<>();
    int index = 0;
    for (Collection<String> group : groups) {
      for (String node : group) {
        if (!inboxes.containsKey(node)) {
          throw new IllegalArgumentException("no node " + node + " on the network");
        }
        if (side.putIfAbsent(node, index) != null) {
          throw new IllegalArgumentException("node " + node + " is in two groups");
        }
      }
      index++;
    }
    cut.clear();
    for (String a : inboxes.keySet()) {
      for (String b : inboxes.keySet()) {
        if (!a.equals(b) && !side.getOrDefault(a, -1).equals(side.getOrDefault(b, -1))) {
          cut.add(new Link(a, b));
        }
      }
    }
  }

  /** Whether the directed link {@code from → to} is cut. */
  public boolean isCut(String from, String to) {
    return cut.contains(new Link(from, to));
  }

  /** The cut directed links, as {@code from→to} pairs. */
  public List<List<String>> cutLinks() {
    List<List<String>> links = new ArrayList<>();
    for (String a : inboxes.keySet()) {
      for (String b : inboxes.keySet()) {
        if (cut.contains(new Link(a, b))) {
          links.add(List.of(a, b));
        }
      }
    }
    return links;
  }

  /** Restores every cut link (faults stay as set). */
  public void heal() {
    cut.clear();
  }

  /**
   * Takes {@code node} off the network ({@code true}: it neither sends nor receives, as a crashed
   * or paused process) or puts it back.
   */
  public void setDown(String node, boolean isDown) {
    if (isDown) {
      down.add(node);
    } else {
      down.remove(node);
    }
  }

  /** Whether {@code node} is down. */
  public boolean isDown(String node) {
    return down.contains(node);
  }

  private record Link(String from, String to) {}

  /** A message on its way over a link; due once its delay has passed. */
  private static final class InFlight<M> {
    final M message;
    boolean due;

    InFlight(M message) {
      this.message = message;
    }
  }
}
