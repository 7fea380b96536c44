package dev.jslab.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.JsonValue;
import io.nats.client.support.JsonValueUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tutorial scenario: nak with a delay, in-progress during long work, and term. */
class AckControlTest {
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
            .name("TASKS")
            .subjects("tasks.>")
            .storageType(StorageType.Memory)
            .build());
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private JetStreamSubscription worker(Duration ackWait) throws Exception {
    return js.subscribe(
        "tasks.>",
        PullSubscribeOptions.builder()
            .durable("worker")
            .configuration(
                ConsumerConfiguration.builder()
                    .ackPolicy(AckPolicy.Explicit)
                    .ackWait(ackWait)
                    .build())
            .build());
  }

  private static Message one(List<Message> msgs) {
    assertThat(msgs).hasSize(1);
    return msgs.get(0);
  }

  @Test
  void aNakWithDelayIsRedeliveredNoSoonerThanTheDelay() throws Exception {
    js.publish("tasks.email", "send".getBytes(StandardCharsets.UTF_8));
    JetStreamSubscription sub = worker(Duration.ofSeconds(30));
    Message first = one(sub.fetch(1, Duration.ofSeconds(2)));
    assertThat(first.metaData().deliveredCount()).isEqualTo(1);

    Duration delay = Duration.ofMillis(1200);
    long nakAt = System.nanoTime();
    first.nakWithDelay(delay);
    assertThat(sub.fetch(1, Duration.ofMillis(500))).as("nothing before the delay").isEmpty();

    Message again = one(sub.fetch(1, Duration.ofSeconds(5)));
    long after = LabNode.millisSince(nakAt);
    assertThat(after).isGreaterThanOrEqualTo(delay.toMillis() - 100).isLessThan(4_000);
    assertThat(again.metaData().deliveredCount()).isEqualTo(2);
    assertThat(again.metaData().streamSequence()).isEqualTo(1);
    again.ackSync(LabNode.API_TIMEOUT);
    ConsumerInfo info = jsm.getConsumerInfo("TASKS", "worker");
    assertThat(info.getRedelivered()).isZero();
    assertThat(info.getNumAckPending()).isZero();
    assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(1);
  }

  @Test
  void aPlainNakIsRedeliveredRightAway() throws Exception {
    js.publish("tasks.email", "send".getBytes(StandardCharsets.UTF_8));
    JetStreamSubscription sub = worker(Duration.ofSeconds(30));
    one(sub.fetch(1, Duration.ofSeconds(2))).nak();
    long t0 = System.nanoTime();
    Message again = one(sub.fetch(1, Duration.ofSeconds(5)));
    assertThat(LabNode.millisSince(t0)).isLessThan(1_000);
    assertThat(again.metaData().deliveredCount()).isEqualTo(2);
  }

  @Test
  void inProgressKeepsALongJobFromBeingRedeliveredPastTheAckWait() throws Exception {
    js.publish("tasks.video", "transcode".getBytes(StandardCharsets.UTF_8));
    Duration ackWait = Duration.ofMillis(800);
    JetStreamSubscription sub = worker(ackWait);
    Message job = one(sub.fetch(1, Duration.ofSeconds(2)));
    long started = System.nanoTime();
    while (LabNode.millisSince(started) < 5 * ackWait.toMillis() / 2) {
      job.inProgress();
      assertThat(sub.fetch(1, Duration.ofMillis(200))).as("no redelivery while in progress").isEmpty();
    }
    job.ackSync(LabNode.API_TIMEOUT);
    assertThat(sub.fetch(1, Duration.ofMillis(ackWait.toMillis() + 200))).isEmpty();
    ConsumerInfo info = jsm.getConsumerInfo("TASKS", "worker");
    assertThat(info.getRedelivered()).isZero();
    assertThat(info.getNumAckPending()).isZero();
    assertThat(info.getDelivered().getConsumerSequence()).isEqualTo(1);
  }

  @Test
  void withoutInProgressTheSameJobIsRedeliveredAfterTheAckWait() throws Exception {
    js.publish("tasks.video", "transcode".getBytes(StandardCharsets.UTF_8));
    Duration ackWait = Duration.ofMillis(800);
    JetStreamSubscription sub = worker(ackWait);
    one(sub.fetch(1, Duration.ofSeconds(2)));
    long t0 = System.nanoTime();
    Message again = one(sub.fetch(1, Duration.ofSeconds(5)));
    assertThat(LabNode.millisSince(t0)).isGreaterThanOrEqualTo(ackWait.toMillis() - 200);
    assertThat(again.metaData().deliveredCount()).isEqualTo(2);
  }

  @Test
  void aTerminatedMessageIsNeverRedeliveredAndEmitsTheTerminatedAdvisory() throws Exception {
    Subscription advisories =
        node.nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>");
    node.nc.flush(LabNode.API_TIMEOUT);
    js.publish("tasks.email", "poison".getBytes(StandardCharsets.UTF_8));
    js.publish("tasks.email", "fine".getBytes(StandardCharsets.UTF_8));
    Duration ackWait = Duration.ofMillis(500);
    JetStreamSubscription sub = worker(ackWait);
    Message poison = one(sub.fetch(1, Duration.ofSeconds(2)));
    poison.term();

    Message advisory = advisories.nextMessage(LabNode.API_TIMEOUT);
    assertThat(advisory).as("TERMINATED advisory").isNotNull();
    assertThat(advisory.getSubject())
        .isEqualTo("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.TASKS.worker");
    JsonValue body = LabNode.json(advisory.getData());
    assertThat(JsonValueUtils.readString(body, "type"))
        .isEqualTo("io.nats.jetstream.advisory.v1.terminated");
    assertThat(JsonValueUtils.readString(body, "stream")).isEqualTo("TASKS");
    assertThat(JsonValueUtils.readString(body, "consumer")).isEqualTo("worker");
    assertThat(JsonValueUtils.readLong(body, "stream_seq", -1)).isEqualTo(1);
    assertThat(JsonValueUtils.readLong(body, "consumer_seq", -1)).isEqualTo(1);
    assertThat(JsonValueUtils.readLong(body, "deliveries", -1)).isEqualTo(1);
    assertThat(JsonValueUtils.readString(body, "id")).isNotBlank();
    assertThat(JsonValueUtils.readString(body, "timestamp")).isNotBlank();

    Message fine = one(sub.fetch(1, Duration.ofSeconds(2)));
    assertThat(new String(fine.getData(), StandardCharsets.UTF_8)).isEqualTo("fine");
    fine.ackSync(LabNode.API_TIMEOUT);
    assertThat(sub.fetch(1, Duration.ofMillis(3 * ackWait.toMillis())))
        .as("the terminated message stays terminated past its ack wait")
        .isEmpty();
    ConsumerInfo info = jsm.getConsumerInfo("TASKS", "worker");
    assertThat(info.getNumAckPending()).isZero();
    assertThat(info.getRedelivered()).isZero();
    assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(2);
    assertThat(advisories.nextMessage(Duration.ofMillis(100))).isNull();
  }

  @Test
  void aTermWithAReasonCarriesTheReasonInTheAdvisory() throws Exception {
    Subscription advisories =
        node.nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.TASKS.worker");
    node.nc.flush(LabNode.API_TIMEOUT);
    js.publish("tasks.email", "bad address".getBytes(StandardCharsets.UTF_8));
    JetStreamSubscription sub = worker(Duration.ofSeconds(30));
    Message m = one(sub.fetch(1, Duration.ofSeconds(2)));
    Message reply =
        node.nc.request(
            m.getReplyTo(), "+TERM invalid recipient".getBytes(StandardCharsets.UTF_8), LabNode.API_TIMEOUT);
    assertThat(reply).as("a TERM with a reply subject is acknowledged").isNotNull();

    Message advisory = advisories.nextMessage(LabNode.API_TIMEOUT);
    assertThat(advisory).isNotNull();
    JsonValue body = LabNode.json(advisory.getData());
    assertThat(JsonValueUtils.readString(body, "reason")).isEqualTo("invalid recipient");
    assertThat(JsonValueUtils.readLong(body, "stream_seq", -1)).isEqualTo(1);
    assertThat(jsm.getConsumerInfo("TASKS", "worker").getNumAckPending()).isZero();
  }

  @Test
  void everyNakEmitsTheNakAdvisoryWithTheDeliveryCount() throws Exception {
    Subscription advisories = node.nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MSG_NAKED.TASKS.worker");
    node.nc.flush(LabNode.API_TIMEOUT);
    js.publish("tasks.email", "send".getBytes(StandardCharsets.UTF_8));
    JetStreamSubscription sub = worker(Duration.ofSeconds(30));
    one(sub.fetch(1, Duration.ofSeconds(2))).nak();
    one(sub.fetch(1, Duration.ofSeconds(2))).nakWithDelay(Duration.ofMillis(200));
    for (long dc = 1; dc <= 2; dc++) {
      Message advisory = advisories.nextMessage(LabNode.API_TIMEOUT);
      assertThat(advisory).as("NAK advisory %d", dc).isNotNull();
      JsonValue body = LabNode.json(advisory.getData());
      assertThat(JsonValueUtils.readString(body, "type")).isEqualTo("io.nats.jetstream.advisory.v1.nak");
      assertThat(JsonValueUtils.readString(body, "stream")).isEqualTo("TASKS");
      assertThat(JsonValueUtils.readString(body, "consumer")).isEqualTo("worker");
      assertThat(JsonValueUtils.readLong(body, "stream_seq", -1)).isEqualTo(1);
      assertThat(JsonValueUtils.readLong(body, "consumer_seq", -1)).isEqualTo(dc);
      assertThat(JsonValueUtils.readLong(body, "deliveries", -1)).isEqualTo(dc);
    }
  }

  @Test
  void aNakWithATextDelayIsHonouredLikeTheJsonForm() throws Exception {
    js.publish("tasks.email", "send".getBytes(StandardCharsets.UTF_8));
    JetStreamSubscription sub = worker(Duration.ofSeconds(30));
    Message m = one(sub.fetch(1, Duration.ofSeconds(2)));
    long nakAt = System.nanoTime();
    node.nc.publish(m.getReplyTo(), "-NAK 1s".getBytes(StandardCharsets.UTF_8));
    assertThat(sub.fetch(1, Duration.ofMillis(500))).isEmpty();
    Message again = one(sub.fetch(1, Duration.ofSeconds(5)));
    assertThat(LabNode.millisSince(nakAt)).isGreaterThanOrEqualTo(900);
    assertThat(again.metaData().deliveredCount()).isEqualTo(2);
  }

  @Test
  void aNakDelayLongerThanTheAckWaitHoldsTheMessageForTheWholeDelay() throws Exception {
    js.publish("tasks.email", "send".getBytes(StandardCharsets.UTF_8));
    JetStreamSubscription sub = worker(Duration.ofMillis(400));
    Message m = one(sub.fetch(1, Duration.ofSeconds(2)));
    long nakAt = System.nanoTime();
    m.nakWithDelay(Duration.ofMillis(1200));
    assertThat(sub.fetch(1, Duration.ofMillis(900))).as("not at the ack wait").isEmpty();
    Message again = one(sub.fetch(1, Duration.ofSeconds(5)));
    assertThat(LabNode.millisSince(nakAt)).isGreaterThanOrEqualTo(1100);
    assertThat(again.metaData().deliveredCount()).isEqualTo(2);
  }

  @Test
  void aNakedMessageIsRedeliveredBeforeNewerOnes() throws Exception {
    for (int i = 1; i <= 3; i++) {
      js.publish("tasks.email", ("t" + i).getBytes(StandardCharsets.UTF_8));
    }
    JetStreamSubscription sub = worker(Duration.ofSeconds(30));
    List<Message> first = sub.fetch(2, Duration.ofSeconds(2));
    assertThat(first).hasSize(2);
    first.get(0).ackSync(LabNode.API_TIMEOUT);
    first.get(1).nak();
    List<Message> next = sub.fetch(2, Duration.ofSeconds(2));
    assertThat(next).extracting(m -> m.metaData().streamSequence()).containsExactly(2L, 3L);
    assertThat(next).extracting(m -> m.metaData().deliveredCount()).containsExactly(2L, 1L);
    assertThat(next).extracting(m -> m.metaData().consumerSequence()).containsExactly(3L, 4L);
  }

  @Test
  void ackNextAcknowledgesAndHandsTheNextMessageToTheReplySubject() throws Exception {
    for (int i = 1; i <= 3; i++) {
      js.publish("tasks.email", ("t" + i).getBytes(StandardCharsets.UTF_8));
    }
    JetStreamSubscription sub = worker(Duration.ofSeconds(30));
    Message m = one(sub.fetch(1, Duration.ofSeconds(2)));
    String inbox = node.nc.createInbox();
    Subscription next = node.nc.subscribe(inbox);
    node.nc.flush(LabNode.API_TIMEOUT);
    node.nc.publish(m.getReplyTo(), inbox, "+NXT {\"batch\":2}".getBytes(StandardCharsets.UTF_8));
    Message a = next.nextMessage(LabNode.API_TIMEOUT);
    Message b = next.nextMessage(LabNode.API_TIMEOUT);
    assertThat(a).isNotNull();
    assertThat(b).isNotNull();
    assertThat(new String(a.getData(), StandardCharsets.UTF_8)).isEqualTo("t2");
    assertThat(new String(b.getData(), StandardCharsets.UTF_8)).isEqualTo("t3");
    ConsumerInfo info = jsm.getConsumerInfo("TASKS", "worker");
    assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(1);
    assertThat(info.getNumAckPending()).isEqualTo(2);
  }

  @Test
  void progressAndNakSentWithAReplySubjectAreConfirmed() throws Exception {
    js.publish("tasks.email", "send".getBytes(StandardCharsets.UTF_8));
    JetStreamSubscription sub = worker(Duration.ofSeconds(30));
    Message m = one(sub.fetch(1, Duration.ofSeconds(2)));
    assertThat(node.nc.request(m.getReplyTo(), "+WPI".getBytes(StandardCharsets.UTF_8), LabNode.API_TIMEOUT))
        .as("+WPI confirmed")
        .isNotNull();
    assertThat(node.nc.request(m.getReplyTo(), "-NAK".getBytes(StandardCharsets.UTF_8), LabNode.API_TIMEOUT))
        .as("-NAK confirmed")
        .isNotNull();
    Message again = one(sub.fetch(1, Duration.ofSeconds(2)));
    again.ackSync(LabNode.API_TIMEOUT);
    again.ackSync(LabNode.API_TIMEOUT);
    assertThat(jsm.getConsumerInfo("TASKS", "worker").getNumAckPending()).isZero();
  }
}
