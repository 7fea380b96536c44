package dev.jslab.local.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs each figure on every target in turn, figure by figure so that all see the machine in the
 * same state, and follows each figure with its lab-to-nats-server ratio when both were measured:
 * throughput lab / nats-server, latency and outage time nats-server / lab, so a ratio of at least
 * 1 always means the lab is at least as good. A target that fails a figure is reported once and
 * left out of the remaining figures; the others go on.
 *
 * <p>Runs on the calling thread; not thread-safe.
 */
final class WireComparison {
  private final List<WireTarget> targets;
  private final List<String> figures;

  WireComparison(List<WireTarget> targets, List<String> figures) {
    this.targets = targets;
    this.figures = figures;
  }

  /**
   * Measures every figure; results go to {@code out}, remarks to {@code notes} and each failed
   * target's one-line error ({@code <label>: <what went wrong>}) to {@code errors}.
   *
   * @return whether every target measured every figure
   */
  boolean run(Consumer<BenchResult> out, Consumer<String> notes, Consumer<String> errors) {
    List<WireTarget> healthy = new ArrayList<>(targets);
    for (String figure : figures) {
      Map<String, Map<String, BenchResult>> byTarget = new HashMap<>();
      for (WireTarget target : List.copyOf(healthy)) {
        Map<String, BenchResult> results = new LinkedHashMap<>();
        String prefix = target.label() + ".";
        try {
          target.measure(
              figure,
              r -> {
                results.put(r.name().substring(prefix.length()), r);
                out.accept(r);
              },
              notes);
          byTarget.put(target.label(), results);
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
          errors.accept(target.label() + ": " + figure + ": " + message(e));
          healthy.remove(target);
        }
      }
      Map<String, BenchResult> lab = byTarget.get("lab");
      Map<String, BenchResult> reference = byTarget.get("nats-server");
      if (lab != null && reference != null) {
        lab.forEach(
            (name, ours) -> {
              if (reference.containsKey(name)) {
                out.accept(ratio(name, ours, reference.get(name)));
              }
            });
      }
    }
    return healthy.size() == targets.size();
  }

  static BenchResult ratio(String name, BenchResult lab, BenchResult reference) {
    boolean lowerIsBetter = lab.unit().equals("us") || lab.unit().equals("ms");
    double ratio = lowerIsBetter ? reference.value() / lab.value() : lab.value() / reference.value();
    return new BenchResult("ratio." + name, ratio, "x");
  }

  private static String message(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.toString() : message.lines().findFirst().orElse(message);
  }
}
