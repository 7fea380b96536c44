package dev.jslab.engine.consumer;

import dev.jslab.engine.api.JsError;
import dev.jslab.engine.consumer.ConsumerOp.Started;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.RetentionPolicy;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamConsumer;
import dev.jslab.engine.time.Scheduler;

/**
 * One JetStream consumer of a {@link Stream}, as nats-server 2.10 runs it: push and pull delivery,
 * the ack protocol ({@code +ACK -NAK +WPI +NXT +TERM}), redelivery after {@code ack_wait} or
 * {@code backoff}, {@code max_deliver}, {@code max_ack_pending}, pull request queueing and status
 * replies, idle heartbeats, flow control, rate limiting, original-pace replay, advisories and
 * consumer info.
 *
 * <p>Like nats-server's consumer it has two layers. The replicated {@link ConsumerState} changes
 * only through {@link ConsumerOp}s applied in order ({@link #apply}), exactly as nats-server's
 * consumer store applies {@code UpdateDelivered}/{@code UpdateAcks}; the leader proposes them (in
 * R1 it applies them at once). The leader also keeps its working state: the next stream and
 * consumer sequences, pending deliveries with their delivery times (which drive redelivery), the
 * redelivery queue, waiting pull requests, flow control and timers. Every decision the leader
 * takes follows nats-server's code path, quirks included.
 *
 * <p>nats-server runs delivery in its own goroutine, woken by signals. Here every entry point
 * (a pull request, an ack, a stored message, a timer) does its work and then, when something
 * signalled, runs the delivery loop until it would wait again, before returning. So the outbox
 * holds the consequences of a call when the call returns. Timers run through the injected {@link
 * Scheduler}; a timer due at an instant counts as due at that instant (nats-server's real timers
 * fire just after their deadline).
 *
 * <p>This class is the consumer's face and the leadership and lifecycle around its parts, each
 * package-private with one job: the shared {@link ConsumerCore}, the leader's {@link LeaderState},
 * {@link StateUpdates} of the replicated state, {@link NumPending}, the {@link DeliveryLoop} with
 * {@link MessagePicker}, {@link DeliveryPacing}, {@link PushDelivery}, {@link Heartbeats} and
 * {@link PullServing}, {@link Redelivery}, the {@link AckProcessor} and {@link Inactivity}.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class Consumer implements StreamConsumer {
  private static final long MILLI = ConsumerCore.MILLI;
  private static final String UNACKED_DELETED = "Unacknowledged message was deleted";

  private final ConsumerCore core;
  private final LeaderState work = new LeaderState();
  private final StateUpdates updates;
  private final NumPending numPending;
  private final Redelivery redelivery;
  private final DeliveryPacing pacing;
  private final PushDelivery push;
  private final Heartbeats heartbeats;
  private final PullServing pull;
  private final Inactivity inactivity;
  private final AckProcessor acks;
  private final boolean recovered;
  private long createdNanos;
  private ConsumerInfo initialInfo;

  private Consumer(Stream stream, String name, ConsumerConfig cfg, ConsumerContext ctx) {
    this.core = new ConsumerCore(this, stream, name, cfg, ctx);
    this.createdNanos = core.now();
    ConsumerState stored = ctx.stateStore().load().orElse(null);
    this.recovered = stored != null;
    this.updates = new StateUpdates(core, stored != null ? stored : new ConsumerState());
    this.numPending = new NumPending(core, work);
    this.redelivery = new Redelivery(core, work, updates);
    this.pacing = new DeliveryPacing(core);
    this.push = new PushDelivery(core);
    this.heartbeats = new Heartbeats(core, work, push, pacing);
    this.pull = new PullServing(core, work, numPending, heartbeats);
    this.inactivity = new Inactivity(core, push, pull);
    this.acks = new AckProcessor(core, work, updates, redelivery, pull, inactivity);
    DeliveryLoop loop = new DeliveryLoop(
        core, work, updates, numPending, redelivery, pacing, push, pull, heartbeats, inactivity);
    core.deliverWith(loop::run);
  }

  /** When the consumer was created (its {@code created}). */
  public long createdNanos() {
    return createdNanos;
  }

  /** Restores the creation time of a consumer recovered after a restart (nats-server keeps it). */
  public void restoreCreated(long nanos) {
    this.createdNanos = nanos;
    this.initialInfo = null;
  }

  /**
   * Creates a consumer on {@code stream}, registers it and makes it the leader; when the context's
   * state store holds a state (a restart) the consumer resumes from it, else it selects its
   * starting point as nats-server does.
   *
   * @param name the consumer's name (from {@link ConsumerConfigCheck#checkCreate})
   * @param config a configuration that passed {@link ConsumerConfigCheck}
   * @param deliveryInterest for a push consumer: whether its deliver subject has subscribers now
   */
  public static Consumer create(
      Stream stream, String name, ConsumerConfig config, ConsumerContext ctx,
      boolean deliveryInterest) {
    Consumer c = new Consumer(stream, name, config, ctx);
    c.init(deliveryInterest);
    return c;
  }

  /**
   * Creates a replica of a replicated consumer on {@code stream}: it selects its starting point as
   * a new consumer does, registers with the stream and follows — it applies committed operations
   * ({@link #apply}) and delivers nothing until {@link #setLeader} makes it the leader.
   */
  public static Consumer createReplica(
      Stream stream, String name, ConsumerConfig config, ConsumerContext ctx) {
    Consumer c = new Consumer(stream, name, config, ctx);
    c.prepare();
    return c;
  }

  private void init(boolean deliveryInterest) {
    prepare();
    becomeLeader(deliveryInterest);
  }

  /** Everything a new consumer does before it leads: limits, starting point, registration. */
  private void prepare() {
    ConsumerConfig cfg = core.cfg;
    work.limits(cfg);
    acks.setSampleFrequency(cfg.sampleFrequency());
    pull.reset();
    if (recovered) {
      applyState(0);
    } else if (work.start(StartPosition.select(cfg, core.stream)) && work.sseq > 0) {
      updates.apply(new Started(work.sseq - 1));
    }
    core.cfg = inactivity.withThreshold(cfg);
    pacing.setRateLimit(core.cfg.rateLimitBps());
    core.stream.addConsumer(this);
  }

  // =================================================================== identity and config

  @Override
  public String name() {
    return core.name;
  }

  /** The stream's name. */
  public String streamName() {
    return core.stream.name();
  }

  /** The configuration in use (an ephemeral's default inactive threshold filled in). */
  @Override
  public boolean isDirect() {
    return config().direct();
  }

  public ConsumerConfig config() {
    return core.cfg;
  }

  /** The replicated state (read-only use: it changes only through {@link #apply}). */
  public ConsumerState state() {
    return updates.state();
  }

  /** True once deleted or stopped. */
  public boolean isClosed() {
    return core.closed;
  }

  /** True when the inactive threshold passed and the consumer asked to be deleted. */
  public boolean isInactive() {
    return inactivity.reported();
  }

  // =================================================================== replicated state

  /**
   * Applies one operation to the replicated state, saves it and tells the listener. The leader
   * calls it for every operation it takes; replicas call it for committed operations.
   */
  public void apply(ConsumerOp op) {
    updates.apply(op);
  }

  /**
   * Replaces the replicated state by {@code restored} (a copy is kept) as a consumer recovered at
   * start loads its stored state: the working state — next sequences, ack floor, pending
   * deliveries, redelivery counts — is rebuilt from it and the redelivery queue emptied; a leader
   * starts its redelivery timer again and counts what it has to deliver. For a replica restoring
   * its group's snapshot; on the node's executor, like every entry point.
   */
  public void restoreState(ConsumerState restored) {
    if (core.closed) {
      return;
    }
    core.call(() -> {
      updates.restore(restored);
      work.rdq.clear();
      work.sseq = 0; // a leader's next sequence is the restored one, not its own
      applyState(core.leader ? core.stream.lastSeq() : 0);
      if (core.leader) {
        numPending.recount();
      }
    });
  }

  /** nats-server's {@code applyState}: the working state from the replicated one. */
  private void applyState(long streamLastSeq) {
    work.load(updates.state(), core.leader);
    if (core.leader && !work.pending.isEmpty()) {
      redelivery.resumeAfterLoad();
    }
    if (work.forgetStaleRedeliveries(streamLastSeq)) {
      updates.replaceWith(work);
    }
  }

  // =================================================================== leadership

  private void becomeLeader(boolean deliveryInterest) {
    core.leader = true;
    work.rdq.clear();
    applyState(core.stream.lastSeq());
    numPending.recount();
    if (work.lss != null && !work.lss.seqs.isEmpty() && work.sseq >= work.lss.resume) {
      work.lss = null;
    }
    push.lead(deliveryInterest);
    inactivity.lead();
    pacing.startReplay();
    redelivery.checkPending();
    initialInfo = buildInfo();
    pacing.replayUpToNow();
    heartbeats.start();
    core.signal();
    core.runLoop();
  }

  /**
   * Takes or gives up leadership. A new leader rebuilds its working state from the replicated
   * state and starts delivering; a former leader stops its timers and forgets its pull requests.
   */
  public void setLeader(boolean isLeader, boolean deliveryInterest) {
    if (core.closed || isLeader == core.leader) {
      return;
    }
    if (isLeader) {
      becomeLeader(deliveryInterest);
      return;
    }
    core.leader = false;
    stopTimers();
    work.forgetDeliveries();
    pull.reset();
  }

  public boolean isLeader() {
    return core.leader;
  }

  /** The info snapshot taken when the consumer started leading (what a create answers); once. */
  public ConsumerInfo initialInfo() {
    ConsumerInfo i = initialInfo;
    initialInfo = null;
    return i != null ? i : info();
  }

  // =================================================================== entry points

  /**
   * A pull request ({@code $JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>}) with reply subject
   * {@code reply}. Requests without a reply are ignored, as nats-server ignores them.
   */
  public void processNextRequest(String reply, byte[] body) {
    if (core.closed || reply == null || reply.isEmpty()) {
      return;
    }
    core.call(() -> pull.request(reply, body));
  }

  /**
   * A message on this consumer's ack subject ({@code $JS.ACK.<stream>.<consumer>.…}), with its
   * payload and reply subject (null when none). A consumer with {@code ack_policy: none} does not
   * listen for acks in nats-server, so nothing happens and nothing is answered.
   */
  public void processAck(String ackSubject, byte[] body, String reply) {
    if (core.closed || core.cfg.ackPolicy() == AckPolicy.NONE) {
      return;
    }
    core.call(() -> acks.process(ackSubject, body == null ? new byte[0] : body, reply));
  }

  /** An answer to a flow control request arrived on {@code subject} ({@code $JS.FC.…}). */
  public void processFlowControlReply(String subject) {
    if (core.closed || !push.flowControlEnabled()) {
      return;
    }
    core.call(() -> push.flowControlAnswered(subject));
  }

  /**
   * The host's word on whether a push consumer's deliver subject has subscribers; deliveries stop
   * without interest and the inactive threshold starts counting.
   */
  /** Whether a push consumer's deliver subject has subscribers as far as it was told. */
  public boolean hasDeliveryInterest() {
    return push.active();
  }

  public void setDeliveryInterest(boolean interest) {
    if (core.closed) {
      return;
    }
    core.call(() -> {
      if (core.cfg.isPush()) {
        push.setInterest(interest);
        inactivity.interestChanged(interest);
      }
      core.signal();
    });
  }

  /** Whether a push consumer currently has interest ({@code push_bound}). */
  public boolean isActive() {
    return push.active() && !core.closed;
  }

  @Override
  public boolean isInterestedIn(String subject) {
    return ConsumerFilters.matches(core.cfg.filters(), subject);
  }

  @Override
  public boolean hasAcknowledged(long seq) {
    return !acks.needAck(seq);
  }

  @Override
  public void onStored(StoredMessage message) {
    if (core.closed || !core.leader || !isInterestedIn(message.subject())) {
      return;
    }
    core.call(() -> {
      long seq = message.seq();
      numPending.stored(seq);
      if (seq >= work.sseq && (core.cfg.isPush() ? push.active() : pull.hasWaiting())) {
        core.signal();
      }
    });
  }

  @Override
  public void onRemoved(long seq, String subject) {
    if (core.closed || !core.leader) {
      return;
    }
    core.call(() -> {
      numPending.removed(seq, subject);
      LeaderState.Tracked p = work.pending.get(seq);
      if (p != null) {
        long dc = work.deliveryCount(seq);
        long pdseq = p.dseq;
        // nats-server terminates it from another goroutine, after the stream's removal completes.
        core.schedule(0, () -> acks.terminate(seq, pdseq, dc, UNACKED_DELETED, ""));
      }
    });
  }

  @Override
  public void onPurged(long firstSeq, String filter) {
    if (core.closed || !core.leader) {
      return;
    }
    core.call(() -> {
      StoreState st = core.stream.store().state();
      long start = firstSeq;
      boolean doPurge = filter == null || filter.isEmpty()
          || ConsumerFilters.coveredBy(core.cfg.filters(), filter);
      boolean wider = false;
      if (!doPurge && isInterestedIn(filter)) {
        doPurge = true;
        wider = true;
        start = st.firstSeq();
      }
      if (doPurge) {
        work.purge(start, st.lastSeq(), wider, seq -> core.stream.store().load(seq) == null);
        updates.replaceWith(work);
      }
      numPending.recount();
    });
  }

  // =================================================================== info

  /** The consumer's info, with nats-server's numbers. */
  public ConsumerInfo info() {
    return core.callAndGet(this::buildInfo);
  }

  private ConsumerInfo buildInfo() {
    ConsumerState state = updates.state();
    SequencePair delivered = state.delivered();
    SequencePair floor = state.ackFloor();
    long toDeliver = core.closed ? 0 : numPending.check();
    long numWaiting = 0;
    if (core.cfg.isPull() && core.leader && !core.closed) {
      numWaiting = pull.waitingCount();
    }
    return new ConsumerInfo(
        core.stream.name(),
        core.name,
        createdNanos,
        core.cfg,
        new SequenceInfo(delivered.consumerSeq(), delivered.streamSeq(), updates.lastDelivered()),
        new SequenceInfo(floor.consumerSeq(), floor.streamSeq(), updates.lastAcked()),
        core.leader ? work.pending.size() : state.pending().size(),
        core.leader ? work.rdc.size() : state.redelivered().size(),
        numWaiting,
        toDeliver,
        core.cfg.isPush() && push.active(),
        core.now());
  }

  // =================================================================== config updates

  /**
   * Applies an update that passed {@link ConsumerConfigCheck#checkCreate} (an {@code Update}
   * decision), as nats-server's {@code updateConfig}.
   */
  public void updateConfig(ConsumerConfig updated) {
    if (core.closed) {
      throw JsError.CONSUMER_DOES_NOT_EXIST.error().exception();
    }
    core.call(() -> update(updated));
  }

  private void update(ConsumerConfig updated) {
    ConsumerConfig old = core.cfg;
    if (!updated.deliverSubject().equals(old.deliverSubject()) && old.isPush()) {
      if (!work.pending.isEmpty()) {
        redelivery.forceExpire();
      }
    }
    if (updated.maxAckPending() != old.maxAckPending()) {
      work.maxp = updated.maxAckPending();
      core.signal();
    }
    if (updated.ackWaitNanos() != old.ackWaitNanos() && redelivery.running()) {
      redelivery.reset(100 * MILLI);
    }
    if (updated.rateLimitBps() != old.rateLimitBps()) {
      pacing.setRateLimit(updated.rateLimitBps());
    }
    if (!updated.sampleFrequency().equals(old.sampleFrequency())) {
      acks.setSampleFrequency(updated.sampleFrequency());
    }
    if (updated.maxDeliver() != old.maxDeliver()) {
      work.maxdc = LeaderState.maxDeliveries(updated);
    }
    if (updated.inactiveThresholdNanos() != old.inactiveThresholdNanos()) {
      updated = inactivity.thresholdChanged(updated);
    }
    core.cfg = updated;
    if (core.stream.config().retention() == RetentionPolicy.INTEREST) {
      cleanupNoInterestMessages();
    }
    numPending.recount();
  }

  private void cleanupNoInterestMessages() {
    StoreState st = core.stream.store().state();
    long start = Math.max(work.asflr, st.firstSeq());
    for (long seq = start; seq <= st.lastSeq(); seq++) {
      core.stream.acknowledged(core.name, seq);
    }
  }

  // =================================================================== lifecycle

  /**
   * Deletes the consumer: waiting pull requests get {@code 409 Consumer Deleted}, timers stop, the
   * stream forgets it and its state store is deleted. The host sends the deleted advisory ({@link
   * ConsumerAdvisories#deleted}).
   */
  public void delete() {
    if (core.closed) {
      return;
    }
    if (core.leader && core.cfg.isPull()) {
      pull.consumerDeleted();
    }
    close();
    core.stream.removeConsumer(core.name);
    core.ctx.stateStore().delete();
  }

  /**
   * Stops the consumer as a node shutdown does: timers stop and the state store is closed; the
   * stream is stopped by the same shutdown, so it is not told.
   */
  public void stop() {
    if (core.closed) {
      return;
    }
    close();
    core.ctx.stateStore().close();
  }

  /** Makes the consumer's saved state durable. */
  public void stateStoreSync() {
    core.ctx.stateStore().sync();
  }

  /**
   * Stops the consumer as a killed process would: timers stop and the state store keeps only
   * what it had made durable.
   */
  public void crash() {
    if (core.closed) {
      return;
    }
    close();
    core.ctx.stateStore().crash();
  }

  private void close() {
    core.closed = true;
    push.close();
    stopTimers();
    core.clearSignal();
  }

  private void stopTimers() {
    redelivery.stop();
    inactivity.stop();
    heartbeats.stop();
    pull.stop();
    pacing.stop();
  }

  @Override
  public String toString() {
    return "Consumer[" + core.stream.name() + " > " + core.name + "]";
  }
}
