package dev.jslab.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.JsonValue;
import io.nats.client.support.JsonValueUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tutorial scenario: max deliver 5 with a dead-letter queue driven by the MAX_DELIVERIES advisory.
 */
class DeadLetterTest {
  private static final String ADVISORY = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.ORDERS.processor";

  private LabNode node;
  private JetStreamManagement jsm;
  private JetStream js;
  private final List<JsonValue> advisories = new CopyOnWriteArrayList<>();
  private final List<Throwable> handlerErrors = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    node = LabNode.start();
    jsm = node.nc.jetStreamManagement();
    js = node.nc.jetStream();
    jsm.addStream(
        StreamConfiguration.builder().name("ORDERS").subjects("orders.>").storageType(StorageType.Memory).build());
    jsm.addStream(
        StreamConfiguration.builder().name("DLQ").subjects("dlq.>").storageType(StorageType.Memory).build());
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  /** The dead-letter service: on each advisory, copy the original message into the DLQ stream. */
  private void startDeadLetterService() throws Exception {
    Dispatcher d =
        node.nc.createDispatcher(
            adv -> {
              try {
                JsonValue body = LabNode.json(adv.getData());
                advisories.add(body);
                long seq = JsonValueUtils.readLong(body, "stream_seq", -1);
                MessageInfo original = jsm.getMessage("ORDERS", seq);
                Headers h = new Headers();
                h.put("Dlq-Stream", "ORDERS");
                h.put("Dlq-Stream-Seq", Long.toString(seq));
                h.put("Dlq-Subject", original.getSubject());
                h.put("Dlq-Deliveries", Long.toString(JsonValueUtils.readLong(body, "deliveries", -1)));
                js.publish(
                    NatsMessage.builder()
                        .subject("dlq.orders")
                        .headers(h)
                        .data(original.getData())
                        .build());
              } catch (Exception | AssertionError e) {
                handlerErrors.add(e);
              }
            });
    d.subscribe(ADVISORY);
    node.nc.flush(LabNode.API_TIMEOUT);
  }

  @Test
  void aPoisonMessageIsDeliveredExactlyFiveTimesThenLandsInTheDeadLetterStream() throws Exception {
    startDeadLetterService();
    js.publish("orders.created", "order-1".getBytes(StandardCharsets.UTF_8));
    js.publish("orders.created", "poison".getBytes(StandardCharsets.UTF_8));
    js.publish("orders.created", "order-3".getBytes(StandardCharsets.UTF_8));
    JetStreamSubscription sub =
        js.subscribe(
            "orders.>",
            PullSubscribeOptions.builder()
                .durable("processor")
                .configuration(
                    ConsumerConfiguration.builder()
                        .ackPolicy(AckPolicy.Explicit)
                        .ackWait(Duration.ofSeconds(30))
                        .maxDeliver(5)
                        .build())
                .build());

    List<Long> poisonDeliveries = new CopyOnWriteArrayList<>();
    List<String> processed = new CopyOnWriteArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (advisories.isEmpty() || poisonDeliveries.size() < 5) {
      assertThat(System.nanoTime()).as("the poison message reached the DLQ in time").isLessThan(deadline);
      for (Message m : sub.fetch(10, Duration.ofMillis(150))) {
        String body = new String(m.getData(), StandardCharsets.UTF_8);
        if (body.equals("poison")) {
          poisonDeliveries.add(m.metaData().deliveredCount());
          m.nak();
        } else {
          processed.add(body);
          m.ackSync(LabNode.API_TIMEOUT);
        }
      }
    }
    assertThat(sub.fetch(10, Duration.ofMillis(600))).as("no sixth delivery").isEmpty();
    assertThat(poisonDeliveries).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(processed).containsExactly("order-1", "order-3");

    LabNode.await(Duration.ofSeconds(5), "the DLQ copy", () -> dlqCount() == 1);
    assertThat(handlerErrors).isEmpty();
    assertThat(advisories).hasSize(1);
    JsonValue adv = advisories.get(0);
    assertThat(JsonValueUtils.readString(adv, "type")).isEqualTo("io.nats.jetstream.advisory.v1.max_deliver");
    assertThat(JsonValueUtils.readString(adv, "stream")).isEqualTo("ORDERS");
    assertThat(JsonValueUtils.readString(adv, "consumer")).isEqualTo("processor");
    assertThat(JsonValueUtils.readLong(adv, "stream_seq", -1)).isEqualTo(2);
    assertThat(JsonValueUtils.readLong(adv, "deliveries", -1)).isEqualTo(5);

    MessageInfo dead = jsm.getMessage("DLQ", 1);
    assertThat(dead.getSubject()).isEqualTo("dlq.orders");
    assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("poison");
    assertThat(dead.getHeaders().getFirst("Dlq-Stream-Seq")).isEqualTo("2");
    assertThat(dead.getHeaders().getFirst("Dlq-Subject")).isEqualTo("orders.created");
    assertThat(dead.getHeaders().getFirst("Dlq-Deliveries")).isEqualTo("5");

    ConsumerInfo info = jsm.getConsumerInfo("ORDERS", "processor");
    assertThat(info.getNumAckPending()).isZero();
    assertThat(info.getNumPending()).isZero();
    assertThat(info.getDelivered().getStreamSequence()).isEqualTo(3);
    assertThat(jsm.getStreamInfo("ORDERS").getStreamState().getMsgCount())
        .as("limits retention keeps the poison message in the stream")
        .isEqualTo(3);
  }

  private long dlqCount() {
    try {
      return jsm.getStreamInfo("DLQ").getStreamState().getMsgCount();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JetStreamSubscription slowWorker(Duration ackWait, int maxDeliver) throws Exception {
    return js.subscribe(
        "orders.>",
        PullSubscribeOptions.builder()
            .durable("processor")
            .configuration(
                ConsumerConfiguration.builder()
                    .ackPolicy(AckPolicy.Explicit)
                    .ackWait(ackWait)
                    .maxDeliver(maxDeliver)
                    .build())
            .build());
  }

  /**
   * nats-server counts redeliveries one short when its ack timer checks for max deliveries, so
   * for a pull consumer an expired last delivery is only given up (with the advisory) when the
   * next pull asks for it.
   */
  @Test
  void anExpiredLastDeliveryIsGivenUpWithTheAdvisoryOnTheNextPull() throws Exception {
    startDeadLetterService();
    js.publish("orders.created", "slow".getBytes(StandardCharsets.UTF_8));
    Duration ackWait = Duration.ofMillis(400);
    JetStreamSubscription sub = slowWorker(ackWait, 2);
    assertThat(sub.fetch(1, Duration.ofSeconds(2))).hasSize(1);
    List<Message> second = sub.fetch(1, Duration.ofSeconds(3));
    assertThat(second).hasSize(1);
    assertThat(second.get(0).metaData().deliveredCount()).isEqualTo(2);

    Thread.sleep(2 * ackWait.toMillis());
    assertThat(advisories).as("no advisory before the next pull").isEmpty();
    assertThat(sub.fetch(1, Duration.ofMillis(500))).as("no third delivery").isEmpty();
    LabNode.await(Duration.ofSeconds(5), "the MAX_DELIVERIES advisory", () -> !advisories.isEmpty());
    assertThat(JsonValueUtils.readLong(advisories.get(0), "stream_seq", -1)).isEqualTo(1);
    assertThat(JsonValueUtils.readLong(advisories.get(0), "deliveries", -1)).isEqualTo(2);
    LabNode.await(Duration.ofSeconds(5), "the DLQ copy", () -> dlqCount() == 1);
    assertThat(handlerErrors).isEmpty();
    assertThat(jsm.getConsumerInfo("ORDERS", "processor").getNumAckPending()).isZero();
    assertThat(sub.fetch(1, Duration.ofMillis(300))).isEmpty();
    assertThat(advisories).hasSize(1);
  }

  @Test
  void withMaxDeliverOneTheAdvisoryArrivesWhenTheAckWaitRunsOutWithoutAnotherPull() throws Exception {
    startDeadLetterService();
    js.publish("orders.created", "once".getBytes(StandardCharsets.UTF_8));
    Duration ackWait = Duration.ofMillis(400);
    JetStreamSubscription sub = slowWorker(ackWait, 1);
    assertThat(sub.fetch(1, Duration.ofSeconds(2))).hasSize(1);
    long delivered = System.nanoTime();
    LabNode.await(Duration.ofSeconds(5), "the MAX_DELIVERIES advisory", () -> !advisories.isEmpty());
    assertThat(LabNode.millisSince(delivered)).isGreaterThanOrEqualTo(ackWait.toMillis() - 100);
    assertThat(JsonValueUtils.readLong(advisories.get(0), "deliveries", -1)).isEqualTo(1);
    LabNode.await(Duration.ofSeconds(5), "the DLQ copy", () -> dlqCount() == 1);
    assertThat(jsm.getConsumerInfo("ORDERS", "processor").getNumAckPending()).isZero();
  }

  @Test
  void redeliveriesFollowTheBackoffStepsUntilMaxDeliverThenTheAdvisoryFires() throws Exception {
    startDeadLetterService();
    js.publish("orders.created", "flaky".getBytes(StandardCharsets.UTF_8));
    JetStreamSubscription sub =
        js.subscribe(
            "orders.>",
            PullSubscribeOptions.builder()
                .durable("processor")
                .configuration(
                    ConsumerConfiguration.builder()
                        .ackPolicy(AckPolicy.Explicit)
                        .backoff(Duration.ofMillis(200), Duration.ofMillis(700))
                        .maxDeliver(3)
                        .build())
                .build());
    ConsumerInfo created = jsm.getConsumerInfo("ORDERS", "processor");
    assertThat(created.getConsumerConfiguration().getBackoff())
        .containsExactly(Duration.ofMillis(200), Duration.ofMillis(700));
    assertThat(created.getConsumerConfiguration().getAckWait())
        .as("ack wait defaults to the first backoff step")
        .isEqualTo(Duration.ofMillis(200));

    List<Long> gaps = new ArrayList<>();
    long last = 0;
    for (int delivery = 1; delivery <= 3; delivery++) {
      List<Message> got = sub.fetch(1, Duration.ofSeconds(3));
      assertThat(got).as("delivery %d", delivery).hasSize(1);
      long now = System.nanoTime();
      if (last != 0) {
        gaps.add(Duration.ofNanos(now - last).toMillis());
      }
      last = now;
      assertThat(got.get(0).metaData().deliveredCount()).isEqualTo(delivery);
    }
    assertThat(gaps.get(0)).as("first backoff step").isBetween(100L, 1_500L);
    assertThat(gaps.get(1)).as("second backoff step").isBetween(600L, 3_000L);
    assertThat(sub.fetch(1, Duration.ofMillis(900))).as("no fourth delivery").isEmpty();
    LabNode.await(Duration.ofSeconds(5), "the MAX_DELIVERIES advisory", () -> !advisories.isEmpty());
    assertThat(JsonValueUtils.readLong(advisories.get(0), "deliveries", -1)).isEqualTo(3);
  }

  @Test
  void aPushConsumerThatNeverAcksStopsAtMaxDeliverAndTheDlqGetsTheMessage() throws Exception {
    startDeadLetterService();
    List<Long> deliveries = new CopyOnWriteArrayList<>();
    Dispatcher d = node.nc.createDispatcher();
    js.subscribe(
        "orders.>",
        d,
        m -> deliveries.add(m.metaData().deliveredCount()),
        false,
        PushSubscribeOptions.builder()
            .durable("processor")
            .configuration(
                ConsumerConfiguration.builder()
                    .ackPolicy(AckPolicy.Explicit)
                    .ackWait(Duration.ofMillis(300))
                    .maxDeliver(3)
                    .build())
            .build());
    js.publish("orders.created", "ignored".getBytes(StandardCharsets.UTF_8));
    LabNode.await(Duration.ofSeconds(10), "the MAX_DELIVERIES advisory", () -> !advisories.isEmpty());
    LabNode.await(Duration.ofSeconds(5), "the DLQ copy", () -> dlqCount() == 1);
    Thread.sleep(600);
    assertThat(deliveries).containsExactly(1L, 2L, 3L);
    assertThat(JsonValueUtils.readLong(advisories.get(0), "deliveries", -1)).isEqualTo(3);
    assertThat(new String(jsm.getMessage("DLQ", 1).getData(), StandardCharsets.UTF_8)).isEqualTo("ignored");
    assertThat(jsm.getConsumerInfo("ORDERS", "processor").getNumAckPending()).isZero();
  }
}
