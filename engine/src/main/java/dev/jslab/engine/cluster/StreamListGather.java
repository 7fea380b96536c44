package dev.jslab.engine.cluster;

import dev.jslab.engine.api.handler.ApiRequest;
import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One clustered {@code STREAM.LIST} on the meta leader, as nats-server gathers it: the infos of the
 * page's streams this node leads are taken at once, the others are asked of their leaders over
 * {@code $JSC.SI.<stream>}; the answer goes when every leader replied or after {@link #WAIT}, the
 * silent ones listed as {@code missing}.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class StreamListGather {
  /** How long the leaders get to answer. */
  static final long WAIT = 2_000_000_000L;

  private final ApiRequest request;
  private final JsApi api;
  private final int total;
  private final int offset;
  private final Map<String, byte[]> entries = new TreeMap<>();
  private final List<String> awaited = new ArrayList<>();
  private final Consumer<StreamListGather> done;
  private Timer timer;
  private boolean answered;

  StreamListGather(
      ApiRequest request, JsApi api, int total, int offset, Consumer<StreamListGather> done) {
    this.request = request;
    this.api = api;
    this.total = total;
    this.offset = offset;
    this.done = done;
  }

  /** {@code stream}'s entry, known here. */
  void have(String stream, byte[] entry) {
    entries.put(stream, entry);
  }

  /** {@code stream}'s entry is asked of its leader. */
  void await(String stream) {
    awaited.add(stream);
  }

  /** Answers at once if nothing is awaited, else when the last reply comes or time runs out. */
  void start(Scheduler scheduler) {
    if (awaited.isEmpty()) {
      answer();
    } else {
      timer = scheduler.schedule(WAIT, this::answer);
    }
  }

  /** A leader's reply: its stream's entry. */
  void received(String stream, byte[] entry) {
    if (answered || !awaited.remove(stream)) {
      return;
    }
    entries.put(stream, entry);
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
    api.answerStreamList(request, total, offset, new ArrayList<>(entries.values()), missing);
    done.accept(this);
  }
}
