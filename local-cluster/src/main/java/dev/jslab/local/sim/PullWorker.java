package dev.jslab.local.sim;

import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.consumer.AckSubject;
import dev.jslab.engine.message.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The durable pull consumer of a check's workload: sends a pull request (a batch, with an expiry)
 * one after the other, and acks ({@code +ACK}, explicit) every message delivered to it, noting
 * which stream sequences it received (how often) and acked.
 *
 * <p>Not thread-safe: runs on the simulation's clock.
 */
final class PullWorker {
  private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.UTF_8);

  private final SimClient client;
  private final JetStreamSim sim;
  private final String nextSubject;
  private final byte[] request;
  private final long cycleNanos;
  private final int batch;
  private long pulls;
  private final TreeMap<Long, Integer> received = new TreeMap<>();
  private final TreeSet<Long> acked = new TreeSet<>();
  private boolean running;

  /** Pulls {@code batch} at a time from {@code stream}'s {@code consumer}, each request lasting {@code expiresNanos}. */
  PullWorker(SimClient client, JetStreamSim sim, String stream, String consumer, int batch, long expiresNanos) {
    this.client = client;
    this.sim = sim;
    this.nextSubject = JsApi.PREFIX + "CONSUMER.MSG.NEXT." + stream + "." + consumer;
    this.request = ("{\"batch\":" + batch + ",\"expires\":" + expiresNanos + "}").getBytes(StandardCharsets.UTF_8);
    this.cycleNanos = expiresNanos + expiresNanos / 10;
    this.batch = batch;
  }

  void start() {
    running = true;
    pull();
  }

  void stop() {
    running = false;
  }

  /** Sends the next pull request; the next one follows once its batch is full or it expired. */
  private void pull() {
    if (!running) {
      return;
    }
    String inbox = client.newInbox();
    long pull = ++pulls;
    int[] got = new int[1];
    client.subscribe(inbox, m -> {
      if (delivered(m) && ++got[0] == batch && pull == pulls) {
        client.unsubscribe(inbox);
        pull();
      }
    });
    client.publish(nextSubject, inbox, null, request);
    sim.clock().schedule(cycleNanos, () -> {
      client.unsubscribe(inbox);
      if (pull == pulls) {
        pull();
      }
    });
  }

  /** Acks a delivery; whether {@code m} was one (not a status). */
  private boolean delivered(OutboundMessage m) {
    if (m.reply() == null || !m.reply().startsWith(AckSubject.PREFIX)) {
      return false; // a status: 404 no messages, 408 request timeout, …
    }
    long seq = AckSubject.parse(m.reply()).streamSeq();
    received.merge(seq, 1, Integer::sum);
    client.publish(m.reply(), null, null, ACK);
    acked.add(seq);
    return true;
  }

  /** Stream sequences received, with how many times each was delivered. */
  TreeMap<Long, Integer> received() {
    return received;
  }

  /** Stream sequences this consumer acked (at least once). */
  Set<Long> acked() {
    return acked;
  }
}
