package dev.jslab.engine.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.consumer.AckPolicy;
import dev.jslab.engine.consumer.ConsumerAction;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.store.memory.MemoryMessageStore;
import dev.jslab.engine.stream.PublishOutcome;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.time.VirtualScheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JetStreamTest {
  private static final long SECOND = 1_000_000_000L;

  private final VirtualScheduler scheduler = new VirtualScheduler(1_700_000_000L * SECOND);
  private final List<OutboundMessage> sent = new ArrayList<>();
  private final List<String> syncs = new ArrayList<>();
  private final List<StreamRecord> catalogRecords = new ArrayList<>();
  private final List<ConsumerRecord> consumerRecords = new ArrayList<>();

  /** Memory stores that record syncs, standing in for file storage. */
  private final StreamStorage countingStorage =
      new StreamStorage() {
        @Override
        public MessageStore create(StreamConfig config) {
          MessageStore real = new MemoryMessageStore(Math.max(1, config.firstSeq()));
          return (MessageStore)
              java.lang.reflect.Proxy.newProxyInstance(
                  MessageStore.class.getClassLoader(),
                  new Class<?>[] {MessageStore.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("sync")) {
                      syncs.add(config.name());
                      return null;
                    }
                    try {
                      return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
        }

        @Override
        public MessageStore open(StreamConfig config) {
          return create(config);
        }

        @Override
        public void delete(String streamName) {}
      };

  private final StreamCatalog catalog =
      new StreamCatalog() {
        @Override
        public void save(StreamRecord record) {
          catalogRecords.removeIf(r -> r.config().name().equals(record.config().name()));
          catalogRecords.add(record);
        }

        @Override
        public void remove(String streamName) {
          catalogRecords.removeIf(r -> r.config().name().equals(streamName));
        }

        @Override
        public List<StreamRecord> load() {
          return List.copyOf(catalogRecords);
        }

        @Override
        public void sync() {}

        @Override
        public void saveConsumer(ConsumerRecord consumer) {
          removeConsumer(consumer.stream(), consumer.name());
          consumerRecords.add(consumer);
        }

        @Override
        public void removeConsumer(String stream, String consumer) {
          consumerRecords.removeIf(r -> r.stream().equals(stream) && r.name().equals(consumer));
        }

        @Override
        public List<ConsumerRecord> loadConsumers(String stream) {
          return consumerRecords.stream().filter(r -> r.stream().equals(stream)).toList();
        }
      };

  private JetStream start(SyncPolicy policy) {
    return JetStream.start(
        new JetStream.Environment(
            scheduler,
            sent::add,
            countingStorage,
            StreamStorage.memory(),
            ConsumerStorage.memory(),
            catalog,
            policy,
            "",
            new java.util.SplittableRandom(7),
            subject -> true));
  }

  private static StreamConfig cfg(String name, String... subjects) {
    return StreamConfig.builder(name).subjects(subjects).build();
  }

  @Test
  void identicalCreateReturnsTheExistingStreamAndADifferentOneIs10058() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    assertThat(js.createStream(cfg("ORDERS", "orders.>")).isNew()).isTrue();
    assertThat(js.createStream(cfg("ORDERS", "orders.>")).isNew()).isFalse();
    assertThatThrownBy(() -> js.createStream(cfg("ORDERS", "orders.*")))
        .hasMessage("stream name already in use with a different configuration (400/10058)");
  }

  @Test
  void overlappingSubjectsWithAnotherStreamAre10065() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("A", "orders.*"));
    assertThatThrownBy(() -> js.createStream(cfg("B", "orders.eu")))
        .hasMessage("subjects overlap with an existing stream (400/10065)");
    js.createStream(cfg("C", "payments.>"));
    assertThatThrownBy(() -> js.updateStream(cfg("C", "payments.>", "orders.>"))).hasMessageContaining("10065");
  }

  @Test
  void publishGoesToTheStreamCapturingTheSubject() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("A", "a.*"));
    js.createStream(cfg("B", "b.>"));
    assertThat(js.publish("b.x.y", "r", null, "1".getBytes(UTF_8))).get().isEqualTo(new PublishOutcome.Stored(1));
    assertThat(js.publish("c", "r", null, null)).isEmpty();
    assertThat(js.require("B").state().messages()).isEqualTo(1);
    assertThat(js.require("A").state().messages()).isZero();
  }

  @Test
  void namesAreSortedAndFilteredBySubject() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("ZED", "z.*"));
    js.createStream(cfg("ALPHA", "a.*"));
    assertThat(js.streamNames(null)).containsExactly("ALPHA", "ZED");
    assertThat(js.streamNames("z.1")).containsExactly("ZED");
    assertThat(js.streamNames(">")).containsExactly("ALPHA", "ZED");
  }

  @Test
  void createUpdateAndDeleteAreAdvisedAsNatsServerDoes() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S10_ADV", "s10.>"));
    js.updateStream(StreamConfig.builder("S10_ADV").subjects("s10.>").description("x").build());
    js.deleteStream("S10_ADV");
    assertThat(sent)
        .extracting(OutboundMessage::subject)
        .containsExactly(
            "$JS.EVENT.ADVISORY.STREAM.CREATED.S10_ADV",
            "$JS.EVENT.ADVISORY.STREAM.UPDATED.S10_ADV",
            "$JS.EVENT.ADVISORY.STREAM.DELETED.S10_ADV");
    assertThat(new String(sent.get(0).data(), UTF_8))
        .matches(
            "\\{\"type\":\"io.nats.jetstream.advisory.v1.stream_action\",\"id\":\"[0-9A-Za-z]{22}\","
                + "\"timestamp\":\"2023-11-14T22:13:20Z\",\"stream\":\"S10_ADV\",\"action\":\"create\"\\}");
    assertThat(new String(sent.get(1).data(), UTF_8)).contains("\"action\":\"modify\"");
  }

  @Test
  void deletedStreamIsGoneFromNamesSubjectsAndCatalog() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("A", "a"));
    js.deleteStream("A");
    assertThat(js.streamNames(null)).isEmpty();
    assertThat(js.publish("a", "r", null, null)).isEmpty();
    assertThat(catalogRecords).isEmpty();
    assertThatThrownBy(() -> js.deleteStream("A")).hasMessage("stream not found (404/10059)");
  }

  @Test
  void syncAlwaysHoldsPubAcksUntilTheBatchIsSynced() {
    JetStream js = start(SyncPolicy.ALWAYS);
    js.createStream(cfg("A", "a"));
    js.publish("a", "r1", null, null);
    js.publish("a", "r2", null, null);
    assertThat(sent).isEmpty();
    assertThat(syncs).isEmpty();
    js.flush();
    assertThat(syncs).containsExactly("A");
    assertThat(sent)
        .extracting(OutboundMessage::subject)
        .containsExactly("$JS.EVENT.ADVISORY.STREAM.CREATED.A", "r1", "r2");
  }

  @Test
  void syncIntervalAcknowledgesAtOnceAndSyncsOnTheTimer() {
    JetStream js = start(new SyncPolicy(10 * SECOND));
    js.createStream(cfg("A", "a"));
    js.publish("a", "r1", null, null);
    assertThat(sent).hasSize(2);
    assertThat(syncs).isEmpty();
    scheduler.advance(10 * SECOND);
    assertThat(syncs).containsExactly("A");
    scheduler.advance(10 * SECOND);
    assertThat(syncs).containsExactly("A", "A");
  }

  @Test
  void crashDropsHeldAnswersThatWereNeverSynced() {
    JetStream js = start(SyncPolicy.ALWAYS);
    js.createStream(cfg("A", "a"));
    js.flush();
    sent.clear();
    js.publish("a", "r1", null, null);
    js.crash();
    assertThat(sent).isEmpty();
  }

  @Test
  void maxAgeTimerExpiresMessagesInVirtualTime() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(StreamConfig.builder("M").subjects("m").storage(StorageType.MEMORY).maxAgeNanos(5 * SECOND).build());
    js.publish("m", null, null, null);
    scheduler.advance(3 * SECOND);
    js.publish("m", null, null, null);
    scheduler.advance(2 * SECOND);
    assertThat(js.require("M").state().messages()).isEqualTo(1);
    assertThat(js.require("M").state().firstSeq()).isEqualTo(2);
    scheduler.advance(3 * SECOND);
    assertThat(js.require("M").state().messages()).isZero();
  }

  @Test
  void fileStreamsAreRecoveredFromTheCatalogAndMemoryStreamsAreNot() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("FILE", "f"));
    js.createStream(StreamConfig.builder("MEM").subjects("m").storage(StorageType.MEMORY).build());
    js.close();
    JetStream again = start(SyncPolicy.DEFAULT_INTERVAL);
    assertThat(again.streamNames(null)).containsExactly("FILE");
  }

  private static StreamTemplateConfig template(String name, long max, String... subjects) {
    return new StreamTemplateConfig(
        name, StreamConfig.builder("").subjects(subjects).storage(StorageType.MEMORY).build(), max);
  }

  @Test
  void templateCreatesAStreamPerSubjectNamedAfterTheSubject() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    StreamTemplate t = js.createTemplate(template("T14", 4, "s14.*"));
    assertThat(t.config().config().name()).isEqualTo("_");
    assertThat(t.config().config().duplicateWindowNanos()).isEqualTo(120 * SECOND);
    assertThat(js.publish("s14.alpha", "r", null, "first".getBytes(UTF_8))).get().isEqualTo(new PublishOutcome.Stored(1));
    assertThat(js.publish("s14.alpha", "r", null, "second".getBytes(UTF_8))).get().isEqualTo(new PublishOutcome.Stored(2));
    assertThat(js.streamNames(null)).containsExactly("s14_alpha");
    StreamConfig created = js.require("s14_alpha").config();
    assertThat(created.subjects()).containsExactly("s14.alpha");
    assertThat(created.templateOwner()).isEqualTo("T14");
    assertThat(t.streams()).containsExactly("s14_alpha");
  }

  @Test
  void templateStopsCreatingStreamsAtItsLimitAndDropsTheMessage() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createTemplate(template("T", 1, "t.*"));
    js.publish("t.a", "r", null, null);
    assertThat(js.publish("t.b", "r", null, null)).get().isInstanceOf(PublishOutcome.Dropped.class);
    assertThat(js.streamNames(null)).containsExactly("t_a");
  }

  @Test
  void deletingATemplateDeletesItsStreams() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createTemplate(template("T", 3, "t.*"));
    js.publish("t.a", "r", null, null);
    js.publish("t.b", "r", null, null);
    js.createStream(cfg("OTHER", "o"));
    js.deleteTemplate("T");
    assertThat(js.streamNames(null)).containsExactly("OTHER");
    assertThat(js.templateNames()).isEmpty();
    assertThatThrownBy(() -> js.deleteTemplate("T")).hasMessage("template not found (404/10068)");
  }

  @Test
  void templateRulesAnswerWithNatsServerReasons() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createTemplate(template("T", 1, "t.*"));
    assertThatThrownBy(() -> js.createTemplate(template("T", 1, "u.*")))
        .hasMessage("template with name \"T\" already exists (500/10066)");
    StreamTemplateConfig named =
        new StreamTemplateConfig("N", StreamConfig.builder("x").subjects("n.*").build(), 1);
    assertThatThrownBy(() -> js.createTemplate(named))
        .hasMessage("template config name should be empty (500/10066)");
  }

  private static ConsumerConfig pull(String durable) {
    return ConsumerConfig.builder().durable(durable).ackPolicy(AckPolicy.EXPLICIT).build();
  }

  private List<String> subjectsSent() {
    return sent.stream().map(OutboundMessage::subject).toList();
  }

  @Test
  void consumerCreateIsAdvisedAndARepeatIsNotNew() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S", "s.>"));
    sent.clear();
    assertThat(js.createConsumer("S", pull("C"), ConsumerAction.CREATE_OR_UPDATE).isNew()).isTrue();
    assertThat(js.createConsumer("S", pull("C"), ConsumerAction.CREATE_OR_UPDATE).isNew()).isFalse();
    assertThat(subjectsSent()).containsExactly("$JS.EVENT.ADVISORY.CONSUMER.CREATED.S.C");
    assertThat(js.consumerNames("S")).containsExactly("C");
  }

  @Test
  void pullRequestsAndAcksReachTheirConsumerThroughTheNode() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S", "s.>"));
    js.createConsumer("S", pull("C"), ConsumerAction.CREATE_OR_UPDATE);
    js.publish("s.a", null, null, "hello".getBytes(UTF_8));
    sent.clear();
    assertThat(js.processNextRequest("S", "C", "_INBOX.pull", "{\"batch\":1}".getBytes(UTF_8))).isTrue();
    OutboundMessage delivery = sent.get(0);
    assertThat(delivery.route()).isEqualTo("_INBOX.pull");
    assertThat(delivery.reply()).startsWith("$JS.ACK.S.C.1.1.1.");
    js.processAck(delivery.reply(), "+ACK".getBytes(UTF_8), null);
    assertThat(js.requireConsumer("S", "C").info().numAckPending()).isZero();
    assertThat(js.processNextRequest("S", "NOPE", "_INBOX.pull", new byte[0])).isFalse();
  }

  @Test
  void deletingAConsumerIsAdvisedAndAMissingOneIs10014() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S", "s.>"));
    js.createConsumer("S", pull("C"), ConsumerAction.CREATE_OR_UPDATE);
    sent.clear();
    js.deleteConsumer("S", "C");
    assertThat(subjectsSent()).containsExactly("$JS.EVENT.ADVISORY.CONSUMER.DELETED.S.C");
    assertThatThrownBy(() -> js.deleteConsumer("S", "C")).hasMessage("consumer not found (404/10014)");
    assertThatThrownBy(() -> js.deleteConsumer("NOPE", "C")).hasMessage("stream not found (404/10059)");
  }

  @Test
  void anIdleEphemeralConsumerIsDeletedAfterItsInactiveThreshold() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S", "s.>"));
    String name =
        js.createConsumer("S", ConsumerConfig.builder().ackPolicy(AckPolicy.EXPLICIT).build(), ConsumerAction.CREATE_OR_UPDATE)
            .consumer()
            .name();
    scheduler.advance(4 * SECOND);
    assertThat(js.consumerNames("S")).containsExactly(name);
    scheduler.advance(3 * SECOND);
    assertThat(js.consumerNames("S")).isEmpty();
    assertThat(subjectsSent()).contains("$JS.EVENT.ADVISORY.CONSUMER.DELETED.S." + name);
  }

  @Test
  void deletingAStreamDeletesItsConsumers() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S", "s.>"));
    js.createConsumer("S", pull("C"), ConsumerAction.CREATE_OR_UPDATE);
    js.deleteStream("S");
    js.createStream(cfg("S", "s.>"));
    assertThat(js.consumerNames("S")).isEmpty();
    assertThat(consumerRecords).isEmpty();
  }

  @Test
  void durableConsumersOfFileStreamsComeBackAfterARestart() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S", "s.>"));
    js.createConsumer("S", pull("C"), ConsumerAction.CREATE_OR_UPDATE);
    js.close();
    JetStream again = start(SyncPolicy.DEFAULT_INTERVAL);
    assertThat(again.consumerNames("S")).containsExactly("C");
    assertThat(again.requireConsumer("S", "C").config().ackPolicy()).isEqualTo(AckPolicy.EXPLICIT);
  }

  @Test
  void createRequestsAreRefusedAsNatsServerRefusesThem() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    assertThatThrownBy(() -> js.createStream(StreamConfig.builder("../escape").build()))
        .hasMessage("Stream name can not contain path separators (400/10128)");
    assertThatThrownBy(() -> js.createStream(StreamConfig.builder("S").sealed(true).build()))
        .hasMessage("stream configuration for create can not be sealed (500/10052)");
    assertThatThrownBy(() -> js.createStream(StreamConfig.builder("S").mirrorDirect(true).build()))
        .hasMessage("stream has no mirror but does have mirror direct (500/10052)");
    assertThatThrownBy(() -> js.createStream(StreamConfig.builder("S").subjects("tr.*")
            .subjectTransform(new dev.jslab.engine.stream.SubjectTransform("tr.*", "x.{{wildcard(2)}}")).build()))
        .hasMessage("stream subject transform from 'tr.*' to 'x.{{wildcard(2)}}': invalid mapping destination: wildcard index out of range (500/10049)");
    js.createStream(cfg("S", "s.>"));
    assertThatThrownBy(() -> js.createConsumer("S", pull("a/b"), ConsumerAction.CREATE_OR_UPDATE))
        .hasMessage("Consumer name can not contain path separators (400/10127)");
    assertThat(js.streamNames(null)).containsExactly("S");
  }

  @Test
  void deletingAStreamAdvisesEachConsumerDeletedBeforeTheStream() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S", "s.>"));
    js.createConsumer("S", pull("C"), ConsumerAction.CREATE_OR_UPDATE);
    sent.clear();
    js.deleteStream("S");
    assertThat(subjectsSent())
        .containsExactly("$JS.EVENT.ADVISORY.CONSUMER.DELETED.S.C", "$JS.EVENT.ADVISORY.STREAM.DELETED.S");
  }

  @Test
  void switchingToInterestRetentionDropsWhatEveryConsumerAcked() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S", "s.>"));
    js.createConsumer("S", pull("C"), ConsumerAction.CREATE_OR_UPDATE);
    for (int i = 0; i < 3; i++) {
      js.publish("s.a", null, null, null);
    }
    sent.clear();
    js.processNextRequest("S", "C", "_INBOX.p", "{\"batch\":2}".getBytes(UTF_8));
    List<OutboundMessage> deliveries = List.copyOf(sent);
    deliveries.forEach(d -> js.processAck(d.reply(), "+ACK".getBytes(UTF_8), null));
    js.updateStream(StreamConfig.builder("S").subjects("s.>").retention(dev.jslab.engine.stream.RetentionPolicy.INTEREST).build());
    assertThat(js.require("S").state().messages()).isEqualTo(1);
    assertThat(js.require("S").state().firstSeq()).isEqualTo(3);
  }

  @Test
  void aNewStreamReportsFirstSequenceZeroUntilItStoresSomething() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S", "s.>"));
    assertThat(js.require("S").state().firstSeq()).isZero();
    assertThat(js.require("S").state().lastSeq()).isZero();
    js.publish("s.a", null, null, null);
    js.require("S").purge("", 0, 0);
    assertThat(js.require("S").state().firstSeq()).isEqualTo(2);
  }

  @Test
  void aDeletedTemplateStreamStillCountsAgainstMaxStreams() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createTemplate(template("T", 1, "t.*"));
    js.publish("t.a", "r", null, null);
    js.deleteStream("t_a");
    assertThat(js.publish("t.b", "r", null, null)).get().isInstanceOf(PublishOutcome.Dropped.class);
    assertThat(js.requireTemplate("T").streams()).containsExactly("t_a");
  }

  @Test
  void newConsumerLimitsThatAConsumerExceedsAreRefused() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S", "s.>"));
    js.createConsumer("S", pull("C"), ConsumerAction.CREATE_OR_UPDATE);
    assertThatThrownBy(() -> js.updateStream(StreamConfig.builder("S").subjects("s.>")
            .consumerLimits(new dev.jslab.engine.stream.ConsumerLimits(0, 10)).build()))
        .hasMessage("change to limits violates consumers: C (500/10069)");
  }

  @Test
  void anEphemeralConsumerOfAFileStreamComesBackAndThenExpires() {
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    js.createStream(cfg("S", "s.>"));
    String name = js.createConsumer("S", ConsumerConfig.builder().ackPolicy(AckPolicy.EXPLICIT).build(),
        ConsumerAction.CREATE_OR_UPDATE).consumer().name();
    js.close();
    JetStream again = start(SyncPolicy.DEFAULT_INTERVAL);
    assertThat(again.consumerNames("S")).containsExactly(name);
    scheduler.advance(6 * SECOND);
    assertThat(again.consumerNames("S")).isEmpty();
    assertThat(consumerRecords).isEmpty();
  }

  private List<String> routesSent() {
    return sent.stream().map(OutboundMessage::route).toList();
  }

  @Test
  void underSyncAlwaysARedeliveryLeavesWhenItsTimerFiresWithoutClientInput() {
    JetStream js = start(SyncPolicy.ALWAYS);
    js.createStream(cfg("S", "s.>"));
    ConsumerConfig push =
        ConsumerConfig.builder()
            .durable("P")
            .deliverSubject("deliver.p")
            .ackPolicy(AckPolicy.EXPLICIT)
            .ackWaitNanos(SECOND)
            .build();
    js.createConsumer("S", push, ConsumerAction.CREATE_OR_UPDATE);
    js.publish("s.a", null, null, "x".getBytes(UTF_8));
    js.flush();
    scheduler.runDue();
    assertThat(routesSent()).contains("deliver.p");
    sent.clear();
    scheduler.advance(2 * SECOND);
    assertThat(routesSent()).as("the redelivery, with no flush from a client").containsExactly("deliver.p");
  }

  @Test
  void underSyncAlwaysAMaxAgeExpiryIsSyncedWhenItsTimerFires() {
    JetStream js = start(SyncPolicy.ALWAYS);
    js.createStream(StreamConfig.builder("M").subjects("m").maxAgeNanos(5 * SECOND).build());
    js.publish("m", null, null, null);
    js.flush();
    syncs.clear();
    scheduler.advance(5 * SECOND);
    assertThat(js.require("M").state().messages()).isZero();
    assertThat(syncs).contains("M");
  }

  @Test
  void underSyncAlwaysAnExpiredPullRequestGetsIts408WithoutClientInput() {
    JetStream js = start(SyncPolicy.ALWAYS);
    js.createStream(cfg("S", "s.>"));
    js.createConsumer("S", pull("C"), ConsumerAction.CREATE_OR_UPDATE);
    js.processNextRequest("S", "C", "_INBOX.pull", "{\"batch\":1,\"expires\":1000000000}".getBytes(UTF_8));
    js.flush();
    sent.clear();
    scheduler.advance(2 * SECOND);
    assertThat(sent).extracting(OutboundMessage::subject).contains("_INBOX.pull");
    assertThat(new String(sent.get(0).headers(), UTF_8)).startsWith("NATS/1.0 408");
  }

  @Test
  void underSyncAlwaysAnInactiveEphemeralIsDeletedAndAdvisedWithoutClientInput() {
    JetStream js = start(SyncPolicy.ALWAYS);
    js.createStream(cfg("S", "s.>"));
    ConsumerConfig ephemeral =
        ConsumerConfig.builder().ackPolicy(AckPolicy.EXPLICIT).inactiveThresholdNanos(SECOND).build();
    String name = js.createConsumer("S", ephemeral, ConsumerAction.CREATE_OR_UPDATE).consumer().name();
    js.flush();
    sent.clear();
    scheduler.advance(2 * SECOND);
    assertThat(js.consumerNames("S")).isEmpty();
    assertThat(subjectsSent()).contains("$JS.EVENT.ADVISORY.CONSUMER.DELETED.S." + name);
  }

  @Test
  void theCapturedSubjectsAreToldAtOnceWithTheRecoveredStreamsThenOnEveryChange() {
    JetStream first = start(SyncPolicy.DEFAULT_INTERVAL);
    first.createStream(cfg("A", "a.>"));
    first.close();
    JetStream js = start(SyncPolicy.DEFAULT_INTERVAL);
    List<java.util.Set<String>> told = new ArrayList<>();

    js.onCapturedSubjects(told::add);
    js.createStream(cfg("B", "b.*"));
    js.updateStream(cfg("B", "b.*", "c"));
    js.deleteStream("A");
    js.onCapturedSubjects(null);
    js.createStream(cfg("D", "d"));

    // a stand-alone node takes every ack of its consumers
    assertThat(told)
        .containsExactly(
            java.util.Set.of("a.>", "$JS.ACK.>"),
            java.util.Set.of("a.>", "b.*", "$JS.ACK.>"),
            java.util.Set.of("a.>", "b.*", "c", "$JS.ACK.>"),
            java.util.Set.of("b.*", "c", "$JS.ACK.>"));
  }
}
