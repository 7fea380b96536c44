package dev.jslab.engine.cluster;

import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One clustered {@code STREAM.LIST} or {@code CONSUMER.LIST} on the meta leader, as nats-server
 * gathers it: the infos of the page's streams (consumers) this node leads are taken at once, the
 * others are asked of their leaders ({@code $JSC.SI.<stream>}, {@code $JSC.CI.<stream>.<consumer>});
 * the answer goes when every leader replied or after {@link #WAIT}, the silent ones listed as
 * {@code missing}.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class ListGather {
  /** Sends the answer: the entries in name order and the names that stayed missing. */
  @FunctionalInterface
  interface Answer {
    void send(List<byte[]> entries, List<String> missing);
  }

  /** How long the leaders get to answer. */
  static final long WAIT = 2_000_000_000L;

  private final Answer answer;
  private final Map<String, byte[]> entries = new TreeMap<>();
  private final List<String> awaited = new ArrayList<>();
  private final Consumer<ListGather> done;
  private Timer timer;
  private boolean answered;

  ListGather(Answer answer, Consumer<ListGather> done) {
    this.answer = answer;
    this.done = done;
  }

  /** {@code name}'s entry, known here. */
  void have(String name, byte[] entry) {
    entries.put(name, entry);
  }

  /** {@code name}'s entry is asked of its leader. */
  void await(String name) {
    awaited.add(name);
  }

  /** Answers at once if nothing is awaited, else when the last reply comes or time runs out. */
  void start(Scheduler scheduler) {
    if (awaited.isEmpty()) {
      answer();
    } else {
      timer = scheduler.schedule(WAIT, this::answer);
    }
  }

  /** A leader's reply: the entry of {@code name}. */
  void received(String name, byte[] entry) {
    if (answered || !awaited.remove(name)) {
      return;
    }
    entries.put(name, entry);
    if (awaited.isEmpty()) {
      timer.cancel();
      answer();
    }
  }

  private void answer() {
    if (answered) {
      return;
    }
    answered = true;
    List<String> missing = new ArrayList<>(awaited);
    missing.sort(null);
    answer.send(new ArrayList<>(entries.values()), missing);
    done.accept(this);
  }
}
