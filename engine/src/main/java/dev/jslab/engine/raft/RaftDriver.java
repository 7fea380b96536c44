package dev.jslab.engine.raft;

import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;
import java.util.Optional;

/**
 * Drives one {@link RaftNode} on its host's scheduler: tells the node the time before every input
 * (the node times what an input starts — an election timeout reset by a heartbeat — from the last
 * time it was told), carries out each {@link Ready} in order (persist, then send, then apply),
 * and keeps a timer at the node's next deadline. The host supplies the effects.
 *
 * <p>Not thread-safe: confined to the scheduler's thread.
 */
public final class RaftDriver {
  /** What the host does for the driver. */
  public interface Effects {
    /** Hands a message to the network. */
    void send(Envelope envelope);

    /** Applies a committed entry to the host's state machine. */
    void apply(Entry entry);

    /** Hears of a Raft event, for observation. */
    default void event(RaftEvent event) {}

    /** Replaces the host's state machine by a leader's snapshot. */
    default void applySnapshot(Snapshot snapshot) {
      throw new IllegalStateException("this state machine takes no snapshots");
    }

    /** After each Ready is carried out (the node's view may have changed). */
    default void afterReady() {}
  }

  private final RaftNode node;
  private final RaftStorage storage;
  private final Scheduler scheduler;
  private final Effects effects;
  private Timer timer;
  private boolean paused;
  private boolean stopped;

  /** Starts driving {@code node}, whose state {@code storage} holds. */
  public RaftDriver(RaftNode node, RaftStorage storage, Scheduler scheduler, Effects effects) {
    this.node = node;
    this.storage = storage;
    this.scheduler = scheduler;
    this.effects = effects;
    arm();
  }

  /** The driven node, for observation. */
  public RaftNode node() {
    return node;
  }

  /** A message arrived. Ignored while paused or stopped. */
  public void receive(RaftMessage message) {
    if (running()) {
      catchUp();
      handle(node.step(message));
    }
  }

  /** Proposes {@code command}; the node's answer (refused while paused or stopped). */
  public Proposal propose(byte[] command) {
    if (!running()) {
      return Proposal.refused("stopped", Optional.empty());
    }
    catchUp();
    Ready ready = node.propose(command);
    handle(ready);
    return ready.proposal().orElseThrow();
  }

  /** Proposes removing {@code peer} from the members (see {@link RaftNode#removePeer}). */
  public Proposal removePeer(String peer) {
    return membershipChange(() -> node.removePeer(peer));
  }

  /** Proposes adding {@code peer} to the members (see {@link RaftNode#addPeer}). */
  public Proposal addPeer(String peer) {
    return membershipChange(() -> node.addPeer(peer));
  }

  private Proposal membershipChange(java.util.function.Supplier<Ready> change) {
    if (!running()) {
      return Proposal.refused("stopped", Optional.empty());
    }
    catchUp();
    Ready ready = change.get();
    handle(ready);
    return ready.proposal().orElseThrow();
  }

  /**
   * The host's state machine holds everything up to {@code appliedIndex} where it survives a
   * restart: the log up to there is replaced by {@code snapshot} (see {@link RaftNode#compact}).
   */
  public void compact(long appliedIndex, byte[] snapshot) {
    if (running()) {
      handle(node.compact(appliedIndex, snapshot));
    }
  }

  /** Tells the other members this restarted member is back (see {@link RaftNode#announceRestart()}). */
  public void announceRestart() {
    if (running()) {
      catchUp();
      handle(node.announceRestart());
    }
  }

  /** Asks the node to stand for election now (see {@link RaftNode#campaignNow()}). */
  public void campaignNow() {
    if (running()) {
      catchUp();
      handle(node.campaignNow());
    }
  }

  /** Asks the node to hand over leadership, to {@code preferred} if healthy. */
  public void transferLeadership(Optional<String> preferred) {
    if (running()) {
      catchUp();
      handle(node.transferLeadership(preferred));
    }
  }

  /**
   * Freezes the node ({@code true}: no timer fires, no input is taken) or lets it run again; a
   * deadline that passed meanwhile fires at once.
   */
  public void setPaused(boolean pause) {
    paused = pause;
    arm();
  }

  /** Stops driving for good: the timer is cancelled and every later input ignored. */
  public void stop() {
    stopped = true;
    arm();
  }

  private boolean running() {
    return !paused && !stopped;
  }

  private void catchUp() {
    handle(node.advance(scheduler.nowNanos()));
  }

  private void handle(Ready ready) {
    storage.persist(ready);
    ready.events().forEach(effects::event);
    ready.messages().forEach(effects::send);
    ready.snapshotToApply().ifPresent(effects::applySnapshot);
    for (Entry e : ready.committed()) {
      effects.apply(e);
      node.applied(e.index());
    }
    effects.afterReady();
    arm();
  }

  private void arm() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    long at = node.nextDeadlineNanos();
    if (running() && at != Long.MAX_VALUE) {
      timer = scheduler.schedule(at - scheduler.nowNanos(), () -> {
        if (running()) {
          handle(node.advance(scheduler.nowNanos()));
        }
      });
    }
  }
}
