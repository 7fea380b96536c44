package dev.jslab.local.bench;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A publisher that lives through failovers: on its own thread it publishes message after message
 * synchronously, each with its own {@code Nats-Msg-Id} ({@code m-1}, {@code m-2}, …), and retries
 * the same message with the same id after an error or a PubAck that does not come within the
 * attempt timeout, until it is acknowledged; only then does it go on to the next. Every PubAck is
 * recorded with the time its attempt started and the time it came.
 *
 * <p>Thread-safe: its own thread publishes; any thread may read the acks and close it.
 */
final class RetryingPublisher implements AutoCloseable {
  /** How long one attempt waits for its PubAck before the message is sent again. */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(100);
  /** The pause after a failed attempt, so a leaderless stream is not flooded. */
  static final long RETRY_PAUSE_MS = 5;

  /** One acknowledged publish; times are {@link System#nanoTime()}. */
  record Ack(String id, long seq, boolean duplicate, long attemptStartNanos, long ackNanos) {}

  private final Connection nc;
  private final String subject;
  private final byte[] payload = new byte[WireBench.PAYLOAD_BYTES];
  private final List<Ack> acks = new ArrayList<>();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String lastError = "";

  private RetryingPublisher(Connection nc, String subject) {
    this.nc = nc;
    this.subject = subject;
    this.thread = new Thread(this::run, "bench-failover-publisher");
    thread.setDaemon(true);
  }

  /** Starts publishing to {@code subject} through {@code nc}. */
  static RetryingPublisher start(Connection nc, String subject) {
    RetryingPublisher publisher = new RetryingPublisher(nc, subject);
    publisher.thread.start();
    return publisher;
  }

  private void run() {
    JetStream js;
    try {
      js = nc.jetStream();
    } catch (IOException e) {
      lastError = e.getMessage();
      return;
    }
    for (long n = 1; running; n++) {
      String id = "m-" + n;
      PublishOptions options = PublishOptions.builder().messageId(id).streamTimeout(ATTEMPT_TIMEOUT).build();
      while (running) {
        long start = System.nanoTime();
        try {
          PublishAck ack = js.publish(subject, payload, options);
          synchronized (acks) {
            acks.add(new Ack(id, ack.getSeqno(), ack.isDuplicate(), start, System.nanoTime()));
          }
          break;
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
          failedAttempts.incrementAndGet();
          lastError = String.valueOf(e.getMessage());
          if (!pause()) {
            return;
          }
        }
      }
    }
  }

  private boolean pause() {
    try {
      Thread.sleep(RETRY_PAUSE_MS);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /** The acks so far, in the order they came. */
  List<Ack> acks() {
    synchronized (acks) {
      return List.copyOf(acks);
    }
  }

  /** Attempts that failed or timed out so far. */
  long failedAttempts() {
    return failedAttempts.get();
  }

  /** The last failed attempt's error text. */
  String lastError() {
    return lastError;
  }

  /**
   * Waits until an attempt started at or after {@code nanos} is acknowledged and returns its ack.
   *
   * @return empty when none is within {@code timeout}
   */
  Optional<Ack> awaitAckOfAttemptFrom(long nanos, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Ack> ack = Outage.firstAckOfAttemptFrom(acks(), nanos);
      if (ack.isPresent()) {
        return ack;
      }
      Thread.sleep(1);
    }
    return Optional.empty();
  }

  /** Stops after the attempt under way and waits for the thread (at most a few seconds). */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
