package dev.jslab.engine.monitor;

import dev.jslab.engine.consumer.GoDurations;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.Role;
import java.util.List;

/**
 * {@code /raftz} as nats-server 2.11 writes it: the node's Raft groups by account (the meta group in
 * the system account, {@code $SYS}; streams' and consumers' groups in {@code $G}), each with its state, size,
 * quorum, commit and applied index, leader, term, vote, last log term and index, its log's extent
 * as {@code wal}, and its peers. Options {@code acc} and {@code group} filter; 404 texts as
 * nats-server's. The lab's pre-candidates show as {@code FOLLOWER} (nats-server has no pre-vote);
 * the log has no sizes or times, so {@code wal} gives only its sequences and count.
 *
 * <p>Stateless.
 */
final class Raftz {
  /** The account the lab's Raft groups belong to, as nats-server's system account. */
  static final String SYSTEM_ACCOUNT = "$SYS";
  /** nats-server's account for clients when no accounts are configured. */
  static final String GLOBAL_ACCOUNT = "$G";

  private Raftz() {}

  static MonitorResponse answer(MonitorInput in, MonitorQuery query) {
    List<RaftGroupFacts> groups = in.raftGroups();
    if (groups.isEmpty()) {
      return MonitorResponse.text(404, Monitor.NO_RAFT);
    }
    String account = query.get("acc") == null ? "" : query.get("acc");
    String only = query.get("group") == null ? "" : query.get("group");
    java.util.Map<String, List<RaftGroupFacts>> shown = new java.util.TreeMap<>();
    for (RaftGroupFacts g : groups) {
      String owner = accountOf(g);
      if ((account.isEmpty() || account.equals(owner)) && (only.isEmpty() || g.status().group().equals(only))) {
        shown.computeIfAbsent(owner, a -> new java.util.ArrayList<>()).add(g);
      }
    }
    if (shown.isEmpty()) {
      return MonitorResponse.text(404, "No Raft nodes returned, check supplied filters");
    }
    return MonitorResponse.json(
        200,
        MonitorJson.indented(
            3,
            g -> {
              g.writeStartObject();
              for (var byAccount : shown.entrySet()) {
                g.writeObjectFieldStart(byAccount.getKey());
                for (RaftGroupFacts group : byAccount.getValue()) {
                  writeGroup(g, group, byAccount.getKey(), in.nowNanos());
                }
                g.writeEndObject();
              }
              g.writeEndObject();
            }));
  }

  /**
   * The account a group belongs to: the meta group is the system account's; a stream's or
   * consumer's group is its account's, {@code $G} for the lab's one account.
   */
  private static String accountOf(RaftGroupFacts group) {
    return group.status().group().equals("_meta_") ? SYSTEM_ACCOUNT : GLOBAL_ACCOUNT;
  }

  private static void writeGroup(
      com.fasterxml.jackson.core.JsonGenerator g, RaftGroupFacts group, String account, long nowNanos)
      throws java.io.IOException {
    RaftStatus s = group.status();
    int size = s.members().size();
    g.writeObjectFieldStart(s.group());
    g.writeStringField("id", s.node());
    g.writeStringField("state", s.role() == Role.LEADER ? "LEADER" : s.role() == Role.CANDIDATE ? "CANDIDATE" : "FOLLOWER");
    g.writeNumberField("size", size);
    g.writeNumberField("quorum_needed", size / 2 + 1);
    g.writeNumberField("committed", s.commitIndex());
    g.writeNumberField("applied", s.appliedIndex());
    if (s.leader().isPresent()) {
      g.writeStringField("leader", s.leader().get());
    }
    g.writeBooleanField("ever_had_leader", group.everHadLeader());
    g.writeNumberField("term", s.term());
    if (s.votedFor().isPresent()) {
      g.writeStringField("voted_for", s.votedFor().get());
    }
    long lastTerm = s.logTail().isEmpty() ? 0 : s.logTail().get(s.logTail().size() - 1).term();
    g.writeNumberField("pterm", lastTerm);
    g.writeNumberField("pindex", s.lastIndex());
    g.writeBooleanField("system_account", account.equals(SYSTEM_ACCOUNT));
    g.writeStringField("traffic_account", account);
    g.writeNumberField("ipq_proposal_len", 0);
    g.writeNumberField("ipq_entry_len", 0);
    g.writeNumberField("ipq_resp_len", 0);
    g.writeNumberField("ipq_apply_len", 0);
    g.writeObjectFieldStart("wal");
    long count = Math.max(0, s.lastIndex() - s.firstIndex() + 1);
    g.writeNumberField("messages", count);
    g.writeNumberField("bytes", 0);
    g.writeNumberField("first_seq", count == 0 ? s.lastIndex() + 1 : s.firstIndex());
    g.writeStringField("first_ts", "0001-01-01T00:00:00Z");
    g.writeNumberField("last_seq", s.lastIndex());
    g.writeStringField("last_ts", "0001-01-01T00:00:00Z");
    g.writeNumberField("consumer_count", 0);
    g.writeEndObject();
    g.writeObjectFieldStart("peers");
    for (String peer : s.members()) {
      if (peer.equals(s.node())) {
        continue;
      }
      g.writeObjectFieldStart(peer);
      g.writeStringField("name", peer);
      g.writeBooleanField("known", true);
      RaftStatus.FollowerStatus f = s.followers().get(peer);
      if (f != null && f.matchIndex() > 0) {
        g.writeNumberField("last_replicated_index", f.matchIndex());
      }
      if (f != null && f.lastContactNanos() >= 0) {
        g.writeStringField("last_seen", GoDurations.format(Math.max(0, nowNanos - f.lastContactNanos())));
      }
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }
}
