package dev.jslab.engine.raft;

import dev.jslab.engine.raft.RaftEvent.TransferPhase;
import dev.jslab.engine.raft.RaftMessage.AppendEntries;
import dev.jslab.engine.raft.RaftMessage.AppendResponse;
import dev.jslab.engine.raft.RaftMessage.InstallSnapshot;
import dev.jslab.engine.raft.RaftMessage.InstallSnapshotResponse;
import dev.jslab.engine.raft.RaftMessage.TimeoutNow;
import dev.jslab.engine.raft.RaftMessage.VoteRequest;
import dev.jslab.engine.raft.RaftMessage.VoteResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * One member of one Raft group as a pure state machine: every input ({@link #advance}, {@link
 * #step}, {@link #propose}, {@link #transferLeadership}, {@link #removePeer}, {@link #addPeer},
 * {@link #compact})
 * returns a {@link Ready} that the driver carries out (persist, then send, then apply). It never
 * reads a clock, sleeps, starts threads or draws unseeded randomness: time comes in through {@link
 * #advance}, and the election timeout is drawn from the injected random source, so the same inputs
 * always give the same outputs.
 *
 * <p>Implements the paper's election and replication (§5), pre-vote (thesis §9.6), check-quorum and
 * leader stickiness (thesis §6.2, §4.2.3), leadership transfer (thesis §3.10, with nats-server's
 * choice of target), single-server removal and addition (thesis §4.1) and snapshots (§7).
 *
 * <p>Not thread-safe: confined to its driver (the node's executor). Inputs other than {@link
 * #advance} use the time of the last {@code advance}.
 */
public final class RaftNode {
  private static final int STATUS_TAIL = 32;

  private final RaftConfig config;
  private final String group;
  private final String self;
  private final RaftTimings timings;
  private final RandomGenerator random;
  private final RaftLog log;

  private long now;
  private long term;
  private String votedFor;
  private Role role = Role.FOLLOWER;
  private String leader;
  private long commitIndex;
  private long deliveredIndex;
  private long appliedReported = -1;
  private final Membership membership;

  private long electionDeadline;
  private long lastLeaderContact = Long.MIN_VALUE / 2;
  private boolean transferCampaign;
  private final Election election = new Election();

  private final Replication replication;
  private long nextHeartbeat;
  private String transferTarget;
  private long transferDeadline;

  private ReadyBuilder out = new ReadyBuilder();
  private boolean hardStateDirty;
  private Role emittedRole = Role.FOLLOWER;
  private long emittedTerm;
  private String emittedLeader;

  /**
   * A member restarted from {@code state} (or {@link PersistentState#EMPTY}) at {@code nowNanos},
   * as a follower that knows no leader; its first election timeout is drawn from {@code random}.
   */
  public RaftNode(
      RaftConfig config, PersistentState state, RandomGenerator random, long nowNanos) {
    this.config = config;
    this.group = config.group();
    this.self = config.self();
    this.timings = config.timings();
    this.random = random;
    this.log = new RaftLog(state.snapshot(), state.entries());
    this.now = nowNanos;
    this.term = state.hardState().term();
    this.votedFor = state.hardState().votedFor().orElse(null);
    this.commitIndex = log.snapshotIndex();
    this.deliveredIndex = log.snapshotIndex();
    this.emittedTerm = term;
    this.membership = new Membership(config.members(), log);
    this.replication = new Replication(config, log, this::send);
    resetElectionTimer();
  }

  // ---------------------------------------------------------------- inputs

  /** Time has passed: fires the election timeout, heartbeats, the quorum check, transfer expiry. */
  public Ready advance(long nowNanos) {
    now = Math.max(now, nowNanos);
    if (role == Role.LEADER) {
      if (transferTarget != null && now >= transferDeadline) {
        transferEvent(Optional.of(transferTarget), TransferPhase.ABORTED, "target did not catch up");
        transferTarget = null;
      }
      if (now >= quorumDeadline()) {
        out.event(new RaftEvent.QuorumLost(group, self, term, heardFrom()));
        becomeFollower(term, null);
      } else if (now >= nextHeartbeat) {
        nextHeartbeat = now + timings.heartbeatNanos();
        replication.heartbeat(term, commitIndex);
      }
    } else if (now >= electionDeadline) {
      if (transferCampaign) {
        campaign(true);
      } else {
        preCampaign();
      }
    }
    return finish();
  }

  /** When {@link #advance} must be called next at the latest, in the driver's nanoseconds. */
  public long nextDeadlineNanos() {
    if (role != Role.LEADER) {
      return electionDeadline;
    }
    long next = Math.min(nextHeartbeat, quorumDeadline());
    return transferTarget == null ? next : Math.min(next, transferDeadline);
  }

  /** A message arrived, from anyone; it may be stale, duplicated or out of order. */
  public Ready step(RaftMessage message) {
    if (message instanceof VoteRequest m) {
      onVoteRequest(m);
    } else if (message instanceof VoteResponse m && m.preVote()) {
      onPreVoteResponse(m);
    } else if (message.term() < term) {
      if (message instanceof AppendEntries || message instanceof InstallSnapshot) {
        // Tell a stale leader about the newer term (§5.1).
        send(message.from(), new AppendResponse(term, self, false, 0, -1, 0, 0));
      }
    } else {
      if (message.term() > term) {
        boolean fromLeader = message instanceof AppendEntries || message instanceof InstallSnapshot;
        becomeFollower(message.term(), fromLeader ? message.from() : null);
      }
      if (message instanceof VoteResponse m) {
        onVoteResponse(m);
      } else if (message instanceof AppendEntries m) {
        onAppendEntries(m);
      } else if (message instanceof AppendResponse m) {
        onAppendResponse(m);
      } else if (message instanceof InstallSnapshot m) {
        onInstallSnapshot(m);
      } else if (message instanceof InstallSnapshotResponse m) {
        onInstallSnapshotResponse(m);
      } else if (message instanceof TimeoutNow m) {
        onTimeoutNow(m);
      }
    }
    return finish();
  }

  /** Appends a command if this member leads; otherwise refuses, naming the leader it knows. */
  public Ready propose(byte[] command) {
    if (role != Role.LEADER) {
      out.proposal(Proposal.refused("not leader", Optional.ofNullable(leader)));
    } else if (transferTarget != null) {
      out.proposal(Proposal.refused("leadership transfer in progress", Optional.of(self)));
    } else {
      Entry entry = appendLocal(EntryType.COMMAND, command.clone());
      out.proposal(Proposal.accepted(entry.index(), term, self));
    }
    return finish();
  }

  /**
   * Removes {@code peer} from the voting members by a configuration entry, effective as soon as it
   * is appended (thesis §4.1). One change at a time; a leader that removes itself steps down once
   * the entry is committed.
   */
  public Ready removePeer(String peer) {
    if (role != Role.LEADER) {
      out.proposal(Proposal.refused("not leader", Optional.ofNullable(leader)));
    } else if (!membership.contains(peer)) {
      out.proposal(Proposal.refused(peer + " is not a member", Optional.of(self)));
    } else if (membership.current().size() == 1) {
      out.proposal(Proposal.refused("cannot remove the last member", Optional.of(self)));
    } else if (membership.configIndex() > commitIndex) {
      out.proposal(Proposal.refused("a membership change is pending", Optional.of(self)));
    } else if (transferTarget != null) {
      out.proposal(Proposal.refused("leadership transfer in progress", Optional.of(self)));
    } else {
      Entry entry = appendLocal(EntryType.REMOVE_PEER, peer.getBytes(StandardCharsets.UTF_8));
      out.proposal(Proposal.accepted(entry.index(), term, self));
    }
    return finish();
  }

  /**
   * Adds {@code peer} to the voting members by a configuration entry, effective as soon as it is
   * appended (thesis §4.1): the leader replicates to it from then on, so a new member with an empty
   * log catches up by append entries. One change at a time.
   */
  public Ready addPeer(String peer) {
    if (role != Role.LEADER) {
      out.proposal(Proposal.refused("not leader", Optional.ofNullable(leader)));
    } else if (membership.contains(peer)) {
      out.proposal(Proposal.refused(peer + " is already a member", Optional.of(self)));
    } else if (membership.configIndex() > commitIndex) {
      out.proposal(Proposal.refused("a membership change is pending", Optional.of(self)));
    } else if (transferTarget != null) {
      out.proposal(Proposal.refused("leadership transfer in progress", Optional.of(self)));
    } else {
      Entry entry = appendLocal(EntryType.ADD_PEER, peer.getBytes(StandardCharsets.UTF_8));
      out.proposal(Proposal.accepted(entry.index(), term, self));
    }
    return finish();
  }

  /**
   * Starts a (pre-vote) election now instead of at the election timeout, unless a leader is known
   * or this member leads: a brand-new group's preferred member does this so the group has a leader
   * at once (nats-server campaigns immediately for a new stream's group).
   */
  public Ready campaignNow() {
    if (role == Role.FOLLOWER && leader == null) {
      preCampaign();
    }
    return finish();
  }

  /**
   * Steps down in favour of {@code preferred} if it is healthy (heard from within three
   * heartbeats), else of the most up-to-date healthy member: brings it up to date, sends it
   * TimeoutNow and steps down (thesis §3.10; the choice of target is nats-server's). Proposals are
   * refused meanwhile; the transfer is aborted after the minimum election timeout.
   */
  public Ready transferLeadership(Optional<String> preferred) {
    if (role != Role.LEADER) {
      transferEvent(preferred, TransferPhase.REFUSED, "not leader");
      return finish();
    }
    List<String> healthy = new ArrayList<>();
    for (String peer : membership.current()) {
      Progress p = replication.get(peer);
      if (p != null && p.lastContactNanos >= 0 && now - p.lastContactNanos < timings.healthyWithinNanos()) {
        healthy.add(peer);
      }
    }
    String target = null;
    if (preferred.isPresent() && healthy.contains(preferred.get())) {
      target = preferred.get();
    } else if (!healthy.isEmpty()) {
      // nats-server takes the first healthy peer of a Go map, in effect a random one; here a
      // random one of those holding the most of the log, so the new leader need not catch up
      long best = healthy.stream().mapToLong(peer -> replication.get(peer).matchIndex).max().getAsLong();
      List<String> mostCurrent = healthy.stream().filter(peer -> replication.get(peer).matchIndex == best).toList();
      target = mostCurrent.get(random.nextInt(mostCurrent.size()));
    }
    if (target == null) {
      transferEvent(preferred, TransferPhase.REFUSED, "no healthy peer");
      return finish();
    }
    transferTarget = target;
    transferDeadline = now + timings.electionMinNanos();
    transferEvent(Optional.of(target), TransferPhase.STARTED, "");
    maybeSendTimeoutNow(target);
    if (transferTarget != null) {
      replication.send(target, replication.get(target), true, term, commitIndex);
    }
    return finish();
  }

  /**
   * A member that restarted with its log tells the others it is back, so that a leader hears from
   * it now instead of at its next heartbeat (and counts it current again at once): to each other
   * member, a refused append answer naming no index — which a leader of its term takes as contact
   * and answers at once — from the entry after the member's match, since whatever was in flight to
   * it is lost, and at least with a heartbeat carrying the commit index it forgot; any other
   * member ignores it.
   */
  public Ready announceRestart() {
    for (String peer : membership.current()) {
      if (!peer.equals(self)) {
        send(peer, new AppendResponse(term, self, false, 0, 0, 0, 0));
      }
    }
    return finish();
  }

  /**
   * The application's snapshot of its state after applying everything up to {@code appliedIndex}:
   * the log up to there is dropped (paper §7). A no-op when not beyond the current snapshot.
   */
  public Ready compact(long appliedIndex, byte[] snapshot) {
    if (appliedIndex > deliveredIndex) {
      throw new IllegalArgumentException(
          "cannot snapshot at " + appliedIndex + ": only " + deliveredIndex + " handed out to apply");
    }
    if (appliedIndex > log.snapshotIndex()) {
      Snapshot taken =
          new Snapshot(appliedIndex, log.termAt(appliedIndex), membership.at(log, appliedIndex), snapshot.clone());
      log.compact(taken);
      out.persistSnapshot(taken);
      out.event(new RaftEvent.SnapshotTaken(group, self, taken.lastIndex(), taken.lastTerm()));
    }
    return finish();
  }

  /** The driver has applied every entry up to {@code index} (for {@link RaftStatus#appliedIndex}). */
  public void applied(long index) {
    appliedReported = Math.max(appliedReported, index);
  }

  // ---------------------------------------------------------------- observation

  public String id() {
    return self;
  }

  public Role role() {
    return role;
  }

  public long term() {
    return term;
  }

  public Optional<String> leader() {
    return Optional.ofNullable(leader);
  }

  /** The index of the last entry in this member's log. */
  public long lastIndex() {
    return log.lastIndex();
  }

  public long commitIndex() {
    return commitIndex;
  }

  /** The voting members as this member's log says now (the latest configuration entry counts). */
  public Set<String> members() {
    return Set.copyOf(membership.current());
  }

  /** Whether the latest configuration entry in this member's log is not committed yet. */
  public boolean membershipChangePending() {
    return membership.configIndex() > commitIndex;
  }

  /** An immutable picture of this member now. */
  public RaftStatus status() {
    Map<String, RaftStatus.FollowerStatus> followers = new TreeMap<>();
    replication.all().forEach((peer, p) -> followers.put(peer, p.status()));
    return new RaftStatus(
        group,
        self,
        role,
        term,
        Optional.ofNullable(votedFor),
        Optional.ofNullable(leader),
        commitIndex,
        appliedReported < 0 ? deliveredIndex : appliedReported,
        log.snapshotIndex(),
        log.firstIndex(),
        log.lastIndex(),
        log.tail(STATUS_TAIL),
        List.copyOf(membership.current()),
        followers,
        nextDeadlineNanos());
  }

  /** The last index its latest snapshot covers (0 before any). */
  public long snapshotIndex() {
    return log.snapshotIndex();
  }

  /** The latest snapshot this member keeps (taken or installed), if any. */
  public Optional<Snapshot> snapshot() {
    return log.snapshot();
  }

  /** The entries this member holds after its snapshot, for tests and inspection (a copy). */
  public List<Entry> entries() {
    return List.copyOf(log.entries());
  }

  // ---------------------------------------------------------------- elections (§5.2, thesis §9.6)

  private void preCampaign() {
    if (!membership.contains(self)) {
      electionDeadline = Long.MAX_VALUE;
      return;
    }
    transition(Role.PRE_CANDIDATE, null);
    election.start(self);
    resetElectionTimer();
    out.event(new RaftEvent.ElectionStarted(group, self, term + 1, true, false));
    if (election.won(membership.current())) {
      campaign(false);
      return;
    }
    broadcastVoteRequest(term + 1, true, false);
  }

  private void campaign(boolean transfer) {
    transferCampaign = false;
    if (!membership.contains(self)) {
      electionDeadline = Long.MAX_VALUE;
      return;
    }
    setTerm(term + 1);
    votedFor = self;
    leader = null;
    transition(Role.CANDIDATE, null);
    election.start(self);
    resetElectionTimer();
    out.event(new RaftEvent.ElectionStarted(group, self, term, false, transfer));
    if (election.won(membership.current())) {
      becomeLeader();
      return;
    }
    broadcastVoteRequest(term, false, transfer);
  }

  private void broadcastVoteRequest(long forTerm, boolean preVote, boolean transfer) {
    for (String peer : membership.current()) {
      if (!peer.equals(self)) {
        send(peer, new VoteRequest(forTerm, self, log.lastIndex(), log.lastTerm(), preVote, transfer));
      }
    }
  }

  /** Whether this member heard from a live leader within the minimum election timeout. */
  private boolean inLease() {
    return role == Role.LEADER
        || (leader != null && now - lastLeaderContact < timings.electionMinNanos());
  }

  private void onVoteRequest(VoteRequest m) {
    VoteReason reason;
    if (m.preVote()) {
      reason = Election.preVote(m, term, inLease(), log);
      boolean granted = reason == VoteReason.GRANTED;
      send(m.from(), new VoteResponse(granted ? m.term() : term, self, true, granted, reason));
    } else {
      if (m.term() > term && inLease() && !m.transfer()) {
        reason = VoteReason.LEADER_STICKY; // ignored entirely: our term stays (thesis §4.2.3)
      } else {
        if (m.term() > term) {
          becomeFollower(m.term(), null);
        }
        reason = Election.vote(m, term, votedFor, log);
        if (reason == VoteReason.GRANTED) {
          if (!m.from().equals(votedFor)) {
            votedFor = m.from();
            hardStateDirty = true;
          }
          resetElectionTimer();
        }
      }
      send(m.from(), new VoteResponse(term, self, false, reason == VoteReason.GRANTED, reason));
    }
    out.event(new RaftEvent.VoteCast(group, self, m.from(), m.term(), m.preVote(), reason));
  }

  private void onPreVoteResponse(VoteResponse m) {
    if (m.granted()) {
      if (role == Role.PRE_CANDIDATE && m.term() == term + 1) {
        if (election.grant(m.from(), membership.current())) {
          campaign(false);
        }
      }
    } else if (m.term() > term) {
      becomeFollower(m.term(), null);
    }
  }

  private void onVoteResponse(VoteResponse m) {
    if (role == Role.CANDIDATE && m.term() == term && m.granted()) {
      if (election.grant(m.from(), membership.current())) {
        becomeLeader();
      }
    }
  }

  private void onTimeoutNow(TimeoutNow m) {
    if (role != Role.LEADER && membership.contains(self)) {
      transferCampaign = true;
      electionDeadline = now + timings.campaignDelayNanos();
    }
  }

  // ---------------------------------------------------------------- roles

  private void becomeLeader() {
    transition(Role.LEADER, self);
    out.event(new RaftEvent.LeaderElected(group, self, term, election.voters()));
    replication.start(membership.current(), now);
    transferTarget = null;
    appendLocal(EntryType.NOOP, new byte[0]); // commits the previous terms' entries (§5.4.2, §8)
    nextHeartbeat = now + timings.heartbeatNanos();
  }

  private void becomeFollower(long newTerm, String newLeader) {
    if (newTerm > term) {
      setTerm(newTerm);
    }
    if (role == Role.LEADER) {
      replication.stop();
      transferTarget = null;
    }
    transition(Role.FOLLOWER, newLeader);
    resetElectionTimer();
  }

  private void setTerm(long newTerm) {
    transferCampaign = false;
    term = newTerm;
    votedFor = null;
    hardStateDirty = true;
  }

  private void transition(Role to, String newLeader) {
    role = to;
    leader = newLeader;
    if (role != emittedRole || term != emittedTerm || !java.util.Objects.equals(leader, emittedLeader)) {
      out.event(
          new RaftEvent.RoleChanged(group, self, emittedRole, role, term, Optional.ofNullable(leader)));
      emittedRole = role;
      emittedTerm = term;
      emittedLeader = leader;
    }
  }

  private void resetElectionTimer() {
    if (transferCampaign) {
      return; // told to take over in this term: a late heartbeat from the old leader changes nothing
    }
    if (!membership.contains(self)) {
      electionDeadline = Long.MAX_VALUE;
      return;
    }
    long spread = timings.electionMaxNanos() - timings.electionMinNanos();
    electionDeadline = now + timings.electionMinNanos() + (spread == 0 ? 0 : random.nextLong(spread + 1));
  }

  // ---------------------------------------------------------------- check-quorum (thesis §6.2)

  /** When this leader loses its quorum if it hears from nobody else. */
  private long quorumDeadline() {
    int needed = Quorum.size(membership.current()) - (membership.contains(self) ? 1 : 0);
    if (needed <= 0) {
      return Long.MAX_VALUE;
    }
    List<Long> contacts = new ArrayList<>();
    for (String peer : membership.current()) {
      Progress p = replication.get(peer);
      if (p != null) {
        contacts.add(p.lastContactNanos);
      }
    }
    if (contacts.size() < needed) {
      return now;
    }
    contacts.sort(java.util.Comparator.reverseOrder());
    return contacts.get(needed - 1) + timings.lostQuorumNanos();
  }

  private Set<String> heardFrom() {
    Set<String> heard = new TreeSet<>();
    if (membership.contains(self)) {
      heard.add(self);
    }
    replication.all().forEach(
        (peer, p) -> {
          if (now - p.lastContactNanos < timings.lostQuorumNanos()) {
            heard.add(peer);
          }
        });
    return heard;
  }

  // ---------------------------------------------------------------- replication (§5.3)

  private Entry appendLocal(EntryType type, byte[] data) {
    Entry entry = new Entry(log.lastIndex() + 1, term, type, data);
    log.append(entry);
    out.append(entry);
    out.event(new RaftEvent.EntriesAppended(group, self, entry.index(), entry.index(), 0));
    if (entry.isMembershipChange()) {
      membershipChanged(entry.index());
    }
    replication.broadcast(term, commitIndex);
    maybeCommit();
    return entry;
  }

  private void onAppendEntries(AppendEntries m) {
    becomeFollower(term, m.from());
    lastLeaderContact = now;
    long prev = m.prevIndex();
    List<Entry> entries = m.entries();
    if (prev < log.snapshotIndex()) {
      // Everything up to our snapshot is committed and therefore matches (§5.4.3).
      entries = entries.stream().filter(e -> e.index() > log.snapshotIndex()).toList();
      if (entries.isEmpty() && prev + m.entries().size() <= log.snapshotIndex()) {
        send(m.from(), new AppendResponse(term, self, true, log.snapshotIndex(), 0, 0, 0));
        return;
      }
      prev = log.snapshotIndex();
    } else if (log.termAt(prev) != m.prevTerm()) {
      long conflictTerm = Math.max(0, log.termAt(prev));
      long conflictIndex = conflictTerm == 0 ? log.lastIndex() + 1 : log.firstIndexOfTerm(prev);
      out.event(new RaftEvent.EntriesRejected(group, self, m.from(), prev, m.prevTerm(), conflictIndex));
      send(m.from(), new AppendResponse(term, self, false, 0, prev, conflictIndex, conflictTerm));
      return;
    }
    long truncatedFrom = 0;
    long firstNew = 0;
    long lastNew = 0;
    for (Entry e : entries) {
      long existing = log.termAt(e.index());
      if (existing == e.term()) {
        continue;
      }
      if (existing >= 0) {
        if (e.index() <= commitIndex) {
          throw new IllegalStateException("leader " + m.from() + " conflicts with committed " + e);
        }
        log.truncateFrom(e.index()); // a conflicting suffix goes, and everything after it (§5.3)
        out.truncate(e.index());
        truncatedFrom = e.index();
        if (membership.configIndex() >= e.index()) {
          membershipChanged(e.index());
        }
      }
      log.append(e);
      out.append(e);
      if (firstNew == 0) {
        firstNew = e.index();
      }
      lastNew = e.index();
      if (e.isMembershipChange()) {
        membershipChanged(e.index());
      }
    }
    if (firstNew > 0) {
      out.event(new RaftEvent.EntriesAppended(group, self, firstNew, lastNew, truncatedFrom));
    }
    long verified = prev + entries.size();
    advanceCommit(Math.min(m.leaderCommit(), verified));
    send(m.from(), new AppendResponse(term, self, true, verified, 0, 0, 0));
  }

  private void onAppendResponse(AppendResponse m) {
    Progress p = replication.get(m.from());
    if (role != Role.LEADER || m.term() != term || p == null) {
      return;
    }
    p.lastContactNanos = now;
    // a refusal naming no index is a restarted member's announcement (an index-0 append is never
    // refused): it lost what it knew of the commit index, so it is sent at least a heartbeat now
    boolean restarted = !m.success() && m.rejectedIndex() == 0;
    if (m.success()) {
      if (replication.accepted(p, m.matchIndex())) {
        maybeCommit();
      }
      maybeSendTimeoutNow(m.from());
    } else if (restarted) {
      p.probeFrom(p.matchIndex + 1); // what was in flight to it died with it: resend from its match
    } else {
      replication.rejected(p, m);
    }
    if (role == Role.LEADER && replication.get(m.from()) == p) {
      replication.send(m.from(), p, restarted, term, commitIndex);
      replication.notifyCommit(term, commitIndex);
    }
  }

  private void maybeCommit() {
    if (role != Role.LEADER) {
      return;
    }
    long candidate = Quorum.majorityIndex(membership.current(), replication.matchIndexes());
    if (candidate > commitIndex && log.termAt(candidate) == term) { // only the current term (§5.4.2)
      advanceCommit(candidate);
      replication.broadcast(term, commitIndex);
    }
    if (membership.configIndex() > 0 && membership.configIndex() <= commitIndex) {
      replication.retain(membership.current());
      if (!membership.contains(self)) {
        becomeFollower(term, null); // a removed leader leaves once its removal is committed
      }
    }
  }

  private void advanceCommit(long index) {
    if (index > commitIndex) {
      out.event(new RaftEvent.CommitAdvanced(group, self, commitIndex, index));
      commitIndex = index;
    }
  }

  // ---------------------------------------------------------------- transfer (thesis §3.10)

  private void maybeSendTimeoutNow(String peer) {
    if (peer.equals(transferTarget) && replication.get(peer).matchIndex == log.lastIndex()) {
      send(peer, new TimeoutNow(term, self));
      transferEvent(Optional.of(peer), TransferPhase.TIMEOUT_NOW_SENT, "");
      becomeFollower(term, null);
    }
  }

  private void transferEvent(Optional<String> target, TransferPhase phase, String detail) {
    out.event(new RaftEvent.LeadershipTransfer(group, self, target, phase, detail));
  }

  // ---------------------------------------------------------------- snapshots (§7)

  private void onInstallSnapshot(InstallSnapshot m) {
    becomeFollower(term, m.from());
    lastLeaderContact = now;
    Snapshot s = m.snapshot();
    if (s.lastIndex() > commitIndex) {
      if (log.termAt(s.lastIndex()) == s.lastTerm()) {
        // The log already holds the snapshot's last entry: keep what follows, which this member
        // may have acknowledged (§7).
        log.compact(s);
        out.persistSnapshot(s);
      } else {
        log.resetTo(s);
        out.persistSnapshot(s);
        out.truncate(s.lastIndex() + 1);
      }
      out.applySnapshot(s);
      advanceCommit(s.lastIndex());
      deliveredIndex = s.lastIndex();
      membershipChanged(s.lastIndex());
      out.event(new RaftEvent.SnapshotInstalled(group, self, m.from(), s.lastIndex(), s.lastTerm()));
    }
    send(m.from(), new InstallSnapshotResponse(term, self, Math.max(commitIndex, s.lastIndex())));
  }

  private void onInstallSnapshotResponse(InstallSnapshotResponse m) {
    Progress p = replication.get(m.from());
    if (role != Role.LEADER || m.term() != term || p == null) {
      return;
    }
    p.lastContactNanos = now;
    if (replication.snapshotInstalled(p, m.matchIndex())) {
      maybeCommit();
    }
    if (role == Role.LEADER && replication.get(m.from()) == p) {
      maybeSendTimeoutNow(m.from());
      if (role == Role.LEADER) {
        replication.send(m.from(), p, false, term, commitIndex);
      }
    }
  }

  // ---------------------------------------------------------------- membership (thesis §4.1)

  /** Recomputes the members from the log (the latest configuration entry wins, committed or not). */
  private void membershipChanged(long atIndex) {
    if (membership.recompute(log)) {
      out.event(new RaftEvent.MembershipChanged(group, self, Set.copyOf(membership.current()), atIndex));
      if (!membership.contains(self) && role != Role.LEADER) {
        electionDeadline = Long.MAX_VALUE;
      } else if (membership.contains(self) && role != Role.LEADER && electionDeadline == Long.MAX_VALUE) {
        resetElectionTimer(); // added: it takes part in elections from now on
      }
      if (role == Role.LEADER) {
        replication.include(membership.current(), now); // an added member is replicated to at once
      }
    }
  }

  // ---------------------------------------------------------------- output

  private void send(String to, RaftMessage message) {
    out.send(new Envelope(self, to, message));
  }

  private Ready finish() {
    if (hardStateDirty) {
      out.hardState(new HardState(term, Optional.ofNullable(votedFor)));
      hardStateDirty = false;
    }
    for (long i = deliveredIndex + 1; i <= commitIndex; i++) {
      out.apply(log.get(i));
    }
    deliveredIndex = commitIndex;
    Ready ready = out.build();
    out = new ReadyBuilder();
    return ready;
  }
}
