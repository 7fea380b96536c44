package dev.jslab.local.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.message.Headers;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.time.Timer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One publisher of a check's workload: publishes ids {@code <name>-1, <name>-2, …} one at a time
 * with a {@code Nats-Msg-Id} header, and retries the same id on a timeout or an error answer until a
 * PubAck comes, up to a bounded number of attempts; every PubAck — a late one for an earlier attempt
 * too — goes into the {@link AckLedger}.
 *
 * <p>Not thread-safe: runs on the simulation's clock.
 */
final class Publisher {
  private final SimClient client;
  private final JetStreamSim sim;
  private final String subject;
  private final AckLedger ledger;
  private final SplittableRandom random;
  private final long timeoutNanos;
  private final long gapNanos;
  private final int maxAttempts;
  private boolean running;
  private long next;
  private String id;
  private int attempt;
  private String inbox;
  private Timer timer;
  private int gaveUp;

  Publisher(
      SimClient client, JetStreamSim sim, String subject, AckLedger ledger, SplittableRandom random,
      long timeoutNanos, long gapNanos, int maxAttempts) {
    this.client = client;
    this.sim = sim;
    this.subject = subject;
    this.ledger = ledger;
    this.random = random;
    this.timeoutNanos = timeoutNanos;
    this.gapNanos = gapNanos;
    this.maxAttempts = maxAttempts;
  }

  void start() {
    running = true;
    nextId();
  }

  /** Publishes no new id; the one in flight still gets its attempts. */
  void stop() {
    running = false;
  }

  /** Whether no publish is in flight. */
  boolean idle() {
    return id == null;
  }

  /** Ids given up on after every attempt failed. */
  int gaveUp() {
    return gaveUp;
  }

  private void nextId() {
    id = null;
    if (!running) {
      return;
    }
    id = client.name() + "-" + (++next);
    attempt = 0;
    ledger.sent();
    send();
  }

  private void send() {
    attempt++;
    String current = id;
    inbox = client.newInbox();
    client.subscribe(inbox, m -> answered(current, m));
    client.publish(subject, inbox, Headers.of(null, Headers.MSG_ID, current),
        (current + " attempt " + attempt).getBytes(StandardCharsets.UTF_8));
    String sentOn = inbox;
    timer = sim.clock().schedule(timeoutNanos, () -> failed(sentOn));
  }

  private void answered(String forId, OutboundMessage m) {
    JsonNode answer = Json.read(m.data());
    boolean current = forId.equals(id) && m.route().equals(inbox);
    if (answer.has("seq") && !answer.has("error")) {
      ledger.acked(forId, answer.get("seq").asLong());
      if (forId.equals(id)) {
        timer.cancel();
        id = null;
        sim.clock().schedule(random.nextLong(gapNanos + 1), this::nextId);
      }
    } else if (current) {
      timer.cancel();
      failed(inbox);
    }
  }

  private void failed(String sentOn) {
    if (id == null || !sentOn.equals(inbox)) {
      return;
    }
    if (attempt >= maxAttempts) {
      gaveUp++;
      id = null;
      sim.clock().schedule(random.nextLong(gapNanos + 1), this::nextId);
      return;
    }
    sim.clock().schedule(random.nextLong(gapNanos + 1), () -> {
      if (id != null && sentOn.equals(inbox)) {
        send();
      }
    });
  }
}
