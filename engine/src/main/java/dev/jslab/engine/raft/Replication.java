package dev.jslab.engine.raft;

import dev.jslab.engine.raft.RaftMessage.AppendEntries;
import dev.jslab.engine.raft.RaftMessage.AppendResponse;
import dev.jslab.engine.raft.RaftMessage.InstallSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A leader's side of log replication (paper §5.3, §7): one {@link Progress} per follower, appends
 * batched (at most so many entries and bytes) and pipelined (optimistic next index, a bounded
 * number in flight), backing up by the follower's conflict hint, and InstallSnapshot for a
 * follower whose next entry was compacted away. Heartbeats resend what a lost message left stalled.
 *
 * <p>Not thread-safe: confined to its {@link RaftNode}.
 */
final class Replication {
  private final RaftConfig config;
  private final RaftLog log;
  private final BiConsumer<String, RaftMessage> sender;
  private final TreeMap<String, Progress> followers = new TreeMap<>();

  Replication(RaftConfig config, RaftLog log, BiConsumer<String, RaftMessage> sender) {
    this.config = config;
    this.log = log;
    this.sender = sender;
  }

  /** A new leadership: every other member starts probing after the leader's last entry. */
  void start(Set<String> members, long nowNanos) {
    followers.clear();
    for (String peer : members) {
      if (!peer.equals(config.self())) {
        Progress p = new Progress(log.lastIndex() + 1);
        p.lastContactNanos = nowNanos; // a fresh leader gets a full lost-quorum interval
        followers.put(peer, p);
      }
    }
  }

  /** Starts replicating to members it does not replicate to yet (added ones), after the leader's last entry. */
  void include(Set<String> members, long nowNanos) {
    for (String peer : members) {
      if (!peer.equals(config.self()) && !followers.containsKey(peer)) {
        Progress p = new Progress(log.lastIndex() + 1);
        p.lastContactNanos = nowNanos; // a new member gets a full lost-quorum interval to answer
        followers.put(peer, p);
      }
    }
  }

  void stop() {
    followers.clear();
  }

  /** The follower's progress, or null if it is not replicated to. */
  Progress get(String peer) {
    return followers.get(peer);
  }

  Map<String, Progress> all() {
    return followers;
  }

  /** Stops replicating to those no longer members (once their removal is committed). */
  void retain(Set<String> members) {
    followers.keySet().removeIf(peer -> !members.contains(peer));
  }

  /** Each follower's match index, plus the leader's own last index. */
  Map<String, Long> matchIndexes() {
    Map<String, Long> match = new HashMap<>();
    followers.forEach((peer, p) -> match.put(peer, p.matchIndex));
    match.put(config.self(), log.lastIndex());
    return match;
  }

  /** Sends whatever each follower can take now. */
  void broadcast(long term, long commit) {
    for (Map.Entry<String, Progress> e : followers.entrySet()) {
      send(e.getKey(), e.getValue(), false, term, commit);
    }
  }

  /** At least one message to every follower; restarts a follower stalled by a lost append. */
  void heartbeat(long term, long commit) {
    for (Map.Entry<String, Progress> e : followers.entrySet()) {
      Progress p = e.getValue();
      if (p.mode == Progress.Mode.REPLICATE
          && !p.inflight.isEmpty()
          && p.matchIndex == p.matchAtLastHeartbeat) {
        p.probeFrom(p.matchIndex + 1); // an append was lost: start again from what is known
      }
      p.matchAtLastHeartbeat = p.matchIndex;
      send(e.getKey(), p, true, term, commit);
    }
  }

  /** The follower matches up to {@code matchIndex}; returns whether that is news. */
  boolean accepted(Progress p, long matchIndex) {
    boolean advanced = p.acknowledge(matchIndex);
    if (p.mode == Progress.Mode.PROBE && p.matchIndex >= p.nextIndex - 1) {
      p.mode = Progress.Mode.REPLICATE;
      p.nextIndex = p.matchIndex + 1;
      p.inflight.clear();
    }
    return advanced;
  }

  /** The follower refused an append: back up to where its hint says the logs may match. */
  void rejected(Progress p, AppendResponse m) {
    if (m.rejectedIndex() <= p.matchIndex) {
      return; // stale: the logs are known to match further
    }
    if (p.mode == Progress.Mode.PROBE && m.rejectedIndex() != p.nextIndex - 1) {
      return; // stale: answers an earlier probe
    }
    if (p.mode == Progress.Mode.SNAPSHOT) {
      return;
    }
    long next = m.conflictIndex();
    if (m.conflictTerm() > 0) {
      long last = log.lastIndexOfTerm(m.conflictTerm());
      if (last > 0) {
        next = last + 1;
      }
    }
    p.probeFrom(Math.min(next, m.rejectedIndex()));
  }

  /** The follower installed a snapshot and matches up to {@code matchIndex}; returns whether news. */
  boolean snapshotInstalled(Progress p, long matchIndex) {
    boolean advanced = p.acknowledge(matchIndex);
    if (p.mode == Progress.Mode.SNAPSHOT) {
      p.probeFrom(p.matchIndex + 1);
    }
    return advanced;
  }

  /**
   * Sends what {@code peer} needs next: appends within the batch and in-flight limits, a snapshot
   * when its next entry was compacted away; with {@code heartbeat}, at least one message.
   */
  void send(String peer, Progress p, boolean heartbeat, long term, long commit) {
    if (p.mode == Progress.Mode.SNAPSHOT) {
      if (heartbeat) {
        sendSnapshot(peer, p, term);
      }
      return;
    }
    if (log.termAt(p.nextIndex - 1) < 0) {
      sendSnapshot(peer, p, term);
      return;
    }
    if (p.mode == Progress.Mode.PROBE) {
      if (heartbeat || p.inflight.isEmpty()) {
        p.inflight.clear();
        p.inflight.add(sendBatch(peer, p.nextIndex, term, commit));
        p.commitSent = commit;
      }
      return;
    }
    boolean sent = false;
    while (p.inflight.size() < config.maxInflightAppends() && p.nextIndex <= log.lastIndex()) {
      long last = sendBatch(peer, p.nextIndex, term, commit);
      p.inflight.add(last);
      p.nextIndex = last + 1;
      p.commitSent = commit;
      sent = true;
    }
    if (heartbeat && !sent) {
      // With appends in flight, anchor the heartbeat at the known match so that it cannot overtake
      // them and be refused.
      long prev = p.inflight.isEmpty() || log.termAt(p.matchIndex) < 0 ? p.nextIndex - 1 : p.matchIndex;
      sender.accept(peer, new AppendEntries(term, config.self(), prev, log.termAt(prev), List.of(), commit));
      p.commitSent = commit;
    }
  }

  /**
   * Tells each follower that holds the whole log and has nothing in flight a commit index it has
   * not been sent yet, with an empty append — as nats-server's leader sends a heartbeat after a
   * commit when no proposal waits — so followers apply (and a consumer led on one sees) what was
   * committed without waiting for the next heartbeat.
   */
  void notifyCommit(long term, long commit) {
    for (Map.Entry<String, Progress> e : followers.entrySet()) {
      Progress p = e.getValue();
      if (p.mode == Progress.Mode.REPLICATE
          && p.inflight.isEmpty()
          && p.matchIndex == log.lastIndex()
          && p.commitSent < commit
          && log.termAt(p.matchIndex) >= 0) {
        sender.accept(
            e.getKey(), new AppendEntries(term, config.self(), p.matchIndex, log.termAt(p.matchIndex), List.of(), commit));
        p.commitSent = commit;
      }
    }
  }

  /** Sends one batch starting at {@code next}; returns the last index it carries. */
  private long sendBatch(String peer, long next, long term, long commit) {
    List<Entry> batch = new ArrayList<>();
    long bytes = 0;
    for (long i = next; i <= log.lastIndex() && batch.size() < config.maxEntriesPerAppend(); i++) {
      Entry e = log.get(i);
      if (!batch.isEmpty() && bytes + e.data().length > config.maxBytesPerAppend()) {
        break;
      }
      batch.add(e);
      bytes += e.data().length;
    }
    sender.accept(peer, new AppendEntries(term, config.self(), next - 1, log.termAt(next - 1), batch, commit));
    return next - 1 + batch.size();
  }

  private void sendSnapshot(String peer, Progress p, long term) {
    Snapshot snapshot = log.snapshot().orElseThrow();
    p.mode = Progress.Mode.SNAPSHOT;
    p.inflight.clear();
    sender.accept(peer, new InstallSnapshot(term, config.self(), snapshot));
  }
}
