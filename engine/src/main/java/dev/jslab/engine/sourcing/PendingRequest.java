package dev.jslab.engine.sourcing;

import dev.jslab.engine.api.ApiError;
import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.time.Scheduler;
import dev.jslab.engine.time.Timer;
import dev.jslab.engine.wire.ConsumerCreateJson;
import java.util.function.Consumer;

/**
 * One {@code CONSUMER.CREATE} request under way: sent on the bus, answered at most once, given up
 * after nats-server's 30 s ({@code srcConsumerWaitTime}). The outcome goes to the owner exactly
 * once, unless the owner cancels first.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class PendingRequest {
  /** How a request ended: the answer, or null after the wait ran out. */
  record Outcome(ConsumerCreateJson.Answer answer) {
    boolean timedOut() {
      return answer == null;
    }
  }

  private final InternalBus.Subscription sub;
  private final Timer timer;
  private boolean done;

  PendingRequest(
      InternalBus bus, Scheduler scheduler, CreateRequest request, Consumer<Outcome> outcome) {
    this.timer = scheduler.schedule(Timing.REQUEST_WAIT, () -> finish(outcome, new Outcome(null)));
    this.sub = bus.request(request.subject(), request.body(), reply -> finish(outcome, read(reply)));
  }

  private void finish(Consumer<Outcome> outcome, Outcome o) {
    if (done) {
      return;
    }
    cancel();
    outcome.accept(o);
  }

  /** Stops waiting; the owner hears nothing more. */
  void cancel() {
    done = true;
    timer.cancel();
    if (sub != null) {
      sub.cancel();
    }
  }

  /** An answer nats-server could not unmarshal counts as invalid JSON (10025). */
  private static Outcome read(InternalBus.Message reply) {
    try {
      return new Outcome(ConsumerCreateJson.read(reply.data()));
    } catch (ApiException e) {
      ApiError invalid = JsError.INVALID_JSON.error();
      return new Outcome(new ConsumerCreateJson.Answer(invalid, "", 0));
    }
  }
}
