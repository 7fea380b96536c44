package dev.jslab.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Limits with discard new as a circuit breaker, and what frees space again. */
class DiscardNewLimitsTest {
  private LabNode node;
  private JetStreamManagement jsm;
  private JetStream js;

  @BeforeEach
  void start() throws Exception {
    node = LabNode.start();
    jsm = node.nc.jetStreamManagement();
    js = node.nc.jetStream();
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private JetStreamApiException refused(String subject, byte[] body) {
    return assertThrows(
        JetStreamApiException.class, () -> js.publish(subject, body));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void discardNewPerSubjectRefusesOnlyTheFullSubject() throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name("ORDERS")
            .subjects("orders.*")
            .storageType(StorageType.Memory)
            .maxMessagesPerSubject(2)
            .discardPolicy(DiscardPolicy.New)
            .discardNewPerSubject(true)
            .build());
    assertThat(jsm.getStreamInfo("ORDERS").getConfiguration().isDiscardNewPerSubject()).isTrue();
    js.publish("orders.a", utf8("1"));
    js.publish("orders.a", utf8("2"));
    JetStreamApiException e = refused("orders.a", utf8("3"));
    assertThat(e.getApiErrorCode()).isEqualTo(10077);
    assertThat(e.getErrorDescription()).isEqualTo("maximum messages per subject exceeded");
    assertThat(js.publish("orders.b", utf8("1")).getSeqno()).isEqualTo(3);
  }

  @Test
  void discardNewOnBytesAndMessageSizeRefuseWithTheirOwnErrors() throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name("BLOBS")
            .subjects("blobs.>")
            .storageType(StorageType.Memory)
            .maxBytes(1_000)
            .maximumMessageSize(600)
            .discardPolicy(DiscardPolicy.New)
            .build());
    js.publish("blobs.a", new byte[500]);
    JetStreamApiException full = refused("blobs.a", new byte[500]);
    assertThat(full.getApiErrorCode()).isEqualTo(10077);
    assertThat(full.getErrorDescription()).isEqualTo("maximum bytes exceeded");
    JetStreamApiException big = refused("blobs.a", new byte[700]);
    assertThat(big.getApiErrorCode()).isEqualTo(10054);
    assertThat(big.getErrorDescription()).isEqualTo("message size exceeds maximum allowed");
  }

  @Test
  void acksDoNotFreeALimitsStreamButDoFreeAWorkQueue() throws Exception {
    for (RetentionPolicy retention : new RetentionPolicy[] {RetentionPolicy.Limits, RetentionPolicy.WorkQueue}) {
      String name = retention == RetentionPolicy.Limits ? "LIMITED" : "QUEUE";
      String subject = name.toLowerCase() + ".job";
      jsm.addStream(
          StreamConfiguration.builder()
              .name(name)
              .subjects(subject)
              .storageType(StorageType.Memory)
              .retentionPolicy(retention)
              .maxMessages(3)
              .discardPolicy(DiscardPolicy.New)
              .build());
      for (int i = 0; i < 3; i++) {
        js.publish(subject, utf8("j" + i));
      }
      assertThat(refused(subject, utf8("over")).getApiErrorCode()).isEqualTo(10077);
      JetStreamSubscription sub =
          js.subscribe(subject, PullSubscribeOptions.builder().durable("w").build());
      for (Message m : sub.fetch(3, Duration.ofSeconds(2))) {
        m.ackSync(LabNode.API_TIMEOUT);
      }
      if (retention == RetentionPolicy.Limits) {
        assertThat(jsm.getStreamInfo(name).getStreamState().getMsgCount()).isEqualTo(3);
        assertThat(refused(subject, utf8("still over")).getApiErrorCode()).isEqualTo(10077);
      } else {
        LabNode.await(Duration.ofSeconds(5), "the acked work to leave the queue", () -> {
          try {
            return jsm.getStreamInfo(name).getStreamState().getMsgCount() == 0;
          } catch (Exception ex) {
            throw new IllegalStateException(ex);
          }
        });
        assertThat(js.publish(subject, utf8("fits again")).getSeqno()).isEqualTo(4);
      }
    }
  }

  @Test
  void aWorkQueueRefusesASecondConsumerOnTheSameSubjects() throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name("QUEUE")
            .subjects("queue.>")
            .storageType(StorageType.Memory)
            .retentionPolicy(RetentionPolicy.WorkQueue)
            .build());
    jsm.addOrUpdateConsumer("QUEUE", ConsumerConfiguration.builder().durable("one").build());
    int code =
        LabNode.apiErrorCode(
            () -> jsm.addOrUpdateConsumer("QUEUE", ConsumerConfiguration.builder().durable("two").build()));
    assertThat(code).isEqualTo(10099);
    int filtered =
        LabNode.apiErrorCode(
            () ->
                jsm.addOrUpdateConsumer(
                    "QUEUE", ConsumerConfiguration.builder().durable("three").filterSubject("queue.a").build()));
    assertThat(filtered).isEqualTo(10100);
  }

  @Test
  void anInterestStreamDropsWhatNobodyWantsAndKeepsAMessageUntilEveryConsumerAcked() throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name("NOTIFY")
            .subjects("notify.>")
            .storageType(StorageType.Memory)
            .retentionPolicy(RetentionPolicy.Interest)
            .build());
    js.publish("notify.email", utf8("before anyone listened"));
    assertThat(jsm.getStreamInfo("NOTIFY").getStreamState().getMsgCount()).isZero();

    JetStreamSubscription email =
        js.subscribe("notify.email", PullSubscribeOptions.builder().durable("email").build());
    JetStreamSubscription audit =
        js.subscribe("notify.>", PullSubscribeOptions.builder().durable("audit").build());
    js.publish("notify.email", utf8("hello"));
    js.publish("notify.sms", utf8("only audit wants this"));
    assertThat(jsm.getStreamInfo("NOTIFY").getStreamState().getMsgCount()).isEqualTo(2);

    for (Message m : email.fetch(5, Duration.ofMillis(300))) {
      m.ackSync(LabNode.API_TIMEOUT);
    }
    assertThat(jsm.getStreamInfo("NOTIFY").getStreamState().getMsgCount())
        .as("audit has not acked yet")
        .isEqualTo(2);
    for (Message m : audit.fetch(5, Duration.ofMillis(300))) {
      m.ackSync(LabNode.API_TIMEOUT);
    }
    LabNode.await(Duration.ofSeconds(5), "every acked message to go", () -> {
      try {
        return jsm.getStreamInfo("NOTIFY").getStreamState().getMsgCount() == 0;
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    });
    assertThat(jsm.getStreamInfo("NOTIFY").getStreamState().getLastSequence()).isEqualTo(3);
  }
}
