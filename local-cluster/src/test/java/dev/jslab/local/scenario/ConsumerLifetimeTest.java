package dev.jslab.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
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

/** Tutorial scenario: a durable consumer outlives its subscription, an idle ephemeral does not. */
class ConsumerLifetimeTest {
  private static final Duration THRESHOLD = Duration.ofMillis(500);

  private LabNode node;
  private JetStreamManagement jsm;
  private JetStream js;

  @BeforeEach
  void start() throws Exception {
    node = LabNode.start();
    jsm = node.nc.jetStreamManagement();
    js = node.nc.jetStream();
    jsm.addStream(
        StreamConfiguration.builder().name("CLICKS").subjects("clicks.>").storageType(StorageType.Memory).build());
    js.publish("clicks.home", "1".getBytes(StandardCharsets.UTF_8));
    js.publish("clicks.home", "2".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private boolean consumerGone(String name) {
    try {
      return LabNode.apiErrorCode(() -> jsm.getConsumerInfo("CLICKS", name)) == 10014;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anIdleEphemeralIsDeletedAfterItsInactiveThresholdAndADurableSurvivesItsSubscription()
      throws Exception {
    JetStreamSubscription ephemeral =
        js.subscribe(
            "clicks.>",
            PullSubscribeOptions.builder()
                .configuration(
                    ConsumerConfiguration.builder()
                        .ackPolicy(AckPolicy.Explicit)
                        .inactiveThreshold(THRESHOLD)
                        .build())
                .build());
    JetStreamSubscription durable =
        js.subscribe("clicks.>", PullSubscribeOptions.builder().durable("tracker").build());
    String ephemeralName = ephemeral.getConsumerName();
    ConsumerInfo created = jsm.getConsumerInfo("CLICKS", ephemeralName);
    assertThat(created.getConsumerConfiguration().getDurable()).isNull();
    assertThat(created.getConsumerConfiguration().getInactiveThreshold()).isEqualTo(THRESHOLD);

    List<Message> got = durable.fetch(1, Duration.ofSeconds(2));
    assertThat(got).hasSize(1);
    got.get(0).ackSync(LabNode.API_TIMEOUT);
    assertThat(ephemeral.fetch(2, Duration.ofSeconds(2))).hasSize(2);

    long idleFrom = System.nanoTime();
    ephemeral.unsubscribe();
    durable.unsubscribe();
    LabNode.await(Duration.ofSeconds(10), "the ephemeral to be deleted", () -> consumerGone(ephemeralName));
    assertThat(LabNode.millisSince(idleFrom))
        .as("not deleted before its threshold")
        .isGreaterThanOrEqualTo(THRESHOLD.toMillis() - 200);
    assertThat(jsm.getConsumerNames("CLICKS")).containsExactly("tracker");

    ConsumerInfo kept = jsm.getConsumerInfo("CLICKS", "tracker");
    assertThat(kept.getAckFloor().getStreamSequence()).isEqualTo(1);
    assertThat(kept.getNumPending()).isEqualTo(1);
    JetStreamSubscription again =
        js.subscribe("clicks.>", PullSubscribeOptions.bind("CLICKS", "tracker"));
    List<Message> resumed = again.fetch(5, Duration.ofMillis(500));
    assertThat(resumed).extracting(m -> new String(m.getData(), StandardCharsets.UTF_8)).containsExactly("2");
  }

  @Test
  void anEphemeralWithAWaitingPullIsNotDeletedWhileItWaits() throws Exception {
    JetStreamSubscription ephemeral =
        js.subscribe(
            "clicks.>",
            PullSubscribeOptions.builder()
                .configuration(
                    ConsumerConfiguration.builder().inactiveThreshold(THRESHOLD).build())
                .build());
    String name = ephemeral.getConsumerName();
    assertThat(ephemeral.fetch(2, Duration.ofSeconds(2))).hasSize(2);
    long t0 = System.nanoTime();
    assertThat(ephemeral.fetch(1, Duration.ofMillis(3 * THRESHOLD.toMillis()))).isEmpty();
    assertThat(LabNode.millisSince(t0)).isGreaterThanOrEqualTo(2 * THRESHOLD.toMillis());
    assertThat(jsm.getConsumerInfo("CLICKS", name).getName()).isEqualTo(name);
  }

  @Test
  void anUnknownConsumerIsReportedWith10014() throws Exception {
    assertThat(LabNode.apiErrorCode(() -> jsm.getConsumerInfo("CLICKS", "nobody"))).isEqualTo(10014);
  }

  @Test
  void anEphemeralWithoutAThresholdGetsTheFiveSecondDefaultAndADurableNone() throws Exception {
    ConsumerInfo eph =
        jsm.addOrUpdateConsumer("CLICKS", ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit).build());
    assertThat(eph.getConsumerConfiguration().getDurable()).isNull();
    assertThat(eph.getConsumerConfiguration().getInactiveThreshold()).isEqualTo(Duration.ofSeconds(5));
    ConsumerInfo dur = jsm.addOrUpdateConsumer("CLICKS", ConsumerConfiguration.builder().durable("keeper").build());
    assertThat(dur.getConsumerConfiguration().getInactiveThreshold()).isNull();
    assertThat(dur.getConsumerConfiguration().getAckWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(dur.getConsumerConfiguration().getMaxAckPending()).isEqualTo(1000);
    assertThat(dur.getConsumerConfiguration().getMaxPullWaiting()).isEqualTo(512);
  }

  @Test
  void aDurableWithAnInactiveThresholdIsAlsoDeletedWhenIdle() throws Exception {
    jsm.addOrUpdateConsumer(
        "CLICKS", ConsumerConfiguration.builder().durable("short-lived").inactiveThreshold(THRESHOLD).build());
    LabNode.await(Duration.ofSeconds(10), "the idle durable to be deleted", () -> consumerGone("short-lived"));
  }

  @Test
  void anEphemeralPushConsumerIsDeletedOnceItsSubscriberHasBeenGoneForTheThreshold() throws Exception {
    JetStreamSubscription push =
        js.subscribe(
            "clicks.>",
            PushSubscribeOptions.builder()
                .configuration(ConsumerConfiguration.builder().inactiveThreshold(THRESHOLD).build())
                .build());
    String name = push.getConsumerName();
    assertThat(push.nextMessage(Duration.ofSeconds(2))).isNotNull();
    assertThat(jsm.getConsumerInfo("CLICKS", name).isPushBound()).isTrue();
    Thread.sleep(2 * THRESHOLD.toMillis());
    assertThat(consumerGone(name)).as("kept while its subscriber is there").isFalse();
    push.unsubscribe();
    LabNode.await(Duration.ofSeconds(10), "the ephemeral push consumer to be deleted", () -> consumerGone(name));
  }

  @Test
  void aDurablePushConsumerOutlivesItsSubscriberAndResumesWhereItStopped() throws Exception {
    JetStreamSubscription push =
        js.subscribe("clicks.>", PushSubscribeOptions.builder().durable("pusher").build());
    Message first = push.nextMessage(Duration.ofSeconds(2));
    first.ackSync(LabNode.API_TIMEOUT);
    Message second = push.nextMessage(Duration.ofSeconds(2));
    assertThat(second).isNotNull();
    push.unsubscribe();
    LabNode.await(Duration.ofSeconds(5), "the consumer to see no subscriber", () -> {
      try {
        return !jsm.getConsumerInfo("CLICKS", "pusher").isPushBound();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(2 * THRESHOLD.toMillis());
    ConsumerInfo kept = jsm.getConsumerInfo("CLICKS", "pusher");
    assertThat(kept.getAckFloor().getStreamSequence()).isEqualTo(1);
    assertThat(kept.getNumAckPending()).isEqualTo(1);
  }

  @Test
  void threeHundredDurablesAreAllListedAcrossPages() throws Exception {
    for (int i = 0; i < 300; i++) {
      jsm.addOrUpdateConsumer("CLICKS", ConsumerConfiguration.builder().durable(String.format("c%03d", i)).build());
    }
    assertThat(jsm.getConsumerNames("CLICKS")).hasSize(300).doesNotHaveDuplicates();
    List<ConsumerInfo> all = jsm.getConsumers("CLICKS");
    assertThat(all).extracting(ConsumerInfo::getName).hasSize(300).doesNotHaveDuplicates();
    assertThat(jsm.getStreamInfo("CLICKS").getStreamState().getConsumerCount()).isEqualTo(300);
    assertThat(jsm.getAccountStatistics().getConsumers()).isEqualTo(300);
  }

  @Test
  void anInactivityDeletionIsAnnouncedWithTheConsumerDeletedAdvisory() throws Exception {
    Subscription created = node.nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.CREATED.CLICKS.*");
    Subscription deleted = node.nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.DELETED.CLICKS.*");
    node.nc.flush(LabNode.API_TIMEOUT);
    ConsumerInfo eph =
        jsm.addOrUpdateConsumer("CLICKS", ConsumerConfiguration.builder().inactiveThreshold(THRESHOLD).build());
    Message c = created.nextMessage(LabNode.API_TIMEOUT);
    assertThat(c).isNotNull();
    assertThat(c.getSubject()).isEqualTo("$JS.EVENT.ADVISORY.CONSUMER.CREATED.CLICKS." + eph.getName());
    Message d = deleted.nextMessage(Duration.ofSeconds(10));
    assertThat(d).as("DELETED advisory").isNotNull();
    assertThat(d.getSubject()).isEqualTo("$JS.EVENT.ADVISORY.CONSUMER.DELETED.CLICKS." + eph.getName());
    JsonValue body = LabNode.json(d.getData());
    assertThat(JsonValueUtils.readString(body, "type"))
        .isEqualTo("io.nats.jetstream.advisory.v1.consumer_action");
    assertThat(JsonValueUtils.readString(body, "action")).isEqualTo("delete");
    assertThat(JsonValueUtils.readString(body, "stream")).isEqualTo("CLICKS");
    assertThat(JsonValueUtils.readString(body, "consumer")).isEqualTo(eph.getName());
    assertThat(consumerGone(eph.getName())).isTrue();
  }

  @Test
  void createIsIdempotentForTheSameConfigAndUpdateNeedsAnExistingConsumer() throws Exception {
    ConsumerConfiguration cfg =
        ConsumerConfiguration.builder().durable("tracker").ackWait(Duration.ofSeconds(10)).build();
    jsm.createConsumer("CLICKS", cfg);
    assertThat(jsm.createConsumer("CLICKS", cfg).getName()).isEqualTo("tracker");
    JetStreamApiException exists =
        assertThrows(
            JetStreamApiException.class,
            () ->
                jsm.createConsumer(
                    "CLICKS",
                    ConsumerConfiguration.builder().durable("tracker").ackWait(Duration.ofSeconds(20)).build()));
    assertThat(exists.getApiErrorCode()).isEqualTo(10148);
    assertThat(exists.getErrorDescription()).isEqualTo("consumer already exists");
    JetStreamApiException missing =
        assertThrows(
            JetStreamApiException.class,
            () -> jsm.updateConsumer("CLICKS", ConsumerConfiguration.builder().durable("nobody").build()));
    assertThat(missing.getApiErrorCode()).isEqualTo(10149);

    ConsumerInfo updated =
        jsm.updateConsumer(
            "CLICKS",
            ConsumerConfiguration.builder(cfg).ackWait(Duration.ofSeconds(20)).maxDeliver(3).build());
    assertThat(updated.getConsumerConfiguration().getAckWait()).isEqualTo(Duration.ofSeconds(20));
    assertThat(updated.getConsumerConfiguration().getMaxDeliver()).isEqualTo(3);
    JetStreamApiException policy =
        assertThrows(
            JetStreamApiException.class,
            () ->
                jsm.updateConsumer(
                    "CLICKS",
                    ConsumerConfiguration.builder(cfg)
                        .deliverPolicy(DeliverPolicy.New)
                        .build()));
    assertThat(policy.getApiErrorCode()).isEqualTo(10012);
    assertThat(policy.getErrorDescription()).isEqualTo("deliver policy can not be updated");
  }

  @Test
  void anEphemeralWhosePullingClientDisconnectedIsDeletedWithoutWaitingForThePullToExpire()
      throws Exception {
    String name;
    try (Connection other = Nats.connect(node.nc.getConnectedUrl())) {
      JetStreamSubscription sub =
          other
              .jetStream()
              .subscribe(
                  "clicks.>",
                  PullSubscribeOptions.builder()
                      .configuration(ConsumerConfiguration.builder().inactiveThreshold(THRESHOLD).build())
                      .build());
      name = sub.getConsumerName();
      assertThat(sub.fetch(2, Duration.ofSeconds(2))).hasSize(2);
      sub.pullExpiresIn(10, Duration.ofSeconds(30));
      other.flush(LabNode.API_TIMEOUT);
      LabNode.await(Duration.ofSeconds(5), "the pull to be waiting", () -> {
        try {
          return jsm.getConsumerInfo("CLICKS", name).getNumWaiting() == 1;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
    long closedAt = System.nanoTime();
    LabNode.await(Duration.ofSeconds(10), "the orphaned ephemeral to be deleted", () -> consumerGone(name));
    assertThat(LabNode.millisSince(closedAt)).as("long before the 30 s pull expires").isLessThan(5_000);
  }
}
