package dev.jslab.engine.sourcing;

import dev.jslab.engine.api.JsError;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.stream.PublishOutcome;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamOp;
import dev.jslab.engine.stream.StreamSource;
import dev.jslab.engine.time.Timer;
import dev.jslab.engine.wire.ConsumerCreateJson;

/**
 * A mirror: one stream copying another message for message, at the origin's sequences and with
 * its timestamps and headers, through an internal consumer on the origin — nats-server 2.10's
 * {@code setupMirrorConsumer}, {@code processInboundMirrorMsg}, {@code retryMirrorConsumer} and the
 * health check of {@code processMirrorMsgs}.
 *
 * <p>The first consumer is requested 100–200 ms after the mirror starts, from the origin's first
 * message (or the mirror's {@code opt_start_seq} / {@code opt_start_time}); later ones from the
 * mirror's last sequence + 1. Requests are at least 2 s apart; after a failed one (an error answer
 * or no answer in 30 s) the next waits 5 s × 2 × failures more, at most 2 min. A delivery that does
 * not follow on (its consumer sequence skips), a heartbeat whose last consumer sequence is not the
 * last one seen, or 10 s without hearing from the origin (checked every 10 s) drops the consumer
 * and requests a new one. Gaps in the origin (deleted messages) are skipped in the mirror.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class Mirror {
  private final Stream stream;
  private final StreamSource origin;
  private final SourcingContext ctx;
  private final Tracking t;
  private Timer health;
  private Timer retry;
  private boolean stopped;

  Mirror(Stream stream, SourcingContext ctx) {
    this.stream = stream;
    this.origin = stream.config().mirror();
    this.ctx = ctx;
    this.t = new Tracking(origin.name(), "", origin.external(), "", origin.subjectTransforms());
  }

  /** Starts mirroring: the first consumer is requested after the jitter. */
  void start() {
    scheduleSetup();
  }

  /** Stops for good: the consumer is dropped and nothing more is requested. */
  void stop() {
    stopped = true;
    cancelConsumer();
    t.abandonRequest();
    if (retry != null) {
      retry.cancel();
      retry = null;
    }
  }

  StreamSourceInfo info() {
    return t.info(ctx.now());
  }

  // ---------------------------------------------------------------- the consumer

  /** {@code scheduleSetupMirrorConsumerRetry}: after the throttle, the backoff and the jitter. */
  private void scheduleSetup() {
    if (stopped || retry != null) {
      return;
    }
    long delay =
        Timing.throttleLeft(sinceLastRequest()) + Timing.backoff(t.fails) + Timing.jitter(ctx.random());
    retry = ctx.scheduler().schedule(delay, () -> {
      retry = null;
      setup();
    });
  }

  /** {@code setupMirrorConsumer}. */
  private void setup() {
    if (stopped) {
      return;
    }
    cancelConsumer();
    t.sseq = stream.lastSeq();
    if (sinceLastRequest() < Timing.REQUEST_THRESHOLD || t.setupInProgress) {
      scheduleSetup();
      return;
    }
    t.lreq = ctx.now();
    StoreState state = stream.state();
    CreateRequest request = CreateRequest.mirror(origin, state, ctx.random(), ctx.nuid());
    t.filter = origin.filterSubject() == null ? "" : origin.filterSubject();
    t.err = null;
    t.setupInProgress = true;
    t.request = new PendingRequest(ctx.bus(), ctx.scheduler(), request, o -> answered(request, o));
  }

  private void answered(CreateRequest request, PendingRequest.Outcome outcome) {
    t.request = null;
    if (stopped) {
      return;
    }
    boolean failed = outcome.timedOut();
    if (!failed) {
      ConsumerCreateJson.Answer answer = outcome.answer();
      t.err = answer.error();
      failed = answer.error() != null || answer.name().isEmpty();
      if (!failed) {
        established(request.deliverSubject(), answer);
      }
    }
    t.setupInProgress = false;
    if (failed) {
      t.fails++;
      cancelConsumer();
      scheduleSetup();
    } else {
      t.fails = 0;
    }
  }

  private void established(String deliverSubject, ConsumerCreateJson.Answer answer) {
    t.sub = ctx.bus().subscribe(deliverSubject, m -> {
      t.last = ctx.now();
      inbound(m);
    });
    StoreState state = stream.state();
    long delivered = answer.deliveredStreamSeq();
    if (delivered > state.lastSeq()) {
      // the origin starts past the mirror (expired or deleted messages, a high first sequence)
      ctx.writes().write(stream, new StreamOp.SkipTo(delivered + 1));
    }
    t.cname = answer.name();
    t.dseq = 0;
    t.sseq = delivered;
    t.last = ctx.now();
    health = ctx.scheduler().schedule(Timing.HEALTH_CHECK, this::checkHealth);
  }

  /** {@code processMirrorMsgs}' ticker: quiet for more than 10 s means stalled. */
  private void checkHealth() {
    health = null;
    if (stopped) {
      return;
    }
    health = ctx.scheduler().schedule(Timing.HEALTH_CHECK, this::checkHealth);
    if (ctx.now() - t.last > Timing.HEALTH_CHECK) {
      retryConsumer();
    }
  }

  /** {@code retryMirrorConsumer}. */
  private void retryConsumer() {
    cancelConsumer();
    setup();
  }

  /** {@code cancelMirrorConsumer}: the origin's consumer goes once it notices nobody listens. */
  private void cancelConsumer() {
    t.cancel();
    if (health != null) {
      health.cancel();
      health = null;
    }
  }

  private long sinceLastRequest() {
    return t.lreq == Tracking.NEVER ? Long.MAX_VALUE : ctx.now() - t.lreq;
  }

  // ---------------------------------------------------------------- inbound

  /** {@code processInboundMirrorMsg}. */
  private void inbound(InternalBus.Message m) {
    if (stopped) {
      return;
    }
    boolean control = Delivery.isControl(m);
    if (!control && !Delivery.isFrom(t.cname, m.reply())) {
      return;
    }
    if (control) {
      control(m);
      return;
    }
    Delivery d = Delivery.parse(m.reply());
    if (d.deliveryCount() > 1) {
      return;
    }
    long olag = t.lag;
    long osseq = t.sseq;
    long odseq = t.dseq;
    if (d.streamSeq() == t.sseq + 1) {
      t.dseq = d.consumerSeq();
      t.sseq++;
    } else if (d.streamSeq() <= t.sseq) {
      return;
    } else if (d.consumerSeq() == t.dseq + 1) {
      // the origin expired or deleted the messages in between
      ctx.writes().write(stream, new StreamOp.SkipTo(d.streamSeq()));
      t.dseq++;
      t.sseq = d.streamSeq();
    } else {
      retryConsumer();
      return;
    }
    t.lag = d.pending() == 0 ? 0 : d.pending() - 1;
    PublishOutcome out =
        (PublishOutcome) ctx.writes().write(stream, new StreamOp.Mirrored(
            d.streamSeq(), t.transform(m.subject()), m.headers(), m.data(), d.timestampNanos()));
    if (out instanceof PublishOutcome.Stored || out instanceof PublishOutcome.Proposed) {
      ctx.stored().accept(stream);
    } else if (out instanceof PublishOutcome.Rejected r
        && r.error().errCode() == JsError.STREAM_SEQUENCE_NOT_MATCH.error().errCode()) {
      if (d.streamSeq() <= stream.lastSeq()) {
        t.lag = olag;
        t.sseq = osseq;
        t.dseq = odseq;
      } else {
        t.sseq = osseq;
        t.dseq = odseq;
        retryConsumer();
      }
    }
  }

  /** A heartbeat or a flow-control request. */
  private void control(InternalBus.Message m) {
    if (!m.reply().isEmpty()) {
      ctx.bus().publish(new OutboundMessage(m.reply(), null, null, null));
      return;
    }
    long last = Delivery.lastConsumerSeq(m);
    if (last > 0 && last != t.dseq) {
      retryConsumer();
      return;
    }
    String stalled = Delivery.stalledReply(m);
    if (!stalled.isEmpty()) {
      ctx.bus().publish(new OutboundMessage(stalled, null, null, null));
    }
  }
}
