package dev.jslab.local.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Drives one NATS server over its client port with jnats, as {@code nats bench} does: core
 * publish/subscribe, JetStream synchronous and asynchronous publishing into memory and file
 * streams, and pull fetch with acks. Every figure is the best of a few rounds after unmeasured
 * warm-up rounds (a JIT-compiled server needs a few seconds to reach its pace); the server is only reached through the public protocol, so the same bench measures the
 * lab and nats-server alike. Where the JetStream figures' stream lives comes from {@link
 * BenchStreams}: on the one server, or replicated on a cluster and driven through its leader.
 *
 * <p>Runs on the calling thread (jnats adds its own); not thread-safe.
 */
public final class WireBench {
  /** Bytes per message body, as {@code nats bench}'s default. */
  public static final int PAYLOAD_BYTES = 128;
  /** Publish acknowledgements in flight during the asynchronous publish figure. */
  public static final int ASYNC_IN_FLIGHT = 1_000;
  /** Messages per pull request in the fetch figure. */
  public static final int FETCH_BATCH = 500;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String url;
  private final BenchStreams.Opener streams;
  private final WireBenchSize size;
  private final int rounds;
  private final long warmUpNanos;
  private final byte[] payload = new byte[PAYLOAD_BYTES];

  /**
   * @param url the server, e.g. {@code nats://127.0.0.1:4222}
   * @param size messages per round for each figure
   * @param rounds measured rounds (the best is reported)
   * @param warmUp how long rounds run unmeasured first (at least one round runs)
   */
  public WireBench(String url, WireBenchSize size, int rounds, Duration warmUp) {
    this(url, () -> new SingleServerStreams(url), size, rounds, warmUp);
  }

  /**
   * @param url the server core publish/subscribe runs on
   * @param streams where the JetStream figures' stream lives and which connection drives it
   * @param size messages per round for each figure
   * @param rounds measured rounds (the best is reported)
   * @param warmUp how long rounds run unmeasured first (at least one round runs)
   */
  WireBench(String url, BenchStreams.Opener streams, WireBenchSize size, int rounds, Duration warmUp) {
    this.url = url;
    this.streams = streams;
    this.size = size;
    this.rounds = rounds;
    this.warmUpNanos = warmUp.toNanos();
    new SplittableRandom(42).nextBytes(payload);
  }

  /** One figure of the wire bench, measured by {@link #measure}. */
  public enum Figure {
    CORE_PUBSUB("core.pubsub"),
    SYNC_PUBLISH_MEMORY("js.sync.memory"),
    SYNC_PUBLISH_FILE("js.sync.file"),
    ASYNC_PUBLISH_MEMORY("js.async.memory"),
    ASYNC_PUBLISH_FILE("js.async.file"),
    FETCH_ACK_MEMORY("js.fetch.memory"),
    FETCH_ACK_FILE("js.fetch.file");

    private final String label;

    Figure(String label) {
      this.label = label;
    }

    /** The dotted name the figure is printed under. */
    public String label() {
      return label;
    }

    /** Whether the figure measures a stream (all but core publish/subscribe). */
    public boolean jetStream() {
      return this != CORE_PUBSUB;
    }
  }

  /**
   * Measures one figure, handing each result line (one or three) to {@code out}.
   *
   * @throws Exception when the server fails the bench (an error, a lost message, a timeout)
   */
  public void measure(Figure figure, String prefix, Consumer<BenchResult> out) throws Exception {
    try (BenchStreams stream = streams.open()) {
      String name = prefix + figure.label();
      switch (figure) {
        case CORE_PUBSUB -> out.accept(new BenchResult(name, best(() -> corePubSub()).rate, "msgs/s"));
        case SYNC_PUBLISH_MEMORY, SYNC_PUBLISH_FILE -> {
          Round best = best(() -> syncPublish(stream, storage(figure)));
          out.accept(new BenchResult(name, best.rate, "msgs/s"));
          out.accept(new BenchResult(name + ".p50", best.p50Micros, "us"));
          out.accept(new BenchResult(name + ".p99", best.p99Micros, "us"));
        }
        case ASYNC_PUBLISH_MEMORY, ASYNC_PUBLISH_FILE ->
            out.accept(new BenchResult(name, best(() -> asyncPublish(stream, storage(figure))).rate, "msgs/s"));
        case FETCH_ACK_MEMORY, FETCH_ACK_FILE ->
            out.accept(new BenchResult(name, best(() -> fetchAndAck(stream, storage(figure))).rate, "msgs/s"));
      }
    }
  }

  private static StorageType storage(Figure figure) {
    return figure.label().endsWith(".file") ? StorageType.File : StorageType.Memory;
  }

  /** What one round measured: its throughput and, for synchronous publishing, its latencies. */
  private record Round(double rate, double p50Micros, double p99Micros) {
    static Round of(double rate) {
      return new Round(rate, 0, 0);
    }
  }

  private interface RoundBody {
    Round run() throws Exception;
  }

  private Round best(RoundBody body) throws Exception {
    long warmUpEnd = System.nanoTime() + warmUpNanos;
    do {
      body.run();
    } while (System.nanoTime() < warmUpEnd);
    Round best = null;
    for (int i = 0; i < rounds; i++) {
      Round r = body.run();
      if (best == null || r.rate > best.rate) {
        best = r;
      }
    }
    return best;
  }

  private Connection connect() throws IOException, InterruptedException {
    return BenchConnections.connect(url);
  }

  /** One publisher and one subscriber connection; the rate counts messages received. */
  private Round corePubSub() throws Exception {
    int n = size.core();
    try (Connection pub = connect();
        Connection sub = connect()) {
      CountDownLatch done = new CountDownLatch(1);
      AtomicLong received = new AtomicLong();
      Dispatcher dispatcher =
          sub.createDispatcher(
              m -> {
                if (received.incrementAndGet() == n) {
                  done.countDown();
                }
              });
      dispatcher.setPendingLimits(-1, -1);
      dispatcher.subscribe("bench.core");
      sub.flush(TIMEOUT);
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        pub.publish("bench.core", payload);
      }
      pub.flush(TIMEOUT);
      if (!done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "core pub/sub: the subscriber received " + received.get() + " of " + n + " messages");
      }
      return Round.of(rate(n, start));
    }
  }

  private Round syncPublish(BenchStreams streams, StorageType storage)
      throws Exception {
    int n = size.sync();
    Connection nc = streams.fresh(storage);
    String subject = BenchStreams.SUBJECT;
    JetStream js = nc.jetStream();
    long[] latencies = new long[n];
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      PublishAck ack = js.publish(subject, payload);
      latencies[i] = System.nanoTime() - t;
      if (ack.getSeqno() != i + 1) {
        throw new IllegalStateException("sync publish: PubAck seq " + ack.getSeqno() + ", expected " + (i + 1));
      }
    }
    double rate = rate(n, start);
    Arrays.sort(latencies);
    return new Round(rate, percentile(latencies, 50) / 1_000.0, percentile(latencies, 99) / 1_000.0);
  }

  private Round asyncPublish(BenchStreams streams, StorageType storage)
      throws Exception {
    int n = size.async();
    Connection nc = streams.fresh(storage);
    String subject = BenchStreams.SUBJECT;
    long start = System.nanoTime();
    publishAsync(nc, subject, n);
    return Round.of(rate(n, start));
  }

  /** Publishes {@code n} messages with at most {@value #ASYNC_IN_FLIGHT} PubAcks outstanding. */
  private void publishAsync(Connection nc, String subject, int n) throws Exception {
    JetStream js = nc.jetStream();
    Semaphore window = new Semaphore(ASYNC_IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < n && failure.get() == null; i++) {
      window.acquire();
      js.publishAsync(subject, payload)
          .whenComplete(
              (ack, error) -> {
                if (error != null) {
                  failure.compareAndSet(null, error);
                }
                window.release();
              });
    }
    if (!window.tryAcquire(ASYNC_IN_FLIGHT, TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("async publish: PubAcks missing after " + TIMEOUT);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("async publish failed: " + failure.get(), failure.get());
    }
  }

  /**
   * Fills a stream (not timed), then fetches it through a durable pull consumer in batches of
   * {@value #FETCH_BATCH}, acking every message; timed until the consumer's ack floor covers all.
   */
  private Round fetchAndAck(BenchStreams streams, StorageType storage)
      throws Exception {
    int n = size.fetch();
    Connection nc = streams.fresh(storage);
    String subject = BenchStreams.SUBJECT;
    publishAsync(nc, subject, n);
    JetStreamManagement jsm = nc.jetStreamManagement();
    jsm.addOrUpdateConsumer(
        BenchStreams.STREAM,
        ConsumerConfiguration.builder()
            .durable("FETCH")
            .filterSubject(subject)
            .ackPolicy(AckPolicy.Explicit)
            .build());
    JetStreamSubscription sub =
        nc.jetStream().subscribe(subject, PullSubscribeOptions.bind(BenchStreams.STREAM, "FETCH"));
    long start = System.nanoTime();
    int received = 0;
    while (received < n) {
      List<Message> batch = sub.fetch(Math.min(FETCH_BATCH, n - received), TIMEOUT);
      if (batch.isEmpty()) {
        throw new IllegalStateException("fetch: nothing after " + received + " of " + n + " messages");
      }
      for (Message m : batch) {
        m.ack();
      }
      received += batch.size();
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (jsm.getConsumerInfo(BenchStreams.STREAM, "FETCH").getAckFloor().getStreamSequence() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fetch: acks not applied after " + TIMEOUT);
      }
      Thread.onSpinWait();
    }
    double rate = rate(n, start);
    sub.unsubscribe();
    return Round.of(rate);
  }

  private static long percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double rate(int n, long startNanos) {
    return n / ((System.nanoTime() - startNanos) / 1e9);
  }
}
