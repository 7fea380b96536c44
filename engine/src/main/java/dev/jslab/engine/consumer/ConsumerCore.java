package dev.jslab.engine.consumer;

import dev.jslab.engine.advisory.Nuid;
import dev.jslab.engine.consumer.ConsumerAdvisories.Envelope;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;
import java.util.function.Supplier;

/**
 * What the parts of one {@link Consumer} share: its identity and node context, the configuration
 * in use, whether it leads or is closed, and the signal that wakes its delivery loop.
 *
 * <p>nats-server runs delivery in its own goroutine, woken by signals. Here every entry point and
 * timer runs its work through {@link #call}; when the outermost call returns and something {@link
 * #signal}led, the delivery loop runs until it would wait again. So the outbox holds the
 * consequences of a call when the call returns. Timers go through {@link #schedule}: they do
 * nothing once the consumer is closed.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class ConsumerCore {
  static final long MILLI = 1_000_000L;

  final Consumer consumer;
  final Stream stream;
  final String name;
  final ConsumerContext ctx;
  private final Scheduler scheduler;
  private final Nuid nuid;
  /** The configuration in use. */
  ConsumerConfig cfg;
  boolean leader;
  boolean closed;
  private boolean signalled;
  private int depth;
  private Runnable loop = () -> {};

  ConsumerCore(
      Consumer consumer, Stream stream, String name, ConsumerConfig cfg, ConsumerContext ctx) {
    this.consumer = consumer;
    this.stream = stream;
    this.name = name;
    this.cfg = cfg;
    this.ctx = ctx;
    this.scheduler = ctx.scheduler();
    this.nuid = new Nuid(ctx.random());
  }

  /** Sets the delivery loop: it runs while signalled, leading and open, until it would wait. */
  void deliverWith(Runnable deliveryLoop) {
    this.loop = deliveryLoop;
  }

  /** Something may be deliverable now: run the delivery loop when the current call returns. */
  void signal() {
    signalled = true;
  }

  boolean signalled() {
    return signalled;
  }

  void clearSignal() {
    signalled = false;
  }

  /** Runs {@code work} as an entry point: the delivery loop runs after the outermost one. */
  void call(Runnable work) {
    depth++;
    try {
      work.run();
    } finally {
      exit();
    }
  }

  /** {@link #call} for work with a result. */
  <T> T callAndGet(Supplier<T> work) {
    depth++;
    try {
      return work.get();
    } finally {
      exit();
    }
  }

  private void exit() {
    depth--;
    if (depth == 0) {
      runLoop();
    }
  }

  /** Runs the delivery loop now, unless inside an entry point (which runs it on its way out). */
  void runLoop() {
    if (depth > 0) {
      return;
    }
    depth++;
    try {
      loop.run();
    } finally {
      depth--;
    }
  }

  /** Runs {@code work} as an entry point {@code delayNanos} from now, unless closed by then. */
  Timer schedule(long delayNanos, Runnable work) {
    return scheduler.schedule(delayNanos, () -> {
      if (!closed) {
        call(work);
      }
    });
  }

  static void cancel(Timer t) {
    if (t != null) {
      t.cancel();
    }
  }

  long now() {
    return scheduler.nowNanos();
  }

  void send(OutboundMessage m) {
    ctx.outbox().send(m);
  }

  /** A header-only status message ({@code NATS/1.0 <code> <description>}) to {@code reply}. */
  void sendStatus(String reply, int code, String description) {
    send(new OutboundMessage(reply, null, StatusMessages.status(code, description), null));
  }

  /** A fresh advisory envelope: new id, now, this stream and consumer, the domain. */
  Envelope envelope() {
    return new Envelope(nuid.next(), now(), stream.name(), name, ctx.domain());
  }
}
