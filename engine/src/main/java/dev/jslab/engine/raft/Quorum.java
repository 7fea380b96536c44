package dev.jslab.engine.raft;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/** Majority arithmetic over a set of voting members (paper §5.2, §5.3). Stateless. */
final class Quorum {
  private Quorum() {}

  /** How many members make a majority: {@code n/2 + 1}. */
  static int size(Set<String> members) {
    return members.size() / 2 + 1;
  }

  /** Whether {@code granted} holds a majority of {@code members}. */
  static boolean reached(Set<String> members, Set<String> granted) {
    long count = granted.stream().filter(members::contains).count();
    return count >= size(members);
  }

  /** The highest index that a majority of {@code members} have (absent members count as 0). */
  static long majorityIndex(Set<String> members, Map<String, Long> matchIndex) {
    long[] matches = members.stream().mapToLong(m -> matchIndex.getOrDefault(m, 0L)).toArray();
    if (matches.length == 0) {
      return 0;
    }
    Arrays.sort(matches);
    return matches[matches.length - size(members)];
  }
}
