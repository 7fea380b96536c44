package dev.jslab.engine.sourcing;

import dev.jslab.engine.message.Headers;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.stream.PublishOutcome;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.stream.StreamSource;
import dev.jslab.engine.time.Timer;
import dev.jslab.engine.wire.ConsumerCreateJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sources of one stream: each origin copied through its own internal consumer into the
 * stream's publish path, with new sequences and a {@code Nats-Stream-Source} header naming the
 * source and the origin sequence — nats-server 2.10's {@code setupSourceConsumer}, {@code
 * trySetupSourceConsumer}, {@code processInboundSourceMsg} and {@code processAllSourceMsgs}.
 *
 * <p>Each source resumes after the last origin sequence the stream stored for it (found in the
 * stored headers), or starts from its {@code opt_start_seq} / {@code opt_start_time}. Consumer
 * requests of a source are at least 2 s apart, 100–200 ms of jitter later, and after failures 5 s
 * × 2 × failures (at most 2 min) later still. A delivery whose consumer sequence skips, a heartbeat
 * that reports deliveries not seen, or a store error restarts the source's consumer; one health
 * check every 10 s (from the first consumer on) restarts every source quiet for more than 10 s.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class Sources {
  private static final String MAX_MSGS = "maximum messages exceeded";

  private final Stream stream;
  private final SourcingContext ctx;
  private final Map<String, Tracking> sources = new LinkedHashMap<>();
  private final Map<String, StreamSource> configs = new LinkedHashMap<>();
  private final Map<String, Timer> schedules = new HashMap<>();
  private Timer health;
  private boolean stopped;

  Sources(Stream stream, SourcingContext ctx) {
    this.stream = stream;
    this.ctx = ctx;
  }

  /** {@code setupSourceConsumers}: every source resumes where the stream's headers say. */
  void start() {
    stream.config().sources().forEach(this::add);
    Map<String, Long> starts = SourceStarts.scan(stream.store(), configs);
    starts.forEach((iname, seq) -> {
      if (seq != 0) {
        sources.get(iname).sseq = seq;
      }
    });
    for (Tracking si : List.copyOf(sources.values())) {
      setup(si.iname, si.sseq + 1);
    }
  }

  /** The stream's configuration changed: new sources start, removed ones stop. */
  void update(StreamConfig updated) {
    Set<String> current = new LinkedHashSet<>(configs.keySet());
    Set<String> added = new LinkedHashSet<>();
    for (StreamSource s : updated.sources()) {
      String iname = SourceHeader.iname(s);
      if (!current.remove(iname)) {
        add(s);
        added.add(iname);
      }
    }
    for (String iname : current) {
      cancelSourceConsumer(iname);
      Tracking si = sources.remove(iname);
      si.abandonRequest();
      configs.remove(iname);
    }
    rescan(added);
    for (String iname : added) {
      setup(iname, sources.get(iname).sseq + 1);
    }
  }

  void stop() {
    stopped = true;
    for (Tracking si : sources.values()) {
      cancelSourceInfo(si);
      si.abandonRequest();
    }
    if (health != null) {
      health.cancel();
      health = null;
    }
  }

  List<StreamSourceInfo> info() {
    List<StreamSourceInfo> out = new ArrayList<>();
    sources.values().forEach(si -> out.add(si.info(ctx.now())));
    return out;
  }

  private void add(StreamSource s) {
    String iname = SourceHeader.iname(s);
    String filter = s.subjectTransforms().isEmpty() ? s.filterSubject() : "";
    sources.put(iname, new Tracking(s.name(), iname, s.external(), filter, s.subjectTransforms()));
    configs.put(iname, s);
  }

  /** {@code setStartingSequenceForSources}. */
  private void rescan(Set<String> inames) {
    if (stream.state().messages() == 0) {
      inames.forEach(iname -> sources.get(iname).dseq = 0);
      return;
    }
    SourceStarts.rescan(stream.store(), inames, configs).forEach((iname, seq) -> {
      Tracking si = sources.get(iname);
      si.sseq = seq;
      si.dseq = 0;
    });
  }

  // ---------------------------------------------------------------- the consumers

  /** {@code setupSourceConsumer}: schedules a request, unless one is scheduled or under way. */
  private void setup(String iname, long seq) {
    Tracking si = sources.get(iname);
    if (stopped || schedules.containsKey(iname) || si == null || si.setupInProgress) {
      return;
    }
    long delay = 0;
    if (si.lreq != Tracking.NEVER) {
      delay = Timing.throttleLeft(ctx.now() - si.lreq);
      if (si.fails > 0) {
        delay += Timing.backoff(si.fails);
      }
    }
    delay += Timing.jitter(ctx.random());
    schedules.put(iname, ctx.scheduler().schedule(delay, () -> {
      schedules.remove(iname);
      trySetup(iname, seq);
    }));
  }

  /** {@code trySetupSourceConsumer}. */
  private void trySetup(String iname, long seq) {
    Tracking si = sources.get(iname);
    if (stopped || si == null) {
      return;
    }
    cancelSourceInfo(si);
    StreamSource config = configs.get(iname);
    si.lreq = ctx.now();
    CreateRequest request = CreateRequest.source(config, seq, stream.state(), ctx.random(), ctx.nuid());
    si.err = null;
    si.setupInProgress = true;
    si.request = new PendingRequest(ctx.bus(), ctx.scheduler(), request,
        o -> answered(si, seq, request, o));
  }

  private void answered(Tracking si, long seq, CreateRequest request, PendingRequest.Outcome o) {
    si.request = null;
    if (stopped || sources.get(si.iname) != si) {
      return;
    }
    boolean failed = o.timedOut();
    if (!failed) {
      ConsumerCreateJson.Answer answer = o.answer();
      si.err = answer.error();
      failed = answer.error() != null || answer.name().isEmpty();
      if (!failed) {
        established(si, request.deliverSubject(), answer);
      }
    }
    si.setupInProgress = false;
    if (failed) {
      si.fails++;
      cancelSourceInfo(si);
      setup(si.iname, seq);
    } else {
      si.fails = 0;
    }
  }

  private void established(Tracking si, String deliverSubject, ConsumerCreateJson.Answer answer) {
    if (health == null) {
      health = ctx.scheduler().schedule(Timing.HEALTH_CHECK, this::checkHealth);
    }
    if (si.sseq != answer.deliveredStreamSeq()) {
      si.sseq = answer.deliveredStreamSeq() + 1; // nats-server's own arithmetic
    }
    si.cname = answer.name();
    si.dseq = 0;
    si.last = ctx.now();
    si.sub = ctx.bus().subscribe(deliverSubject, m -> {
      si.last = ctx.now();
      inbound(si, m);
    });
  }

  /** {@code processAllSourceMsgs}' ticker: restarts every source quiet for more than 10 s. */
  private void checkHealth() {
    health = null;
    if (stopped || sources.isEmpty()) {
      return;
    }
    health = ctx.scheduler().schedule(Timing.HEALTH_CHECK, this::checkHealth);
    for (Tracking si : List.copyOf(sources.values())) {
      if (ctx.now() - si.last > Timing.HEALTH_CHECK) {
        setup(si.iname, si.sseq + 1);
        si.last = ctx.now();
      }
    }
  }

  /** {@code cancelSourceConsumer}: the consumer goes and the source forgets where it was. */
  private void cancelSourceConsumer(String iname) {
    Tracking si = sources.get(iname);
    if (si != null) {
      cancelSourceInfo(si);
      si.sseq = 0;
      si.dseq = 0;
    }
  }

  /** {@code cancelSourceInfo}: the consumer goes, and so does a scheduled request. */
  private void cancelSourceInfo(Tracking si) {
    si.cancel();
    Timer t = schedules.remove(si.iname);
    if (t != null) {
      t.cancel();
    }
  }

  // ---------------------------------------------------------------- inbound

  /** {@code processInboundSourceMsg}. */
  private void inbound(Tracking si, InternalBus.Message m) {
    if (stopped || sources.get(si.iname) != si) {
      return;
    }
    boolean control = Delivery.isControl(m);
    if (!control && !Delivery.isFrom(si.cname, m.reply())) {
      return;
    }
    if (control) {
      control(si, m);
      return;
    }
    Delivery d = Delivery.parse(m.reply());
    if (d.deliveryCount() > 1) {
      return;
    }
    if (d.consumerSeq() == si.dseq + 1) {
      si.dseq++;
      si.sseq = d.streamSeq();
    } else if (d.consumerSeq() > si.dseq) {
      restart(si, si.sseq + 1);
      return;
    } else {
      return;
    }
    si.lag = d.pending() == 0 ? 0 : d.pending() - 1;
    byte[] headers = m.headers();
    if (headers.length > 0) {
      headers = HeaderEdits.remove(headers, Headers.STREAM_SOURCE);
      headers = HeaderEdits.removePrefixed(headers, "Nats-Expected-");
    }
    headers = Headers.append(headers, Headers.STREAM_SOURCE, SourceHeader.value(si.iname, m.reply()));
    PublishOutcome out =
        (PublishOutcome) ctx.writes().write(stream, new dev.jslab.engine.stream.StreamOp.Publish(
            si.transform(m.subject()), null, headers, m.data(), ctx.now()));
    if (out instanceof PublishOutcome.Stored || out instanceof PublishOutcome.Proposed) {
      ctx.stored().accept(stream);
    } else if (!(out instanceof PublishOutcome.NoInterest)) {
      failed(si, out);
    }
  }

  /** The stream refused a sourced message: the source restarts from what it stored last. */
  private void failed(Tracking si, PublishOutcome out) {
    if (out instanceof PublishOutcome.Rejected r && MAX_MSGS.equals(r.error().description())) {
      restart(si, si.sseq);
      return;
    }
    rescan(new LinkedHashSet<>(Set.of(si.iname)));
    restart(si, si.sseq + 1);
  }

  /**
   * A delivery or heartbeat went wrong: the source takes nothing more from this consumer and
   * requests a new one from {@code seq}. nats-server drops the rest of the batch of deliveries it
   * was processing and retries later; here each delivery is a batch of its own, so the consumer is
   * dropped at once, or what it delivered before the retry would be stored twice.
   */
  private void restart(Tracking si, long seq) {
    si.cancel();
    setup(si.iname, seq);
  }

  private void control(Tracking si, InternalBus.Message m) {
    if (!m.reply().isEmpty()) {
      ctx.bus().publish(new OutboundMessage(m.reply(), null, null, null));
      return;
    }
    long last = Delivery.lastConsumerSeq(m);
    if (last > 0 && last != si.dseq) {
      restart(si, si.sseq + 1);
      return;
    }
    String stalled = Delivery.stalledReply(m);
    if (!stalled.isEmpty()) {
      ctx.bus().publish(new OutboundMessage(stalled, null, null, null));
    }
  }
}
