package dev.jslab.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.PurgeOptions;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tutorial scenario: the {@code USER_EVENTS} file stream with its limits and deduplication. */
class UserEventsStreamTest {
  private static final long TEN_GB = 10L * 1024 * 1024 * 1024;

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

  private StreamInfo createUserEvents() throws Exception {
    return jsm.addStream(
        StreamConfiguration.builder()
            .name("USER_EVENTS")
            .subjects("events.user.*")
            .storageType(StorageType.File)
            .maxAge(Duration.ofDays(30))
            .maxBytes(TEN_GB)
            .maxMessages(1_000_000)
            .discardPolicy(DiscardPolicy.Old)
            .build());
  }

  @Test
  void createAndInfoRoundTripTheTutorialLimitsExactly() throws Exception {
    StreamInfo created = createUserEvents();
    for (StreamInfo info : List.of(created, jsm.getStreamInfo("USER_EVENTS"))) {
      StreamConfiguration c = info.getConfiguration();
      assertThat(c.getName()).isEqualTo("USER_EVENTS");
      assertThat(c.getSubjects()).containsExactly("events.user.*");
      assertThat(c.getStorageType()).isEqualTo(StorageType.File);
      assertThat(c.getRetentionPolicy()).isEqualTo(RetentionPolicy.Limits);
      assertThat(c.getMaxAge()).isEqualTo(Duration.ofDays(30));
      assertThat(c.getMaxBytes()).isEqualTo(TEN_GB);
      assertThat(c.getMaxMsgs()).isEqualTo(1_000_000);
      assertThat(c.getDiscardPolicy()).isEqualTo(DiscardPolicy.Old);
      assertThat(c.getMaxMsgsPerSubject()).isEqualTo(-1);
      assertThat(c.getMaxMsgSize()).isEqualTo(-1);
      assertThat(c.getReplicas()).isEqualTo(1);
      assertThat(c.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
      assertThat(info.getStreamState().getMsgCount()).isZero();
      assertThat(info.getStreamState().getLastSequence()).isZero();
    }
  }

  @Test
  void publishAcksStreamAndSequenceAndARetriedMsgIdIsADuplicateOfTheFirst() throws Exception {
    createUserEvents();
    PublishAck first =
        js.publish(
            "events.user.signup",
            "{\"user\":\"ada\"}".getBytes(StandardCharsets.UTF_8),
            PublishOptions.builder().messageId("signup-ada").build());
    assertThat(first.getStream()).isEqualTo("USER_EVENTS");
    assertThat(first.getSeqno()).isEqualTo(1);
    assertThat(first.isDuplicate()).isFalse();

    PublishAck retry =
        js.publish(
            "events.user.signup",
            "{\"user\":\"ada\"}".getBytes(StandardCharsets.UTF_8),
            PublishOptions.builder().messageId("signup-ada").build());
    assertThat(retry.getStream()).isEqualTo("USER_EVENTS");
    assertThat(retry.getSeqno()).isEqualTo(1);
    assertThat(retry.isDuplicate()).isTrue();

    PublishAck other =
        js.publish(
            "events.user.login",
            "{\"user\":\"ada\"}".getBytes(StandardCharsets.UTF_8),
            PublishOptions.builder().messageId("login-ada-1").build());
    assertThat(other.getSeqno()).isEqualTo(2);
    assertThat(other.isDuplicate()).isFalse();

    PublishAck noId = js.publish("events.user.login", "again".getBytes(StandardCharsets.UTF_8));
    assertThat(noId.getSeqno()).isEqualTo(3);

    StreamInfo info = jsm.getStreamInfo("USER_EVENTS");
    assertThat(info.getStreamState().getMsgCount()).isEqualTo(3);
    assertThat(info.getStreamState().getFirstSequence()).isEqualTo(1);
    assertThat(info.getStreamState().getLastSequence()).isEqualTo(3);
    assertThat(info.getStreamState().getSubjectCount()).isEqualTo(2);
    var stored = jsm.getMessage("USER_EVENTS", 1);
    assertThat(stored.getSubject()).isEqualTo("events.user.signup");
    assertThat(stored.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("signup-ada");
    assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"user\":\"ada\"}");
  }

  @Test
  void aPublishWithTheWrongExpectedStreamIsRefusedWith10060() throws Exception {
    createUserEvents();
    int code =
        LabNode.apiErrorCode(
            () ->
                js.publish(
                    "events.user.signup",
                    "x".getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().expectedStream("ORDERS").build()));
    assertThat(code).isEqualTo(10060);
    assertThat(jsm.getStreamInfo("USER_EVENTS").getStreamState().getMsgCount()).isZero();
  }

  @Test
  void updatingTheLimitsRoundTripsAndKeepsTheMessages() throws Exception {
    createUserEvents();
    js.publish("events.user.signup", "1".getBytes(StandardCharsets.UTF_8));
    StreamInfo updated =
        jsm.updateStream(
            StreamConfiguration.builder(jsm.getStreamInfo("USER_EVENTS").getConfiguration())
                .maxAge(Duration.ofDays(7))
                .maxMessages(500_000)
                .maxMessagesPerSubject(100)
                .build());
    assertThat(updated.getConfiguration().getMaxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(updated.getConfiguration().getMaxMsgs()).isEqualTo(500_000);
    assertThat(updated.getConfiguration().getMaxMsgsPerSubject()).isEqualTo(100);
    assertThat(updated.getConfiguration().getMaxBytes()).isEqualTo(TEN_GB);
    assertThat(updated.getStreamState().getMsgCount()).isEqualTo(1);
    int code =
        LabNode.apiErrorCode(
            () ->
                jsm.updateStream(
                    StreamConfiguration.builder(updated.getConfiguration())
                        .storageType(StorageType.Memory)
                        .build()));
    assertThat(code).as("storage type cannot change").isEqualTo(10052);
  }

  @Test
  void expectedLastSequenceAndMsgIdGuardsRefuseAStaleWriter() throws Exception {
    createUserEvents();
    js.publish("events.user.signup", "1".getBytes(StandardCharsets.UTF_8), PublishOptions.builder().messageId("m1").build());
    assertThat(
            LabNode.apiErrorCode(
                () -> js.publish("events.user.signup", "2".getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().expectedLastSequence(5).build())))
        .isEqualTo(10071);
    assertThat(
            LabNode.apiErrorCode(
                () -> js.publish("events.user.signup", "2".getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().expectedLastMsgId("other").build())))
        .isEqualTo(10070);
    assertThat(
            LabNode.apiErrorCode(
                () -> js.publish("events.user.login", "2".getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().expectedLastSubjectSequence(1).build())))
        .isEqualTo(10071);
    PublishAck ok =
        js.publish("events.user.signup", "2".getBytes(StandardCharsets.UTF_8),
            PublishOptions.builder().expectedLastSequence(1).expectedLastMsgId("m1").expectedLastSubjectSequence(1).build());
    assertThat(ok.getSeqno()).isEqualTo(2);
  }

  @Test
  void withDiscardNewAFullStreamRefusesThePublishWith10077() throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name("BOUNDED")
            .subjects("bounded.>")
            .storageType(StorageType.Memory)
            .maxMessages(2)
            .discardPolicy(DiscardPolicy.New)
            .build());
    js.publish("bounded.a", "1".getBytes(StandardCharsets.UTF_8));
    js.publish("bounded.a", "2".getBytes(StandardCharsets.UTF_8));
    JetStreamApiException e =
        assertThrows(
            JetStreamApiException.class,
            () -> js.publish("bounded.a", "3".getBytes(StandardCharsets.UTF_8)));
    assertThat(e.getApiErrorCode()).isEqualTo(10077);
    assertThat(e.getErrorCode()).isEqualTo(503);
    assertThat(e.getErrorDescription()).isEqualTo("maximum messages exceeded");
    assertThat(jsm.getStreamInfo("BOUNDED").getStreamState().getLastSequence()).isEqualTo(2);
  }

  @Test
  void purgeBySubjectKeepingTheNewestAndDeletedMessagesShowInTheState() throws Exception {
    createUserEvents();
    for (int i = 1; i <= 5; i++) {
      js.publish("events.user.click", ("c" + i).getBytes(StandardCharsets.UTF_8));
      js.publish("events.user.view", ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    var purged =
        jsm.purgeStream(
            "USER_EVENTS", PurgeOptions.builder().subject("events.user.click").keep(2).build());
    assertThat(purged.isSuccess()).isTrue();
    assertThat(purged.getPurged()).isEqualTo(3);
    assertThat(jsm.deleteMessage("USER_EVENTS", 10)).isTrue();
    StreamInfo info =
        jsm.getStreamInfo("USER_EVENTS", StreamInfoOptions.builder().deletedDetails().build());
    var state = info.getStreamState();
    assertThat(state.getMsgCount()).isEqualTo(6);
    assertThat(state.getFirstSequence()).isEqualTo(2);
    assertThat(state.getLastSequence()).isEqualTo(10);
    assertThat(state.getDeletedCount()).isEqualTo(3);
    assertThat(state.getDeleted()).containsExactly(3L, 5L, 10L);
    assertThat(jsm.getLastMessage("USER_EVENTS", "events.user.view").getSeq()).isEqualTo(8);
    assertThat(jsm.getFirstMessage("USER_EVENTS", "events.user.click").getSeq()).isEqualTo(7);
    assertThat(jsm.getNextMessage("USER_EVENTS", 3, "events.user.view").getSeq()).isEqualTo(4);
    assertThat(LabNode.apiErrorCode(() -> jsm.getMessage("USER_EVENTS", 3))).isEqualTo(10037);
  }

  @Test
  void theStreamIsListedByNameAndBySubjectAndCountsInTheAccount() throws Exception {
    createUserEvents();
    jsm.addStream(
        StreamConfiguration.builder().name("METRICS_STREAM").subjects("metrics.>").storageType(StorageType.Memory).build());
    js.publish("events.user.signup", "1".getBytes(StandardCharsets.UTF_8));
    assertThat(jsm.getStreamNames()).containsExactlyInAnyOrder("USER_EVENTS", "METRICS_STREAM");
    assertThat(jsm.getStreamNames("events.user.signup")).containsExactly("USER_EVENTS");
    assertThat(jsm.getStreams()).extracting(si -> si.getConfiguration().getName())
        .containsExactlyInAnyOrder("USER_EVENTS", "METRICS_STREAM");
    var account = jsm.getAccountStatistics();
    assertThat(account.getStreams()).isEqualTo(2);
    assertThat(account.getConsumers()).isZero();
    assertThat(account.getStorage()).isPositive();
    assertThat(account.getMemory()).isZero();
    assertThat(jsm.deleteStream("METRICS_STREAM")).isTrue();
    assertThat(LabNode.apiErrorCode(() -> jsm.getStreamInfo("METRICS_STREAM"))).isEqualTo(10059);
  }

  @Test
  void threeHundredStreamsAreAllListedAcrossPages() throws Exception {
    for (int i = 0; i < 300; i++) {
      jsm.addStream(
          StreamConfiguration.builder()
              .name(String.format("S%03d", i))
              .subjects(String.format("s%03d.>", i))
              .storageType(StorageType.Memory)
              .build());
    }
    assertThat(jsm.getStreamNames()).hasSize(300).doesNotHaveDuplicates();
    assertThat(jsm.getStreams()).extracting(si -> si.getConfiguration().getName()).hasSize(300).doesNotHaveDuplicates();
    assertThat(jsm.getStreamNames("s150.x")).containsExactly("S150");
  }

  @Test
  void withDirectGetTheSameLookupsAnswerLikeTheApiGets() throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name("USER_EVENTS")
            .subjects("events.user.*")
            .storageType(StorageType.File)
            .allowDirect(true)
            .build());
    PublishOptions id = PublishOptions.builder().messageId("m-1").build();
    js.publish("events.user.click", "c1".getBytes(StandardCharsets.UTF_8), id);
    js.publish("events.user.view", "v1".getBytes(StandardCharsets.UTF_8));
    js.publish("events.user.click", "c2".getBytes(StandardCharsets.UTF_8));
    var bySeq = jsm.getMessage("USER_EVENTS", 1);
    assertThat(bySeq.getSeq()).isEqualTo(1);
    assertThat(bySeq.getSubject()).isEqualTo("events.user.click");
    assertThat(bySeq.getStream()).isEqualTo("USER_EVENTS");
    assertThat(bySeq.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("m-1");
    assertThat(new String(bySeq.getData(), StandardCharsets.UTF_8)).isEqualTo("c1");
    assertThat(bySeq.getTime()).isNotNull();
    assertThat(jsm.getLastMessage("USER_EVENTS", "events.user.click").getSeq()).isEqualTo(3);
    assertThat(jsm.getFirstMessage("USER_EVENTS", "events.user.view").getSeq()).isEqualTo(2);
    assertThat(jsm.getNextMessage("USER_EVENTS", 2, "events.user.click").getSeq()).isEqualTo(3);
    assertThat(LabNode.apiErrorCode(() -> jsm.getMessage("USER_EVENTS", 9))).isEqualTo(10037);
    assertThat(LabNode.apiErrorCode(() -> jsm.getLastMessage("USER_EVENTS", "events.user.none"))).isEqualTo(10037);
  }

  @Test
  void aMsgIdIsAcceptedAgainOnceTheDuplicateWindowHasPassed() throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name("USER_EVENTS")
            .subjects("events.user.*")
            .storageType(StorageType.File)
            .duplicateWindow(Duration.ofMillis(600))
            .build());
    PublishOptions id = PublishOptions.builder().messageId("signup-ada").build();
    assertThat(js.publish("events.user.signup", "1".getBytes(StandardCharsets.UTF_8), id).isDuplicate()).isFalse();
    assertThat(js.publish("events.user.signup", "1".getBytes(StandardCharsets.UTF_8), id).isDuplicate()).isTrue();
    LabNode.await(
        Duration.ofSeconds(5),
        "the duplicate window to pass",
        () -> {
          try {
            PublishAck again = js.publish("events.user.signup", "1".getBytes(StandardCharsets.UTF_8), id);
            return !again.isDuplicate();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(jsm.getStreamInfo("USER_EVENTS").getStreamState().getMsgCount()).isEqualTo(2);
  }

  @Test
  void fiveThousandAsyncPublishesAreAckedInOrderWithConsecutiveSequences() throws Exception {
    createUserEvents();
    List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
    for (int i = 1; i <= 5_000; i++) {
      acks.add(
          js.publishAsync(
              "events.user.click",
              ("c" + i).getBytes(StandardCharsets.UTF_8),
              PublishOptions.builder().messageId("click-" + i).build()));
    }
    for (int i = 0; i < acks.size(); i++) {
      PublishAck ack = acks.get(i).get(10, TimeUnit.SECONDS);
      assertThat(ack.getSeqno()).isEqualTo(i + 1);
      assertThat(ack.isDuplicate()).isFalse();
    }
    assertThat(jsm.getStreamInfo("USER_EVENTS").getStreamState().getMsgCount()).isEqualTo(5_000);
    assertThat(new String(jsm.getMessage("USER_EVENTS", 4_321).getData(), StandardCharsets.UTF_8))
        .isEqualTo("c4321");
  }

  @Test
  void publishingWhereNoStreamListensFailsFastWithNoResponders() throws Exception {
    createUserEvents();
    long t0 = System.nanoTime();
    Exception e =
        assertThrows(
            Exception.class, () -> js.publish("events.admin.login", "x".getBytes(StandardCharsets.UTF_8)));
    assertThat(LabNode.millisSince(t0)).as("no-responders, not a timeout").isLessThan(2_000);
    assertThat(e).isInstanceOf(IOException.class).hasMessageContaining("503 No Responders Available For Request");
  }
}
