package dev.jslab.local.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs every {@link WireBench.Figure} on each server in turn, figure by figure so that both see
 * the machine in the same state, and follows each figure with its lab-to-nats-server ratio when
 * both were measured: throughput lab / nats-server, latency nats-server / lab, so a ratio of at
 * least 1 always means the lab is at least as good.
 *
 * <p>Runs on the calling thread; not thread-safe.
 */
final class WireComparison {
  private final List<BenchServer> servers;
  private final WireBenchSize size;
  private final int rounds;
  private final java.time.Duration warmUp;
  private final List<WireBench.Figure> figures;

  WireComparison(
      List<BenchServer> servers,
      WireBenchSize size,
      int rounds,
      java.time.Duration warmUp,
      List<WireBench.Figure> figures) {
    this.warmUp = warmUp;
    this.servers = servers;
    this.size = size;
    this.rounds = rounds;
    this.figures = figures;
  }

  void run(Consumer<BenchResult> out) throws Exception {
    for (WireBench.Figure figure : figures) {
      Map<String, Map<String, BenchResult>> byServer = new HashMap<>();
      for (BenchServer server : servers) {
        Map<String, BenchResult> results = new java.util.LinkedHashMap<>();
        String prefix = server.label() + ".";
        new WireBench(server.url(), size, rounds, warmUp)
            .measure(
                figure,
                prefix,
                r -> {
                  results.put(r.name().substring(prefix.length()), r);
                  out.accept(r);
                });
        byServer.put(server.label(), results);
      }
      Map<String, BenchResult> lab = byServer.get("lab");
      Map<String, BenchResult> reference = byServer.get("nats-server");
      if (lab != null && reference != null) {
        lab.forEach((name, ours) -> out.accept(ratio(name, ours, reference.get(name))));
      }
    }
  }

  static BenchResult ratio(String name, BenchResult lab, BenchResult reference) {
    boolean lowerIsBetter = lab.unit().equals("us");
    double ratio = lowerIsBetter ? reference.value() / lab.value() : lab.value() / reference.value();
    return new BenchResult("ratio." + name, ratio, "x");
  }
}
