package dev.jslab.local.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verdict on a stream after a failover: every acknowledged message id must be stored exactly
 * once. A stored id nobody saw acknowledged (a publish whose PubAck was lost or not waited for) is
 * allowed, but it too must be stored only once.
 *
 * @param acknowledged distinct ids that got a PubAck
 * @param stored messages in the stream
 * @param lost acknowledged ids not in the stream
 * @param duplicated ids stored more than once
 * @param unacknowledged distinct stored ids that got no PubAck
 */
record ExactlyOnce(int acknowledged, int stored, List<String> lost, List<String> duplicated, int unacknowledged) {
  /** Judges the ids stored in a stream, in stream order, against the acknowledged ones. */
  static ExactlyOnce judge(Collection<String> acknowledgedIds, List<String> storedIds) {
    Set<String> acked = new LinkedHashSet<>(acknowledgedIds);
    Map<String, Integer> copies = new HashMap<>();
    List<String> duplicated = new ArrayList<>();
    for (String id : storedIds) {
      if (copies.merge(id, 1, Integer::sum) == 2) {
        duplicated.add(id);
      }
    }
    List<String> lost = acked.stream().filter(id -> !copies.containsKey(id)).toList();
    int unacknowledged = (int) copies.keySet().stream().filter(id -> !acked.contains(id)).count();
    return new ExactlyOnce(acked.size(), storedIds.size(), lost, List.copyOf(duplicated), unacknowledged);
  }

  /** Whether nothing acknowledged was lost and nothing was stored twice. */
  boolean holds() {
    return lost.isEmpty() && duplicated.isEmpty();
  }

  /** One line: the counts, and a few offending ids when it does not hold. */
  String summary() {
    String line =
        String.format(
            java.util.Locale.ROOT,
            "%d acknowledged, %d stored (%d never acknowledged), %d lost, %d duplicated",
            acknowledged, stored, unacknowledged, lost.size(), duplicated.size());
    if (!lost.isEmpty()) {
      line += "; lost e.g. " + lost.subList(0, Math.min(5, lost.size()));
    }
    if (!duplicated.isEmpty()) {
      line += "; duplicated e.g. " + duplicated.subList(0, Math.min(5, duplicated.size()));
    }
    return line;
  }
}
