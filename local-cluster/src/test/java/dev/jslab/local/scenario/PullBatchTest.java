package dev.jslab.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.ErrorListener;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tutorial scenario: a pull consumer fetching batches of 50 with a 5 s expiry. */
class PullBatchTest {
  private static final Duration TUTORIAL_EXPIRY = Duration.ofSeconds(5);

  private LabNode node;
  private JetStreamManagement jsm;
  private JetStream js;

  @BeforeEach
  void start() throws Exception {
    node = LabNode.start();
    jsm = node.nc.jetStreamManagement();
    js = node.nc.jetStream();
    jsm.addStream(
        StreamConfiguration.builder()
            .name("JOBS")
            .subjects("jobs.>")
            .storageType(StorageType.Memory)
            .build());
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private JetStreamSubscription worker() throws Exception {
    return js.subscribe(
        "jobs.>",
        PullSubscribeOptions.builder()
            .durable("batcher")
            .configuration(
                ConsumerConfiguration.builder()
                    .ackPolicy(AckPolicy.Explicit)
                    .ackWait(Duration.ofSeconds(30))
                    .build())
            .build());
  }

  private static List<Long> streamSeqs(List<Message> msgs) {
    return msgs.stream().map(m -> m.metaData().streamSequence()).collect(Collectors.toList());
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
  }

  @Test
  void fullBatchesOfFiftyComeBackAtOnceAndTheRemainderAfterTheExpiry() throws Exception {
    for (int i = 1; i <= 120; i++) {
      js.publish("jobs.resize", ("job-" + i).getBytes(StandardCharsets.UTF_8));
    }
    JetStreamSubscription sub = worker();

    long t0 = System.nanoTime();
    List<Message> first = sub.fetch(50, TUTORIAL_EXPIRY);
    assertThat(LabNode.millisSince(t0)).as("a full batch does not wait for the expiry").isLessThan(4_000);
    assertThat(streamSeqs(first)).isEqualTo(range(1, 50));
    assertThat(new String(first.get(0).getData(), StandardCharsets.UTF_8)).isEqualTo("job-1");
    assertThat(first.get(49).metaData().pendingCount()).isEqualTo(70);
    first.forEach(Message::ack);

    List<Message> second = sub.fetch(50, TUTORIAL_EXPIRY);
    assertThat(streamSeqs(second)).isEqualTo(range(51, 100));
    second.forEach(Message::ack);

    Duration shortExpiry = Duration.ofMillis(700);
    t0 = System.nanoTime();
    List<Message> rest = sub.fetch(50, shortExpiry);
    long took = LabNode.millisSince(t0);
    assertThat(streamSeqs(rest)).isEqualTo(range(101, 120));
    assertThat(took).as("a short batch waits out the expiry").isGreaterThanOrEqualTo(500).isLessThan(4_000);
    for (Message m : rest) {
      m.ackSync(LabNode.API_TIMEOUT);
    }

    ConsumerInfo info = jsm.getConsumerInfo("JOBS", "batcher");
    assertThat(info.getDelivered().getStreamSequence()).isEqualTo(120);
    assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(120);
    assertThat(info.getNumAckPending()).isZero();
    assertThat(info.getNumPending()).isZero();
    assertThat(info.getRedelivered()).isZero();
  }

  @Test
  void fetchingFromAnEmptyStreamReturnsNothingOnceTheExpiryHasPassed() throws Exception {
    JetStreamSubscription sub = worker();
    Duration expiry = Duration.ofMillis(800);
    long t0 = System.nanoTime();
    List<Message> none = sub.fetch(50, expiry);
    long took = LabNode.millisSince(t0);
    assertThat(none).isEmpty();
    assertThat(took).isGreaterThanOrEqualTo(600).isLessThan(TUTORIAL_EXPIRY.toMillis());

    js.publish("jobs.resize", "late".getBytes(StandardCharsets.UTF_8));
    List<Message> late = sub.fetch(1, expiry);
    assertThat(late).extracting(m -> new String(m.getData(), StandardCharsets.UTF_8)).containsExactly("late");
  }

  @Test
  void aMessagePublishedWhileTheFetchWaitsIsDeliveredToIt() throws Exception {
    JetStreamSubscription sub = worker();
    Thread publisher =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
                js.publish("jobs.resize", "mid-wait".getBytes(StandardCharsets.UTF_8));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    publisher.start();
    long t0 = System.nanoTime();
    List<Message> got = sub.fetch(1, Duration.ofSeconds(3));
    assertThat(LabNode.millisSince(t0)).as("returned on arrival, not at the expiry").isLessThan(2_500);
    publisher.join(5_000);
    assertThat(got).extracting(m -> new String(m.getData(), StandardCharsets.UTF_8)).containsExactly("mid-wait");
  }

  private ConsumerContext batcherContext() throws Exception {
    return node.nc
        .getStreamContext("JOBS")
        .createOrUpdateConsumer(
            ConsumerConfiguration.builder().durable("batcher").ackPolicy(AckPolicy.Explicit).build());
  }

  private static List<Message> drain(FetchConsumer fc) throws Exception {
    List<Message> got = new ArrayList<>();
    Message m;
    while ((m = fc.nextMessage()) != null) {
      got.add(m);
    }
    return got;
  }

  @Test
  void theSimplifiedFetchOfFiftyWithFiveSecondExpiryReturnsFiftyThenTheRest() throws Exception {
    for (int i = 1; i <= 75; i++) {
      js.publish("jobs.resize", ("job-" + i).getBytes(StandardCharsets.UTF_8));
    }
    ConsumerContext cc = batcherContext();
    long t0 = System.nanoTime();
    List<Message> first;
    try (FetchConsumer fc =
        cc.fetch(
            FetchConsumeOptions.builder()
                .maxMessages(50)
                .expiresIn(TUTORIAL_EXPIRY.toMillis())
                .build())) {
      first = drain(fc);
    }
    assertThat(LabNode.millisSince(t0)).isLessThan(4_000);
    assertThat(streamSeqs(first)).isEqualTo(range(1, 50));
    for (Message m : first) {
      m.ack();
    }

    t0 = System.nanoTime();
    List<Message> rest;
    try (FetchConsumer fc =
        cc.fetch(FetchConsumeOptions.builder().maxMessages(50).expiresIn(1_200).build())) {
      rest = drain(fc);
    }
    assertThat(streamSeqs(rest)).isEqualTo(range(51, 75));
    assertThat(LabNode.millisSince(t0)).isGreaterThanOrEqualTo(1_000).isLessThan(4_000);
    for (Message m : rest) {
      m.ackSync(LabNode.API_TIMEOUT);
    }
    assertThat(cc.getConsumerInfo().getNumAckPending()).isZero();
  }

  @Test
  void aNoWaitFetchOnAnEmptyStreamReturnsAtOnce() throws Exception {
    ConsumerContext cc = batcherContext();
    long t0 = System.nanoTime();
    try (FetchConsumer fc =
        cc.fetch(FetchConsumeOptions.builder().maxMessages(50).noWait().build())) {
      assertThat(drain(fc)).isEmpty();
    }
    assertThat(LabNode.millisSince(t0)).isLessThan(1_000);
    js.publish("jobs.resize", "x".getBytes(StandardCharsets.UTF_8));
    try (FetchConsumer fc =
        cc.fetch(FetchConsumeOptions.builder().maxMessages(50).noWait().build())) {
      assertThat(drain(fc)).hasSize(1);
    }
  }

  @Test
  void consumeDeliversEveryMessageAcrossRepeatedPulls() throws Exception {
    for (int i = 1; i <= 120; i++) {
      js.publish("jobs.resize", ("job-" + i).getBytes(StandardCharsets.UTF_8));
    }
    ConsumerContext cc = batcherContext();
    ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
    try (MessageConsumer mc =
        cc.consume(
            ConsumeOptions.builder().batchSize(50).expiresIn(2_000).build(),
            m -> {
              seen.add(m.metaData().streamSequence());
              m.ack();
            })) {
      LabNode.await(Duration.ofSeconds(10), "all 120 messages", () -> seen.size() >= 120);
    }
    assertThat(seen).containsExactlyElementsOf(range(1, 120));
  }

  @Test
  void anOrderedConsumerReadsTheStreamInOrderWithoutAnyAcks() throws Exception {
    for (int i = 1; i <= 60; i++) {
      js.publish(i % 2 == 0 ? "jobs.even" : "jobs.odd", ("job-" + i).getBytes(StandardCharsets.UTF_8));
    }
    OrderedConsumerContext oc =
        node.nc
            .getStreamContext("JOBS")
            .createOrderedConsumer(
                new OrderedConsumerConfiguration().filterSubjects("jobs.even"));
    List<Long> seqs = new ArrayList<>();
    try (FetchConsumer fc =
        oc.fetch(FetchConsumeOptions.builder().maxMessages(50).expiresIn(1_000).build())) {
      Message m;
      while ((m = fc.nextMessage()) != null) {
        seqs.add(m.metaData().streamSequence());
      }
    }
    assertThat(seqs).containsExactlyElementsOf(
        LongStream.rangeClosed(1, 30).map(i -> 2 * i).boxed().collect(Collectors.toList()));
  }

  @Test
  void aFetchOfFiftyStopsAtMaxAckPendingUntilAcksFreeSlots() throws Exception {
    for (int i = 1; i <= 60; i++) {
      js.publish("jobs.resize", ("job-" + i).getBytes(StandardCharsets.UTF_8));
    }
    JetStreamSubscription sub =
        js.subscribe(
            "jobs.>",
            PullSubscribeOptions.builder()
                .durable("capped")
                .configuration(ConsumerConfiguration.builder().maxAckPending(20).build())
                .build());
    List<Message> first = sub.fetch(50, Duration.ofMillis(500));
    assertThat(streamSeqs(first)).isEqualTo(range(1, 20));
    ConsumerInfo stalled = jsm.getConsumerInfo("JOBS", "capped");
    assertThat(stalled.getNumAckPending()).isEqualTo(20);
    assertThat(stalled.getNumPending()).isEqualTo(40);
    for (Message m : first.subList(0, 5)) {
      m.ackSync(LabNode.API_TIMEOUT);
    }
    List<Message> next = sub.fetch(50, Duration.ofMillis(500));
    assertThat(streamSeqs(next)).isEqualTo(range(21, 25));
  }

  @Test
  void aFetchBoundedByBytesReturnsOnlyWhatFits() throws Exception {
    byte[] payload = new byte[1000];
    for (int i = 1; i <= 10; i++) {
      js.publish("jobs.blob", payload);
    }
    ConsumerContext cc = batcherContext();
    List<Message> got;
    try (FetchConsumer fc =
        cc.fetch(FetchConsumeOptions.builder().max(3_500, 50).expiresIn(1_000).build())) {
      got = drain(fc);
    }
    assertThat(got).hasSizeBetween(2, 3);
    assertThat(streamSeqs(got)).isEqualTo(range(1, got.size()));
  }

  @Test
  void aPullAboveTheConsumersMaxBatchIsRefused() throws Exception {
    for (int i = 1; i <= 5; i++) {
      js.publish("jobs.resize", ("job-" + i).getBytes(StandardCharsets.UTF_8));
    }
    JetStreamSubscription sub =
        js.subscribe(
            "jobs.>",
            PullSubscribeOptions.builder()
                .durable("small")
                .configuration(ConsumerConfiguration.builder().maxBatch(10).build())
                .build());
    assertThat(jsm.getConsumerInfo("JOBS", "small").getConsumerConfiguration().getMaxBatch()).isEqualTo(10);
    assertThat(sub.fetch(50, Duration.ofMillis(500)))
        .as("the server answers 409 Exceeded MaxRequestBatch, which leaves the fetch empty")
        .isEmpty();
    assertThat(jsm.getConsumerInfo("JOBS", "small").getDelivered().getStreamSequence()).isZero();
    assertThat(sub.fetch(10, Duration.ofMillis(500))).hasSize(5);
  }

  @Test
  void anIdleConsumeGetsItsHeartbeatsAndStillDeliversLaterMessages() throws Exception {
    node.close();
    List<String> alarms = new CopyOnWriteArrayList<>();
    List<String> warnings = new CopyOnWriteArrayList<>();
    node =
        LabNode.start(
            b ->
                b.errorListener(
                    new ErrorListener() {
                      @Override
                      public void heartbeatAlarm(
                          Connection conn,
                          JetStreamSubscription sub,
                          long lastStreamSequence,
                          long lastConsumerSequence) {
                        alarms.add("alarm");
                      }

                      @Override
                      public void pullStatusWarning(
                          Connection conn,
                          JetStreamSubscription sub,
                          Status status) {
                        warnings.add(status.toString());
                      }

                      @Override
                      public void pullStatusError(
                          Connection conn,
                          JetStreamSubscription sub,
                          Status status) {
                        warnings.add("error " + status);
                      }
                    }));
    jsm = node.nc.jetStreamManagement();
    js = node.nc.jetStream();
    jsm.addStream(
        StreamConfiguration.builder().name("JOBS").subjects("jobs.>").storageType(StorageType.Memory).build());
    ConsumerContext cc = batcherContext();
    ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    try (MessageConsumer mc =
        cc.consume(
            ConsumeOptions.builder().batchSize(50).expiresIn(1_000).build(),
            m -> {
              seen.add(new String(m.getData(), StandardCharsets.UTF_8));
              m.ack();
            })) {
      Thread.sleep(2_000);
      js.publish("jobs.resize", "after-idle".getBytes(StandardCharsets.UTF_8));
      LabNode.await(Duration.ofSeconds(5), "the message after the idle spell", () -> seen.size() == 1);
    }
    assertThat(seen).containsExactly("after-idle");
    assertThat(alarms).as("heartbeats kept coming while idle").isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void threeWorkersFetchingFromOneDurableSeeEveryMessageExactlyOnce() throws Exception {
    for (int i = 1; i <= 300; i++) {
      js.publish("jobs.resize", ("job-" + i).getBytes(StandardCharsets.UTF_8));
    }
    worker().unsubscribe();
    ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        workers.add(
            pool.submit(
                () -> {
                  JetStreamSubscription sub =
                      js.subscribe(null, PullSubscribeOptions.bind("JOBS", "batcher"));
                  long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                  while (seen.size() < 300 && System.nanoTime() < end) {
                    for (Message m : sub.fetch(50, Duration.ofMillis(300))) {
                      seen.add(m.metaData().streamSequence());
                      m.ack();
                    }
                  }
                  return null;
                }));
      }
      for (var f : workers) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(300);
    assertThat(new TreeSet<>(seen)).containsExactlyElementsOf(range(1, 300));
  }

  @Test
  void aConsumerWithSeveralFiltersCountsAndDeliversOnlyTheirMessagesInStreamOrder() throws Exception {
    String[] subjects = {"jobs.eu.new", "jobs.us.paid", "jobs.us.new", "jobs.eu.paid", "jobs.asia.new"};
    for (int round = 0; round < 3; round++) {
      for (String subject : subjects) {
        js.publish(subject, subject.getBytes(StandardCharsets.UTF_8));
      }
    }
    ConsumerInfo info =
        jsm.addOrUpdateConsumer(
            "JOBS",
            ConsumerConfiguration.builder()
                .durable("regional")
                .filterSubjects("jobs.eu.*", "jobs.us.paid")
                .build());
    assertThat(info.getConsumerConfiguration().getFilterSubjects()).containsExactly("jobs.eu.*", "jobs.us.paid");
    assertThat(info.getNumPending()).isEqualTo(9);
    JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("JOBS", "regional"));
    List<Message> got = sub.fetch(50, Duration.ofMillis(500));
    assertThat(streamSeqs(got)).containsExactly(1L, 2L, 4L, 6L, 7L, 9L, 11L, 12L, 14L);
    assertThat(got.get(8).metaData().pendingCount()).isZero();
  }
}
