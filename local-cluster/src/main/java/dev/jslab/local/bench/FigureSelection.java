package dev.jslab.local.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names of the wire figures a run measures. Without replicas they are {@link WireBench.Figure}'s
 * labels ({@code core.pubsub}, {@code js.sync.file}, …). With replicas R they carry an {@code rR}
 * marker: {@code r3.js.sync.memory} … {@code r3.js.fetch.file} (the JetStream figures on an R3
 * stream, measured through its leader) and the opt-in failover figures {@code r3.failover.stepdown}
 * and {@code r3.failover.crash} ({@code failover} names both). A crash leaves the cluster a node
 * short, so it is always measured last.
 *
 * <p>Immutable; stateless helpers.
 */
final class FigureSelection {
  /** The failover figure that steps the stream leader down. */
  static final String STEPDOWN = "failover.stepdown";
  /** The failover figure that kills the stream leader's node. */
  static final String CRASH = "failover.crash";
  /** Names both failover figures. */
  static final String FAILOVER = "failover";

  private FigureSelection() {}

  /** The replica marker of figure names, {@code r3.} for 3; empty for 1. */
  static String marker(int replicas) {
    return replicas == 1 ? "" : "r" + replicas + ".";
  }

  /** Every figure a run with {@code replicas} knows, in the order they are measured. */
  static List<String> known(int replicas) {
    List<String> names = new ArrayList<>();
    for (WireBench.Figure f : WireBench.Figure.values()) {
      if (replicas == 1 || f.jetStream()) {
        names.add(marker(replicas) + f.label());
      }
    }
    if (replicas > 1) {
      names.add(marker(replicas) + STEPDOWN);
      names.add(marker(replicas) + CRASH);
    }
    return names;
  }

  /** What a run measures when no figure is named: all but the failover figures. */
  static List<String> defaults(int replicas) {
    return known(replicas).stream().filter(n -> !isFailover(n)).toList();
  }

  /**
   * The figures {@code asked} names (all defaults when null or empty), each once, in the order
   * asked except that a crash comes last.
   *
   * @throws IllegalArgumentException naming an unknown figure and the known ones
   */
  static List<String> select(int replicas, List<String> asked) {
    if (asked == null || asked.isEmpty()) {
      return defaults(replicas);
    }
    List<String> known = known(replicas);
    Set<String> chosen = new LinkedHashSet<>();
    for (String name : asked) {
      if (replicas > 1 && (name.equals(FAILOVER) || name.equals(marker(replicas) + FAILOVER))) {
        chosen.add(marker(replicas) + STEPDOWN);
        chosen.add(marker(replicas) + CRASH);
      } else if (known.contains(name)) {
        chosen.add(name);
      } else {
        List<String> listed = new ArrayList<>(known);
        if (replicas > 1) {
          listed.add(FAILOVER);
        }
        throw new IllegalArgumentException("unknown figure '" + name + "'; known: " + listed);
      }
    }
    List<String> ordered = new ArrayList<>(chosen);
    String crash = marker(replicas) + CRASH;
    if (ordered.remove(crash)) {
      ordered.add(crash);
    }
    return ordered;
  }

  /** Whether {@code name} is a failover figure. */
  static boolean isFailover(String name) {
    return name.endsWith(STEPDOWN) || name.endsWith(CRASH);
  }

  /** The wire bench figure behind {@code name} (a failover figure has none). */
  static WireBench.Figure wireFigure(String name, int replicas) {
    String label = name.substring(marker(replicas).length());
    for (WireBench.Figure f : WireBench.Figure.values()) {
      if (f.label().equals(label)) {
        return f;
      }
    }
    throw new IllegalArgumentException("no wire figure " + name);
  }
}
