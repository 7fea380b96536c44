package dev.jslab.engine.consumer;

import dev.jslab.engine.advisory.Nuid;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.consumer.ConsumerAdvisories.Envelope;
import dev.jslab.engine.consumer.ConsumerOp.Acked;
import dev.jslab.engine.consumer.ConsumerOp.Delivered;
import dev.jslab.engine.consumer.ConsumerOp.DeliveriesExceeded;
import dev.jslab.engine.consumer.ConsumerOp.Nacked;
import dev.jslab.engine.consumer.ConsumerOp.ProgressReset;
import dev.jslab.engine.consumer.ConsumerOp.Started;
import dev.jslab.engine.consumer.ConsumerOp.StateReplaced;
import dev.jslab.engine.consumer.ConsumerOp.Terminated;
import dev.jslab.engine.consumer.GoJson.Field;
import dev.jslab.engine.consumer.GoJson.GoJsonException;
import dev.jslab.engine.consumer.GoJson.Kind;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.RetentionPolicy;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamConsumer;
import dev.jslab.engine.subject.Subjects;
import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class Consumer implements StreamConsumer {
  private static final long MILLI = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;
  /** {@code ackWaitDelay}: the pending timer fires this much after the deadline. */
  private static final long ACK_WAIT_DELAY = MILLI;
  private static final String UNACKED_DELETED = "Unacknowledged message was deleted";
  private static final Field[] NAK_FIELDS = {new Field("delay", Kind.DURATION)};

  private final Stream stream;
  private final String name;
  private final ConsumerContext ctx;
  private final Scheduler scheduler;
  private final Nuid nuid;
  private final ConsumerState state;
  private final boolean recovered;
  private final long createdNanos;
  private ConsumerConfig cfg;

  // ---- the leader's working state (nats-server's consumer fields)
  private boolean leader;
  private boolean closed;
  private long sseq;
  private long dseq;
  private long adflr;
  private long asflr;
  private long npc;
  private long npf;
  private final TreeMap<Long, Tracked> pending = new TreeMap<>();
  private final Map<Long, Long> rdc = new HashMap<>();
  private final RedeliveryQueue rdq = new RedeliveryQueue();
  private PullRequests waiting;
  private StartPosition.LastPerSubject lss;
  private long maxp;
  private long maxdc;
  private int sfreq;
  private boolean active;
  private final FlowControl flow = new FlowControl();
  private RateLimiter rateLimiter;
  private long ldt;
  private long lat;
  private long dthresh;
  private boolean inactiveReported;
  private ConsumerInfo initialInfo;

  // ---- timers
  private Timer ptmr;
  private long ptmrEnd;
  private Timer dtmr;
  private Timer hbTimer;
  /** When the idle heartbeat timer was last reset (by a delivery). */
  private long hbResetAt;
  private Timer waitTimer;
  private Timer sleepTimer;

  // ---- the delivery loop
  private int depth;
  private boolean signalled;
  private Prepared sleeping;
  private boolean replay;
  private long replayLastSeq;
  private long lts;

  /** A pending delivery as the leader tracks it: first consumer sequence, delivery time. */
  private static final class Tracked {
    final long dseq;
    long ts;

    Tracked(long dseq, long ts) {
      this.dseq = dseq;
      this.ts = ts;
    }
  }


  /** A message picked for delivery, possibly waiting out a replay or rate-limit delay. */
  private record Prepared(
      StoredMessage msg, long dc, String dsubj, String ackReply, byte[] headers, byte[] data,
      long size, long batchLeft, long bytesLeft, int stage) {
    Prepared at(int next) {
      return new Prepared(msg, dc, dsubj, ackReply, headers, data, size, batchLeft, bytesLeft, next);
    }
  }

  private static final int STAGE_REPLAY = 0;
  private static final int STAGE_RATE = 1;
  private static final int STAGE_SEND = 2;

  /** Why {@link #getNextMsg} found nothing to deliver. */
  private enum Miss {
    NONE,
    EOF,
    NOT_FOUND,
    MAX_ACK_PENDING
  }

  private record Next(StoredMessage msg, long dc, Miss miss) {}

  private Consumer(Stream stream, String name, ConsumerConfig cfg, ConsumerContext ctx) {
    this.stream = stream;
    this.name = name;
    this.ctx = ctx;
    this.scheduler = ctx.scheduler();
    this.nuid = new Nuid(ctx.random());
    this.cfg = cfg;
    this.createdNanos = scheduler.nowNanos();
    ConsumerState stored = ctx.stateStore().load().orElse(null);
    this.recovered = stored != null;
    this.state = stored != null ? stored : new ConsumerState();
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

  private void init(boolean deliveryInterest) {
    maxp = cfg.maxAckPending();
    maxdc = cfg.maxDeliver() > 0 ? cfg.maxDeliver() : 0;
    sfreq = sampleFrequency(cfg.sampleFrequency());
    if (cfg.isPull()) {
      waiting = new PullRequests(cfg.maxWaiting(), pullHost());
    }
    if (recovered) {
      applyState(0);
    } else {
      selectStartingSeqNo();
    }
    cfg = updateInactiveThreshold(cfg);
    setRateLimit(cfg.rateLimitBps());
    stream.addConsumer(this);
    becomeLeader(deliveryInterest);
  }

  // =================================================================== identity and config

  @Override
  public String name() {
    return name;
  }

  /** The stream's name. */
  public String streamName() {
    return stream.name();
  }

  /** The configuration in use (an ephemeral's default inactive threshold filled in). */
  public ConsumerConfig config() {
    return cfg;
  }

  /** The replicated state (read-only use: it changes only through {@link #apply}). */
  public ConsumerState state() {
    return state;
  }

  /** True once deleted or stopped. */
  public boolean isClosed() {
    return closed;
  }

  /** True when the inactive threshold passed and the consumer asked to be deleted. */
  public boolean isInactive() {
    return inactiveReported;
  }

  // =================================================================== replicated state

  /**
   * Applies one operation to the replicated state, saves it and tells the listener. The leader
   * calls it for every operation it takes; replicas call it for committed operations.
   */
  public void apply(ConsumerOp op) {
    state.apply(op, cfg.ackPolicy(), cfg.maxDeliver());
    ctx.stateStore().save(state);
    ctx.listener().applied(this, op);
  }

  /** nats-server's {@code updateDelivered}: the operation, and the delivery activity time. */
  private void updateDelivered(ConsumerOp op) {
    apply(op);
    ldt = now();
  }

  /** nats-server's {@code updateAcks} for a consumer without replicas. */
  private void updateAcks(ConsumerOp op, String reply) {
    apply(op);
    if (reply != null && !reply.isEmpty()) {
      send(new OutboundMessage(reply, null, null, null));
    }
    lat = now();
  }

  /** nats-server's {@code writeStoreState}: the working state written as a whole. */
  private void writeStoreState() {
    Map<Long, Pending> p = new TreeMap<>();
    pending.forEach((seq, t) -> p.put(seq, new Pending(t.dseq, t.ts)));
    ConsumerState s =
        new ConsumerState(
            new SequencePair(dseq - 1, sseq - 1), new SequencePair(adflr, asflr), p, rdc);
    apply(new StateReplaced(s));
  }

  // =================================================================== starting point

  private void selectStartingSeqNo() {
    StartPosition.Start start = StartPosition.select(cfg, stream);
    sseq = start.streamSeq();
    lss = start.lastPerSubject();
    if (!start.recorded()) {
      return;
    }
    dseq = 1;
    adflr = dseq - 1;
    asflr = sseq - 1;
    if (sseq > 0) {
      apply(new Started(sseq - 1));
    }
  }

  private PullRequests.Host pullHost() {
    return new PullRequests.Host() {
      @Override
      public long now() {
        return scheduler.nowNanos();
      }

      @Override
      public void send(OutboundMessage message) {
        ctx.outbox().send(message);
      }

      @Override
      public void heartbeat(String reply) {
        sendIdleHeartbeat(reply);
      }

      @Override
      public boolean hasInterest(String reply) {
        return ctx.replyInterest().test(reply);
      }
    };
  }

  /** nats-server's {@code applyState}: the working state from the replicated one. */
  private void applyState(long streamLastSeq) {
    SequencePair delivered = state.delivered();
    if (!leader || sseq <= delivered.streamSeq()) {
      sseq = delivered.streamSeq() + 1;
    }
    dseq = delivered.consumerSeq() + 1;
    adflr = state.ackFloor().consumerSeq();
    asflr = state.ackFloor().streamSeq();
    pending.clear();
    state.pending().forEach((seq, p) -> pending.put(seq, new Tracked(p.consumerSeq(), p.timestampNanos())));
    rdc.clear();
    rdc.putAll(state.redelivered());
    if (leader && !pending.isEmpty()) {
      long delay = 500 * MILLI + ctx.random().nextLong(1000) * MILLI;
      if (cfg.ackWaitNanos() < delay) {
        delay = ackWait(0);
      }
      resetPtmr(delay);
    }
    if (!rdc.isEmpty()) {
      boolean changed = rdc.keySet().removeIf(
          seq -> seq <= asflr || (streamLastSeq > 0 && seq > streamLastSeq));
      if (changed) {
        writeStoreState();
      }
    }
  }

  private ConsumerConfig updateInactiveThreshold(ConsumerConfig c) {
    if (!c.isDurable() && c.inactiveThresholdNanos() <= 0) {
      dthresh = ConsumerConfigCheck.DEFAULT_INACTIVE_THRESHOLD_NANOS + jitter();
      return c.toBuilder()
          .inactiveThresholdNanos(ConsumerConfigCheck.DEFAULT_INACTIVE_THRESHOLD_NANOS)
          .build();
    }
    if (c.inactiveThresholdNanos() > 0) {
      dthresh = c.isPull() ? c.inactiveThresholdNanos() + jitter() : c.inactiveThresholdNanos();
    } else {
      dthresh = 0;
    }
    return c;
  }

  /** 100 ms plus up to 900 ms, as nats-server spreads inactivity deadlines. */
  private long jitter() {
    return 100 * MILLI + ctx.random().nextLong(900) * MILLI;
  }

  private void setRateLimit(long bps) {
    if (bps == 0) {
      rateLimiter = null;
      return;
    }
    long burst = stream.config().maxMsgSize() > 0 ? stream.config().maxMsgSize() : ctx.maxPayload();
    rateLimiter = new RateLimiter(bps, burst);
  }

  // =================================================================== leadership

  private void becomeLeader(boolean deliveryInterest) {
    leader = true;
    rdq.clear();
    applyState(stream.lastSeq());
    streamNumPending();
    if (lss != null && !lss.seqs.isEmpty() && sseq >= lss.resume) {
      lss = null;
    }
    if (cfg.flowControl()) {
      flow.enable();
    }
    if (cfg.isPush()) {
      active = deliveryInterest;
    }
    if (dthresh > 0 && (cfg.isPull() || !active)) {
      cancel(dtmr);
      dtmr = scheduler.schedule(dthresh, () -> onTimer(this::deleteNotActive));
    }
    replay = cfg.replayPolicy() != ReplayPolicy.INSTANT;
    checkPending();
    initialInfo = buildInfo();
    replayLastSeq = replay ? stream.store().state().lastSeq() : 0;
    lts = 0;
    if (cfg.idleHeartbeatNanos() > 0) {
      hbResetAt = now();
      hbTimer = scheduler.schedule(cfg.idleHeartbeatNanos(), () -> onTimer(this::idleHeartbeat));
    }
    signalled = true;
    runLoop();
  }

  /**
   * Takes or gives up leadership. A new leader rebuilds its working state from the replicated
   * state and starts delivering; a former leader stops its timers and forgets its pull requests.
   */
  public void setLeader(boolean isLeader, boolean deliveryInterest) {
    if (closed || isLeader == leader) {
      return;
    }
    if (isLeader) {
      becomeLeader(deliveryInterest);
      return;
    }
    leader = false;
    cancelTimers();
    sleeping = null;
    rdq.clear();
    pending.clear();
    if (cfg.isPull()) {
      waiting = new PullRequests(cfg.maxWaiting(), pullHost());
    }
  }

  public boolean isLeader() {
    return leader;
  }

  /** The info snapshot taken when the consumer started leading (what a create answers); once. */
  public ConsumerInfo initialInfo() {
    ConsumerInfo i = initialInfo;
    initialInfo = null;
    return i != null ? i : info();
  }

  // =================================================================== entry points

  private void enter() {
    depth++;
  }

  private void exit() {
    depth--;
    if (depth == 0) {
      runLoop();
    }
  }

  private void onTimer(Runnable work) {
    if (closed) {
      return;
    }
    enter();
    try {
      work.run();
    } finally {
      exit();
    }
  }

  /**
   * A pull request ({@code $JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>}) with reply subject
   * {@code reply}. Requests without a reply are ignored, as nats-server ignores them.
   */
  public void processNextRequest(String reply, byte[] body) {
    if (closed || reply == null || reply.isEmpty()) {
      return;
    }
    enter();
    try {
      processNextMsgRequest(reply, body);
    } finally {
      exit();
    }
  }

  /**
   * A message on this consumer's ack subject ({@code $JS.ACK.<stream>.<consumer>.…}), with its
   * payload and reply subject (null when none). A consumer with {@code ack_policy: none} does not
   * listen for acks in nats-server, so nothing happens and nothing is answered.
   */
  public void processAck(String ackSubject, byte[] body, String reply) {
    if (closed || cfg.ackPolicy() == AckPolicy.NONE) {
      return;
    }
    enter();
    try {
      doProcessAck(ackSubject, body == null ? new byte[0] : body, reply);
    } finally {
      exit();
    }
  }

  /** An answer to a flow control request arrived on {@code subject} ({@code $JS.FC.…}). */
  public void processFlowControlReply(String subject) {
    if (closed || !flow.enabled()) {
      return;
    }
    enter();
    try {
      if (flow.answered(subject)) {
        signalled = true;
      }
    } finally {
      exit();
    }
  }

  /**
   * The host's word on whether a push consumer's deliver subject has subscribers; deliveries stop
   * without interest and the inactive threshold starts counting.
   */
  public void setDeliveryInterest(boolean interest) {
    if (closed) {
      return;
    }
    enter();
    try {
      updateDeliveryInterest(interest);
      signalled = true;
    } finally {
      exit();
    }
  }

  /** Whether a push consumer currently has interest ({@code push_bound}). */
  public boolean isActive() {
    return active && !closed;
  }

  @Override
  public boolean isInterestedIn(String subject) {
    return isFilteredMatch(subject);
  }

  @Override
  public boolean hasAcknowledged(long seq) {
    return !needAck(seq);
  }

  @Override
  public void onStored(StoredMessage message) {
    if (closed || !leader || !isFilteredMatch(message.subject())) {
      return;
    }
    enter();
    try {
      long seq = message.seq();
      if (seq > npf) {
        npc++;
      }
      if (seq < sseq) {
        return;
      }
      if ((cfg.isPush() && active) || (cfg.isPull() && !waiting.isEmpty())) {
        signalled = true;
      }
    } finally {
      exit();
    }
  }

  @Override
  public void onRemoved(long seq, String subject) {
    if (closed || !leader) {
      return;
    }
    enter();
    try {
      decStreamPending(seq, subject);
    } finally {
      exit();
    }
  }

  @Override
  public void onPurged(long firstSeq, String filter) {
    if (closed || !leader) {
      return;
    }
    enter();
    try {
      StoreState st = stream.store().state();
      long start = firstSeq;
      boolean doPurge = filter == null || filter.isEmpty() || isEqualOrSubsetMatch(filter);
      boolean wider = false;
      if (!doPurge && isFilteredMatch(filter)) {
        doPurge = true;
        wider = true;
        start = st.firstSeq();
      }
      if (doPurge) {
        purge(start, st.lastSeq(), wider);
      }
      streamNumPending();
    } finally {
      exit();
    }
  }

  // =================================================================== the delivery loop

  private void runLoop() {
    if (depth > 0) {
      return;
    }
    depth++;
    try {
      while (signalled && !closed && leader && sleeping == null) {
        signalled = false;
        while (!closed && sleeping == null && iterate()) {
          // one message per pass, as nats-server's loopAndGatherMsgs
        }
      }
    } finally {
      depth--;
    }
  }

  /** One turn of nats-server's {@code loopAndGatherMsgs}; false when it would wait. */
  private boolean iterate() {
    if (cfg.isPush()) {
      if (!active || flow.blocked()) {
        waitForMsgs(Miss.NONE);
        return false;
      }
    } else if (waiting.isEmpty()) {
      waitForMsgs(Miss.NONE);
      return false;
    }
    Next next = getNextMsg();
    if (next.msg() == null) {
      if (next.miss() == Miss.EOF) {
        checkNumPendingOnEof();
      }
      waitForMsgs(next.miss());
      return false;
    }
    StoredMessage m = next.msg();
    long dc = next.dc();
    if (dc == 1) {
      npc--;
    }
    String ackReply =
        AckSubject.format(stream.name(), name, dc, m.seq(), dseq, m.timestampNanos(), numPending());
    byte[] headers = m.headers();
    byte[] data = m.data();
    if (cfg.headersOnly()) {
      headers = StatusMessages.headersOnly(m.headers(), m.data().length);
      data = new byte[0];
    }
    long size = m.subject().length() + ackReply.length() + headers.length + data.length;
    String dsubj;
    long batchLeft = 0;
    long bytesLeft = 0;
    if (cfg.isPush()) {
      dsubj = cfg.deliverSubject();
    } else {
      WaitingRequest wr = waiting.next(size);
      if (wr == null) {
        if (dc == 1 && m.seq() == sseq - 1) {
          sseq--;
          npc++;
        } else if (!rdq.contains(m.seq())) {
          decDeliveryCount(m.seq());
          rdq.add(m.seq());
        }
        waitForMsgs(Miss.NONE);
        return false;
      }
      batchLeft = wr.remaining;
      bytesLeft = wr.bytes;
      dsubj = wr.reply;
      if (wr.remaining > 0 && wr.heartbeatNanos > 0) {
        wr.nextHeartbeatAt = now() + wr.heartbeatNanos;
      }
    }
    return proceed(
        new Prepared(m, dc, dsubj, ackReply, headers, data, size, batchLeft, bytesLeft, STAGE_REPLAY));
  }

  /** Waits out replay pacing and the rate limit, then delivers; false while sleeping. */
  private boolean proceed(Prepared p) {
    long ts = p.msg().timestampNanos();
    if (p.stage() <= STAGE_REPLAY && replay && lts > 0) {
      long delay = ts - lts;
      if (delay > MILLI) {
        sleep(p.at(STAGE_RATE), delay);
        return false;
      }
    }
    if (p.stage() <= STAGE_RATE) {
      lts = ts;
      if (rateLimiter != null) {
        long delay = rateLimiter.reserve(now(), p.size());
        if (delay > 0) {
          sleep(p.at(STAGE_SEND), delay);
          return false;
        }
      }
    }
    deliverMsg(p);
    if (p.batchLeft() <= 0 && p.bytesLeft() > 0) {
      send(new OutboundMessage(p.dsubj(), null,
          StatusMessages.batchCompleted(p.batchLeft(), p.bytesLeft()), null));
    }
    if (hbTimer != null) {
      hbResetAt = now();
    }
    return true;
  }

  private void sleep(Prepared p, long delay) {
    sleeping = p;
    if (delay == Long.MAX_VALUE) {
      return; // nats-server waits forever for a reservation it can never get
    }
    sleepTimer = scheduler.schedule(delay, () -> onTimer(() -> {
      Prepared q = sleeping;
      sleeping = null;
      sleepTimer = null;
      if (q != null && proceed(q)) {
        signalled = true;
      }
    }));
  }

  /** nats-server's {@code waitForMsgs} label: settle pull requests and arm the wait timer. */
  private void waitForMsgs(Miss miss) {
    if (replay && sseq > replayLastSeq) {
      replay = false;
    }
    if (cfg.isPull()) {
      PullRequests.Scan scan = waiting.scan(miss != Miss.MAX_ACK_PENDING);
      cancel(waitTimer);
      waitTimer = null;
      if (scan.nextDeadline() != 0) {
        long delay = scan.nextDeadline() - now();
        if (delay <= 0) {
          delay = MILLI;
        }
        waitTimer = scheduler.schedule(delay, () -> onTimer(() -> {
          waiting.scan(true);
          signalled = true;
        }));
      }
    }
  }

  /**
   * The idle heartbeat timer fired. A delivery resets nats-server's timer; here it moves {@code
   * hbResetAt} instead, so a timer that fires early just waits out the rest of the interval.
   */
  private void idleHeartbeat() {
    long due = hbResetAt + cfg.idleHeartbeatNanos();
    if (now() < due) {
      hbTimer = scheduler.schedule(due - now(), () -> onTimer(this::idleHeartbeat));
      return;
    }
    if (active && sleeping == null) {
      sendIdleHeartbeat(cfg.deliverSubject());
    }
    hbResetAt = now();
    hbTimer = scheduler.schedule(cfg.idleHeartbeatNanos(), () -> onTimer(this::idleHeartbeat));
    signalled = true;
  }

  private void sendIdleHeartbeat(String subject) {
    byte[] hdr = StatusMessages.idleHeartbeat(dseq - 1, sseq - 1, flow.outstanding());
    send(new OutboundMessage(subject, null, hdr, null));
  }

  // =================================================================== picking the next message

  private Next getNextMsg() {
    MessageStore store = stream.store();
    if (!rdq.isEmpty()) {
      for (long seq = rdq.poll(); seq > 0; seq = rdq.poll()) {
        long dc = incDeliveryCount(seq);
        if (maxdc > 0 && Long.compareUnsigned(dc, maxdc) > 0) {
          if (dc == maxdc + 1) {
            notifyDeliveryExceeded(seq, dc - 1);
          }
          Tracked p = pending.remove(seq);
          if (p != null) {
            updateDelivered(new DeliveriesExceeded(p.dseq, seq, dc, p.ts));
          }
          continue;
        }
        StoredMessage m = store.load(seq);
        if (m == null) {
          decDeliveryCount(seq);
          continue;
        }
        return new Next(m, dc, Miss.NONE);
      }
    }
    if (maxp > 0 && pending.size() >= maxp) {
      return new Next(null, 0, Miss.MAX_ACK_PENDING);
    }
    if (lss != null && !lss.seqs.isEmpty()) {
      long seq = lss.seqs.pollFirst();
      if (lss.seqs.isEmpty()) {
        sseq = lss.resume;
        lss = null;
      }
      StoredMessage m = store.load(seq);
      sseq++;
      return m == null ? new Next(null, 0, Miss.NOT_FOUND) : new Next(m, 1, Miss.NONE);
    }
    StoredMessage m = loadNextMatching(store, sseq);
    if (m != null) {
      if (m.seq() >= sseq) {
        sseq = m.seq() + 1;
      }
      return new Next(m, 1, Miss.NONE);
    }
    long last = store.state().lastSeq();
    if (last >= sseq) {
      sseq = last + 1;
    }
    return new Next(null, 0, Miss.EOF);
  }

  private StoredMessage loadNextMatching(MessageStore store, long from) {
    List<String> filters = cfg.filters();
    if (filters.isEmpty()) {
      return store.loadNext("", from);
    }
    if (filters.size() == 1) {
      return store.loadNext(filters.get(0), from);
    }
    StoredMessage best = null;
    for (String f : filters) {
      StoredMessage m = store.loadNext(f, from);
      if (m != null && (best == null || m.seq() < best.seq())) {
        best = m;
      }
    }
    return best;
  }

  private long deliveryCount(long seq) {
    Long dc = rdc.get(seq);
    return dc != null && Long.compareUnsigned(dc, 1) >= 0 ? dc : 1;
  }

  private long incDeliveryCount(long seq) {
    long v = rdc.getOrDefault(seq, 0L) + 1;
    rdc.put(seq, v);
    return v + 1;
  }

  private void decDeliveryCount(long seq) {
    rdc.put(seq, rdc.getOrDefault(seq, 0L) - 1);
  }

  private void notifyDeliveryExceeded(long seq, long deliveries) {
    send(ConsumerAdvisories.maxDeliveries(envelope(), seq, deliveries));
  }

  // =================================================================== delivering

  private void deliverMsg(Prepared p) {
    StoredMessage m = p.msg();
    long seq = m.seq();
    long thisDseq = dseq++;
    long psz = p.dsubj().length() + p.ackReply().length() + p.headers().length + p.data().length;
    boolean needFc = flow.delivered(psz);
    updateDelivered(new Delivered(thisDseq, seq, p.dc(), m.timestampNanos()));
    send(new OutboundMessage(m.subject(), p.ackReply(), p.headers(), p.data(), p.dsubj()));
    if (cfg.ackPolicy().tracksAcks()) {
      trackPending(seq, thisDseq);
    } else {
      adflr = thisDseq;
      asflr = seq;
    }
    if (needFc) {
      sendFlowControl();
    }
    if (cfg.isPull() && dthresh > 0) {
      waiting.touch(now());
    }
    if (cfg.ackPolicy() == AckPolicy.NONE && stream.config().retention() != RetentionPolicy.LIMITS) {
      stream.acknowledged(name, seq);
    }
  }

  private void sendFlowControl() {
    if (!cfg.isPush()) {
      return;
    }
    String reply = "$JS.FC." + stream.name() + "." + name + "." + Nuid.token(ctx.random());
    flow.requested(reply);
    send(new OutboundMessage(cfg.deliverSubject(), reply, StatusMessages.flowControlRequest(), null));
  }

  private void trackPending(long seq, long thisDseq) {
    long minDelay = ackWait(0);
    List<Long> backoff = cfg.backoffNanos();
    if (!backoff.isEmpty()) {
      long bi = rdc.getOrDefault(seq, 0L);
      if (bi < 0) {
        bi = 0;
      } else if (bi >= backoff.size()) {
        bi = backoff.size() - 1;
      }
      minDelay = ackWait(backoff.get((int) bi));
    }
    long minDeadline = now() + minDelay;
    if (ptmr == null || ptmrEnd > minDeadline) {
      resetPtmr(minDelay);
    }
    Tracked t = pending.get(seq);
    if (t != null) {
      t.ts = now();
    } else {
      pending.put(seq, new Tracked(thisDseq, now()));
    }
  }

  private long ackWait(long next) {
    return next > 0 ? next + ACK_WAIT_DELAY : cfg.ackWaitNanos() + ACK_WAIT_DELAY;
  }

  // =================================================================== redelivery

  private void resetPtmr(long delay) {
    cancel(ptmr);
    ptmr = scheduler.schedule(delay, () -> onTimer(this::checkPending));
    ptmrEnd = now() + delay;
  }

  private void stopAndClearPtmr() {
    cancel(ptmr);
    ptmr = null;
    ptmrEnd = 0;
  }

  /** nats-server's {@code checkPending}: find expired deliveries and queue them for redelivery. */
  private void checkPending() {
    if (closed || ptmr == null) {
      stopAndClearPtmr();
      return;
    }
    boolean shouldUpdateState = false;
    long fseq = stream.store().state().firstSeq();
    long now = now();
    long ttl = cfg.ackWaitNanos();
    long next = ackWait(0);
    List<Long> backoff = cfg.backoffNanos();
    if (!backoff.isEmpty()) {
      next = backoff.get(backoff.size() - 1);
    }
    List<Long> expired = new ArrayList<>();
    for (Long seq : new ArrayList<>(pending.keySet())) {
      Tracked p = pending.get(seq);
      if (p == null) {
        continue;
      }
      if (seq < fseq || seq <= asflr) {
        pending.remove(seq);
        rdc.remove(seq);
        rdq.remove(seq);
        shouldUpdateState = true;
        if (seq > asflr) {
          asflr = seq;
        }
        if (p.dseq > adflr) {
          adflr = p.dseq;
        }
        continue;
      }
      long elapsed = now - p.ts;
      long deadline = ttl;
      if (!backoff.isEmpty()) {
        long dc = rdc.getOrDefault(seq, 0L);
        if (dc < 0) {
          dc = 0;
        }
        long nbi = dc + 1;
        if (dc + 1 >= backoff.size()) {
          dc = backoff.size() - 1;
          nbi = dc;
        }
        deadline = backoff.get((int) dc);
        long nextBackoff = backoff.get((int) nbi);
        if (nextBackoff < next) {
          next = nextBackoff;
        }
      }
      if (elapsed >= deadline) {
        if (!rdq.contains(seq) && !hasMaxDeliveries(seq)) {
          expired.add(seq);
        }
      } else if (deadline - elapsed < next) {
        next = deadline - elapsed;
      }
    }
    if (!expired.isEmpty()) {
      expired.forEach(rdq::add);
      long off = now - pending.get(expired.get(0)).ts;
      for (long seq : expired) {
        Tracked p = pending.get(seq);
        if (p != null) {
          p.ts += off;
        }
      }
      signalled = true;
    }
    if (!pending.isEmpty()) {
      resetPtmr(next);
    } else {
      stopAndClearPtmr();
      rdq.clear();
      adflr = dseq - 1;
      asflr = sseq - 1;
    }
    if (shouldUpdateState) {
      writeStoreState();
    }
  }

  private boolean hasMaxDeliveries(long seq) {
    if (maxdc == 0) {
      return false;
    }
    long dc = deliveryCount(seq);
    if (Long.compareUnsigned(dc, maxdc) >= 0) {
      if (dc == maxdc) {
        notifyDeliveryExceeded(seq, dc);
      }
      if (maxp > 0 && pending.size() >= maxp) {
        signalled = true;
      }
      Tracked p = pending.remove(seq);
      if (p != null) {
        updateDelivered(new DeliveriesExceeded(p.dseq, seq, dc, p.ts));
      }
      rdc.put(seq, dc);
      return true;
    }
    return false;
  }

  private void forceExpirePending() {
    List<Long> expired = new ArrayList<>();
    for (Long seq : new ArrayList<>(pending.keySet())) {
      if (pending.containsKey(seq) && !rdq.contains(seq) && !hasMaxDeliveries(seq)) {
        expired.add(seq);
      }
    }
    if (!expired.isEmpty()) {
      expired.forEach(rdq::add);
      long off = now() - pending.get(expired.get(0)).ts;
      for (long seq : expired) {
        Tracked p = pending.get(seq);
        if (p != null) {
          p.ts += off;
        }
      }
      resetPtmr(ackWait(0));
    }
    signalled = true;
  }

  // =================================================================== pull requests

  private void processNextMsgRequest(String reply, byte[] body) {
    if (cfg.isPush() || waiting == null) {
      sendStatus(reply, 409, "Consumer is push based");
      return;
    }
    if (waiting.accept(reply, body, cfg, () -> numPending() + rdq.size())) {
      signalled = true;
    }
  }

  // =================================================================== acks

  private void doProcessAck(String subject, byte[] msg, String reply) {
    AckSubject a = AckSubject.parse(subject);
    long ackSseq = a.streamSeq();
    long ackDseq = a.consumerSeq();
    long dc = a.deliveryCount();
    boolean skipAckReply = ackSseq == 0;
    if (msg.length == 0 || equalsAscii(msg, "+ACK") || equalsAscii(msg, "+OK")) {
      if (!processAckMsg(ackSseq, ackDseq, dc, reply, true, null)) {
        skipAckReply = true;
      }
    } else if (startsWithAscii(msg, "+NXT")) {
      processAckMsg(ackSseq, ackDseq, dc, "", true, null);
      if (reply != null && !reply.isEmpty()) {
        processNextMsgRequest(reply, Arrays.copyOfRange(msg, 4, msg.length));
      }
      skipAckReply = true;
    } else if (startsWithAscii(msg, "-NAK")) {
      processNak(ackSseq, ackDseq, dc, msg);
    } else if (equalsAscii(msg, "+WPI")) {
      progressUpdate(ackSseq);
    } else if (startsWithAscii(msg, "+TERM")) {
      String reason = "";
      if (msg.length > 5) {
        reason = GoStrings.utf8(GoStrings.trimSpace(Arrays.copyOfRange(msg, 5, msg.length)));
      }
      if (!processTerm(ackSseq, ackDseq, dc, reason, reply)) {
        skipAckReply = true;
      }
    }
    if (reply != null && !reply.isEmpty() && !skipAckReply) {
      send(new OutboundMessage(reply, null, null, null));
    }
    if (cfg.inactiveThresholdNanos() > 0) {
      suppressDeletion();
    }
  }

  /**
   * nats-server's {@code processAckMsg}. Returns true when the ack was applied in place and the
   * caller answers the reply; otherwise the reply went out with the state update (or not at all).
   *
   * @param termReason null for an ack, the reason (possibly empty) for a {@code +TERM}
   */
  private boolean processAckMsg(
      long ackSseq, long ackDseq, long dc, String reply, boolean doSample, String termReason) {
    if (closed) {
      return false;
    }
    if (Long.compareUnsigned(ackSseq, sseq) >= 0) {
      return false;
    }
    boolean ackInPlace = stream.config().retention() != RetentionPolicy.LIMITS;
    long sgap = 0;
    long floor = 0;
    boolean needSignal = false;
    long useDseq = ackDseq;
    switch (cfg.ackPolicy()) {
      case EXPLICIT -> {
        Tracked p = pending.get(ackSseq);
        if (p != null) {
          if (doSample) {
            sampleAck(ackSseq, ackDseq, dc);
          }
          if (maxp > 0 && pending.size() >= maxp) {
            needSignal = true;
          }
          pending.remove(ackSseq);
          useDseq = p.dseq;
          if (pending.isEmpty()) {
            adflr = dseq - 1;
            asflr = sseq - 1;
          } else if (useDseq == adflr + 1) {
            adflr = useDseq;
            asflr = ackSseq;
            Map.Entry<Long, Tracked> higher = pending.higherEntry(ackSseq);
            if (higher != null && higher.getKey() < sseq && higher.getValue().dseq > 0) {
              adflr = higher.getValue().dseq - 1;
              asflr = higher.getKey() - 1;
            }
          }
        }
        rdc.remove(ackSseq);
        rdq.remove(ackSseq);
      }
      case ALL -> {
        if (Long.compareUnsigned(useDseq, adflr) <= 0 || Long.compareUnsigned(ackSseq, asflr) <= 0) {
          return true;
        }
        if (maxp > 0 && pending.size() >= maxp) {
          needSignal = true;
        }
        sgap = ackSseq - asflr;
        floor = ackSseq;
        adflr = useDseq;
        asflr = ackSseq;
        if (sgap > pending.size()) {
          for (Long seq : new ArrayList<>(pending.headMap(ackSseq, true).keySet())) {
            floor = Math.min(floor, removeAcked(seq));
          }
        } else {
          for (long seq = ackSseq; seq > ackSseq - sgap && !pending.isEmpty(); seq--) {
            floor = Math.min(floor, removeAcked(seq));
          }
        }
      }
      case NONE -> {
        return ackInPlace;
      }
    }
    if (ackInPlace) {
      reply = "";
    }
    ConsumerOp op = termReason == null
        ? new Acked(useDseq, ackSseq)
        : new Terminated(useDseq, ackSseq, dc, termReason);
    updateAcks(op, reply);
    if (ackInPlace) {
      if (sgap > 1) {
        for (long seq = ackSseq; seq >= floor; seq--) {
          stream.acknowledged(name, seq);
        }
      } else {
        stream.acknowledged(name, ackSseq);
      }
    }
    if (needSignal) {
      signalled = true;
    }
    return ackInPlace;
  }

  private long removeAcked(long seq) {
    pending.remove(seq);
    rdc.remove(seq);
    rdq.remove(seq);
    return seq;
  }

  private void sampleAck(long ackSseq, long ackDseq, long dc) {
    if (!shouldSample()) {
      return;
    }
    long now = now();
    Tracked p = pending.get(ackSseq);
    long delay = now - (p == null ? 0 : p.ts);
    send(ConsumerAdvisories.ackMetric(envelope(), ackDseq, ackSseq, delay, dc));
  }

  private boolean shouldSample() {
    if (sfreq <= 0) {
      return false;
    }
    if (sfreq >= 100) {
      return true;
    }
    return ctx.random().nextInt(100) <= sfreq;
  }

  private static int sampleFrequency(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    Long v = GoStrings.atoi(s.endsWith("%") ? s.substring(0, s.length() - 1) : s);
    return v == null ? 0 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  private void processNak(long ackSseq, long ackDseq, long dc, byte[] nak) {
    if (Long.compareUnsigned(ackDseq, adflr) <= 0 || Long.compareUnsigned(ackDseq, dseq) > 0) {
      return;
    }
    if (!pending.containsKey(ackSseq)) {
      return;
    }
    send(ConsumerAdvisories.naked(envelope(), ackDseq, ackSseq, dc));
    if (nak.length > 4) {
      byte[] arg = GoStrings.trimSpace(Arrays.copyOfRange(nak, 4, nak.length));
      if (arg.length > 0) {
        Long delay = nakDelay(arg);
        if (delay != null) {
          rdq.remove(ackSseq);
          Tracked p = pending.get(ackSseq);
          if (p != null) {
            p.ts = now() - cfg.ackWaitNanos() + delay;
            updateDelivered(new Nacked(p.dseq, ackSseq, dc, p.ts));
            if (ptmr != null) {
              resetPtmr(10 * MILLI);
            }
          }
          return;
        }
      }
    }
    if (!rdq.contains(ackSseq)) {
      rdq.add(ackSseq);
    }
    signalled = true;
  }

  /** The delay of {@code -NAK <arg>}: JSON {@code {"delay": ns}} or a Go duration; null if bad. */
  private static Long nakDelay(byte[] arg) {
    if (arg[0] == '{') {
      try {
        Object[] v = GoJson.decodeStruct(arg, "ConsumerNakOptions", NAK_FIELDS);
        return v[0] == null ? 0L : (Long) v[0];
      } catch (GoJsonException e) {
        return null;
      }
    }
    try {
      return GoDurations.parse(new String(arg, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private boolean processTerm(long ackSseq, long ackDseq, long dc, String reason, String reply) {
    boolean ackedInPlace = processAckMsg(ackSseq, ackDseq, dc, reply, false, reason);
    send(ConsumerAdvisories.terminated(envelope(), ackDseq, ackSseq, dc, reason));
    return ackedInPlace;
  }

  private void progressUpdate(long seq) {
    Tracked p = pending.get(seq);
    if (p != null) {
      p.ts = now();
      updateDelivered(new ProgressReset(p.dseq, seq, p.ts));
    }
  }

  /** nats-server's {@code needAck}, without the filter check the stream does itself. */
  private boolean needAck(long seq) {
    long floor;
    long next;
    boolean isPending;
    boolean redelivered;
    if (leader) {
      floor = asflr;
      next = sseq;
      isPending = pending.containsKey(seq);
      redelivered = rdc.containsKey(seq);
    } else {
      floor = state.ackFloor().streamSeq();
      next = state.delivered().streamSeq() + 1;
      isPending = state.pending().containsKey(seq);
      redelivered = state.redelivered().containsKey(seq);
    }
    boolean need = switch (cfg.ackPolicy()) {
      case NONE, ALL -> seq > floor;
      case EXPLICIT -> seq > floor && (seq >= next || isPending);
    };
    return need || redelivered;
  }

  // =================================================================== stream changes

  private void decStreamPending(long seq, String subject) {
    if (seq >= sseq && isFilteredMatch(subject)) {
      npc--;
    }
    Tracked p = pending.get(seq);
    if (p != null) {
      long dc = deliveryCount(seq);
      long pdseq = p.dseq;
      // nats-server terminates it from another goroutine, after the stream's removal completes.
      scheduler.schedule(0, () -> onTimer(() -> processTerm(seq, pdseq, dc, UNACKED_DELETED, "")));
    }
  }

  private void purge(long purgedTo, long streamLastSeq, boolean wider) {
    long first = purgedTo;
    if (first == 0 && !wider) {
      first = streamLastSeq + 1;
    }
    if (sseq < first) {
      sseq = first;
    }
    if (asflr < first) {
      asflr = first - 1;
      for (Long seq : new ArrayList<>(pending.keySet())) {
        Tracked p = pending.get(seq);
        if (seq <= asflr) {
          if (p.dseq > adflr) {
            adflr = p.dseq;
            if (adflr > dseq) {
              dseq = adflr;
            }
          }
          pending.remove(seq);
          rdc.remove(seq);
        }
        if (wider && stream.store().load(seq) == null) {
          if (p.dseq > adflr) {
            adflr = p.dseq;
            if (adflr > dseq) {
              dseq = adflr;
            }
          }
          pending.remove(seq);
          rdc.remove(seq);
        }
      }
    }
    if (pending.isEmpty()) {
      rdc.clear();
      adflr = dseq - 1;
      asflr = sseq - 1;
    }
    long[] queued = rdq.toArray();
    rdq.clear();
    for (long seq : queued) {
      if (seq >= sseq) {
        rdq.add(seq);
      }
    }
    writeStoreState();
  }

  // =================================================================== num pending

  private long numPending() {
    return Math.max(0, npc);
  }

  private long checkNumPending() {
    StoreState st = stream.store().state();
    long n = numPending();
    if ((sseq > st.lastSeq() && n > 0) || n > st.messages()) {
      streamNumPending();
    }
    return numPending();
  }

  private void checkNumPendingOnEof() {
    long last = stream.store().state().lastSeq();
    if (sseq > last && npc != 0) {
      npc = 0;
      npf = last;
    }
  }

  private void streamNumPending() {
    MessageStore store = stream.store();
    boolean lastPerSubject = cfg.deliverPolicy() == DeliverPolicy.LAST_PER_SUBJECT;
    List<String> filters = cfg.filters();
    long total = 0;
    if (filters.isEmpty()) {
      total = store.numPending(sseq, "", lastPerSubject);
    } else {
      for (String f : filters) {
        total += store.numPending(sseq, f, lastPerSubject);
      }
    }
    npc = total;
    npf = store.state().lastSeq();
  }

  // =================================================================== filters

  private boolean isFilteredMatch(String subject) {
    List<String> filters = cfg.filters();
    if (filters.isEmpty()) {
      return true;
    }
    boolean literal = Subjects.isLiteral(subject);
    for (String f : filters) {
      if (f.equals(subject)
          || (literal ? Subjects.matches(f, subject) : Subjects.isSubsetOf(subject, f))) {
        return true;
      }
    }
    return false;
  }

  private boolean isEqualOrSubsetMatch(String subject) {
    for (String f : cfg.filters()) {
      if (f.equals(subject) || Subjects.isSubsetOf(f, subject)) {
        return true;
      }
    }
    return false;
  }

  // =================================================================== interest and inactivity

  private void updateDeliveryInterest(boolean interest) {
    if (cfg.isPull()) {
      return;
    }
    if (interest && !active) {
      signalled = true;
    }
    active = interest;
    if (dtmr != null && dthresh > 0 && !interest) {
      return;
    }
    cancel(dtmr);
    dtmr = null;
    if (!interest && dthresh > 0) {
      dtmr = scheduler.schedule(dthresh, () -> onTimer(this::deleteNotActive));
    }
  }

  private void suppressDeletion() {
    if (cfg.isPush() && dtmr != null) {
      cancel(dtmr);
      dtmr = scheduler.schedule(dthresh, () -> onTimer(this::deleteNotActive));
    } else if (cfg.isPull() && waiting != null) {
      waiting.touch(now());
    }
  }

  private void deleteNotActive() {
    if (cfg.isPush()) {
      if (active) {
        return;
      }
    } else {
      long elapsed = now() - waiting.lastActivity();
      if (elapsed <= cfg.inactiveThresholdNanos()) {
        dtmr = scheduler.schedule(dthresh - elapsed, () -> onTimer(this::deleteNotActive));
        return;
      }
      waiting.scan(true);
      if (waiting.size() > 0) {
        dtmr = scheduler.schedule(dthresh, () -> onTimer(this::deleteNotActive));
        return;
      }
    }
    inactiveReported = true;
    ctx.listener().inactive(this);
  }

  // =================================================================== info

  /** The consumer's info, with nats-server's numbers. */
  public ConsumerInfo info() {
    enter();
    try {
      return buildInfo();
    } finally {
      exit();
    }
  }

  private ConsumerInfo buildInfo() {
    SequencePair delivered = state.delivered();
    SequencePair floor = state.ackFloor();
    long numPending = closed ? 0 : checkNumPending();
    long numWaiting = 0;
    if (cfg.isPull() && leader && !closed) {
      waiting.scan(false);
      numWaiting = waiting.size();
    }
    return new ConsumerInfo(
        stream.name(),
        name,
        createdNanos,
        cfg,
        new SequenceInfo(delivered.consumerSeq(), delivered.streamSeq(), ldt),
        new SequenceInfo(floor.consumerSeq(), floor.streamSeq(), lat),
        leader ? pending.size() : state.pending().size(),
        leader ? rdc.size() : state.redelivered().size(),
        numWaiting,
        numPending,
        cfg.isPush() && active,
        now());
  }

  // =================================================================== config updates

  /**
   * Applies an update that passed {@link ConsumerConfigCheck#checkCreate} (an {@code Update}
   * decision), as nats-server's {@code updateConfig}.
   */
  public void updateConfig(ConsumerConfig updated) {
    if (closed) {
      throw JsError.CONSUMER_DOES_NOT_EXIST.error().exception();
    }
    enter();
    try {
      ConsumerConfig old = cfg;
      if (!updated.deliverSubject().equals(old.deliverSubject()) && old.isPush()) {
        if (!pending.isEmpty()) {
          forceExpirePending();
        }
      }
      if (updated.maxAckPending() != old.maxAckPending()) {
        maxp = updated.maxAckPending();
        signalled = true;
      }
      if (updated.ackWaitNanos() != old.ackWaitNanos() && ptmr != null) {
        resetPtmr(100 * MILLI);
      }
      if (updated.rateLimitBps() != old.rateLimitBps()) {
        setRateLimit(updated.rateLimitBps());
      }
      if (!updated.sampleFrequency().equals(old.sampleFrequency())) {
        sfreq = sampleFrequency(updated.sampleFrequency());
      }
      if (updated.maxDeliver() != old.maxDeliver()) {
        maxdc = updated.maxDeliver() > 0 ? updated.maxDeliver() : 0;
      }
      if (updated.inactiveThresholdNanos() != old.inactiveThresholdNanos()) {
        updated = updateInactiveThreshold(updated);
        cancel(dtmr);
        dtmr = null;
        if (leader && dthresh > 0) {
          dtmr = scheduler.schedule(dthresh, () -> onTimer(this::deleteNotActive));
        }
      }
      cfg = updated;
      if (stream.config().retention() == RetentionPolicy.INTEREST) {
        cleanupNoInterestMessages();
      }
      streamNumPending();
    } finally {
      exit();
    }
  }

  private void cleanupNoInterestMessages() {
    StoreState st = stream.store().state();
    long start = Math.max(asflr, st.firstSeq());
    for (long seq = start; seq <= st.lastSeq(); seq++) {
      stream.acknowledged(name, seq);
    }
  }

  // =================================================================== lifecycle

  /**
   * Deletes the consumer: waiting pull requests get {@code 409 Consumer Deleted}, timers stop, the
   * stream forgets it and its state store is deleted. The host sends the deleted advisory ({@link
   * ConsumerAdvisories#deleted}).
   */
  public void delete() {
    if (closed) {
      return;
    }
    if (leader && cfg.isPull() && waiting != null) {
      for (WaitingRequest wr : waiting.drain()) {
        sendStatus(wr.reply, 409, "Consumer Deleted");
      }
    }
    close();
    stream.removeConsumer(name);
    ctx.stateStore().delete();
  }

  /**
   * Stops the consumer as a node shutdown does: timers stop and the state store is closed; the
   * stream is stopped by the same shutdown, so it is not told.
   */
  public void stop() {
    if (closed) {
      return;
    }
    close();
    ctx.stateStore().close();
  }

  /** Makes the consumer's saved state durable. */
  public void stateStoreSync() {
    ctx.stateStore().sync();
  }

  /**
   * Stops the consumer as a killed process would: timers stop and the state store keeps only
   * what it had made durable.
   */
  public void crash() {
    if (closed) {
      return;
    }
    close();
    ctx.stateStore().crash();
  }

  private void close() {
    closed = true;
    active = false;
    cancelTimers();
    sleeping = null;
    signalled = false;
  }

  private void cancelTimers() {
    stopAndClearPtmr();
    cancel(dtmr);
    dtmr = null;
    cancel(hbTimer);
    hbTimer = null;
    cancel(waitTimer);
    waitTimer = null;
    cancel(sleepTimer);
    sleepTimer = null;
  }

  // =================================================================== helpers

  private long now() {
    return scheduler.nowNanos();
  }

  private void send(OutboundMessage m) {
    ctx.outbox().send(m);
  }

  private void sendStatus(String reply, int code, String description) {
    send(new OutboundMessage(reply, null, StatusMessages.status(code, description), null));
  }

  private Envelope envelope() {
    return new Envelope(nuid.next(), now(), stream.name(), name, ctx.domain());
  }

  private static void cancel(Timer t) {
    if (t != null) {
      t.cancel();
    }
  }

  private static boolean equalsAscii(byte[] b, String s) {
    if (b.length != s.length()) {
      return false;
    }
    return startsWithAscii(b, s);
  }

  private static boolean startsWithAscii(byte[] b, String s) {
    if (b.length < s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "Consumer[" + stream.name() + " > " + name + "]";
  }
}
