package dev.jslab.engine.monitor;

import dev.jslab.engine.consumer.GoDurations;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.Role;
import java.util.List;

/**
 * {@code /raftz} as nats-server 2.11 writes it: the node's Raft groups by account (the lab's live in
 * the system account, {@code $SYS}, as nats-server's meta group does), each with its state, size,
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

  private Raftz() {}

  static MonitorResponse answer(MonitorInput in, MonitorQuery query) {
    List<RaftGroupFacts> groups = in.raftGroups();
    if (groups.isEmpty()) {
      return MonitorResponse.text(404, Monitor.NO_RAFT);
    }
    String account = query.get("acc") == null || query.get("acc").isEmpty() ? SYSTEM_ACCOUNT : query.get("acc");
    String only = query.get("group") == null ? "" : query.get("group");
    List<RaftGroupFacts> shown =
        account.equals(SYSTEM_ACCOUNT)
            ? groups.stream().filter(g -> only.isEmpty() || g.status().group().equals(only)).toList()
            : List.of();
    if (shown.isEmpty()) {
      return MonitorResponse.text(404, "No Raft nodes returned, check supplied filters");
    }
    return MonitorResponse.json(
        200,
        MonitorJson.indented(
            3,
            g -> {
              g.writeStartObject();
              g.writeObjectFieldStart(SYSTEM_ACCOUNT);
              for (RaftGroupFacts group : shown) {
                writeGroup(g, group, in.nowNanos());
              }
              g.writeEndObject();
              g.writeEndObject();
            }));
  }

  private static void writeGroup(
      com.fasterxml.jackson.core.JsonGenerator g, RaftGroupFacts group, long nowNanos)
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
    g.writeBooleanField("system_account", true);
    g.writeStringField("traffic_account", SYSTEM_ACCOUNT);
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
