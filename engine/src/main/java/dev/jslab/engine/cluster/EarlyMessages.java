package dev.jslab.engine.cluster;

import dev.jslab.engine.raft.RaftMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raft messages for groups this node does not have yet. A new stream's or consumer's preferred
 * replica stands for election as soon as it applies the meta group's assignment, which the other
 * replicas may apply a heartbeat later; their first votes would be lost and the group would wait
 * out a whole election timeout (4–9 s with nats-server's timings). Kept here instead, bounded (the
 * latest few messages of the latest few groups), they are handed to the group when it is created.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class EarlyMessages {
  private static final int PER_GROUP = 32;
  private static final int GROUPS = 64;

  private final Map<String, Deque<RaftMessage>> byGroup =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<RaftMessage>> eldest) {
          return size() > GROUPS;
        }
      };

  /** Keeps {@code message} of the unknown group {@code group}. */
  void keep(String group, RaftMessage message) {
    Deque<RaftMessage> kept = byGroup.computeIfAbsent(group, g -> new ArrayDeque<>());
    if (kept.size() == PER_GROUP) {
      kept.removeFirst();
    }
    kept.addLast(message);
  }

  /** The kept messages of {@code group}, oldest first, forgotten here. */
  List<RaftMessage> take(String group) {
    Deque<RaftMessage> kept = byGroup.remove(group);
    return kept == null ? List.of() : List.copyOf(kept);
  }
}
