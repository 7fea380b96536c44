package dev.jslab.engine.sourcing;

import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.time.Scheduler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A link between the mirrors and sources of a node and its bus that a test can cut, in either
 * direction, or slow down (a one-way latency on everything but the requests), and that records
 * every consumer create request with its time.
 */
final class Link {
  /** A create request as it was sent. */
  record Request(long atNanos, String subject, String body) {}

  private final Scheduler scheduler;
  final List<Request> requests = new ArrayList<>();
  /** Drops what comes to the mirrors and sources: deliveries, heartbeats, answers. */
  boolean inboundCut;
  /** Drops what the mirrors and sources send: requests, flow-control replies. */
  boolean outboundCut;
  /** How long deliveries to, and publishes from, the mirrors and sources take. */
  long latencyNanos;

  Link(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  void cut() {
    inboundCut = true;
    outboundCut = true;
  }

  void heal() {
    inboundCut = false;
    outboundCut = false;
  }

  private void later(Runnable r) {
    if (latencyNanos == 0) {
      r.run();
    } else {
      scheduler.schedule(latencyNanos, r);
    }
  }

  InternalBus over(InternalBus bus) {
    return new InternalBus() {
      @Override
      public Subscription subscribe(String subject, Consumer<Message> handler) {
        return bus.subscribe(subject, m -> later(() -> {
          if (!inboundCut) {
            handler.accept(m);
          }
        }));
      }

      @Override
      public void publish(OutboundMessage message) {
        if (!outboundCut) {
          later(() -> bus.publish(message));
        }
      }

      @Override
      public Subscription request(String subject, byte[] body, Consumer<Message> onReply) {
        requests.add(
            new Request(scheduler.nowNanos(), subject, new String(body, StandardCharsets.UTF_8)));
        if (outboundCut) {
          return () -> {};
        }
        return bus.request(subject, body, m -> {
          if (!inboundCut) {
            onReply.accept(m);
          }
        });
      }
    };
  }
}
