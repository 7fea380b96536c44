package dev.jslab.engine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.consumer.AckPolicy;
import dev.jslab.engine.consumer.ConsumerAction;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.store.StoreLockedException;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.store.mapdb.NodeMetaStore;
import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.time.VirtualScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JetStreamNodeTest {
  @TempDir Path dir;

  private final VirtualScheduler scheduler = new VirtualScheduler(1_700_000_000_000_000_000L);
  private final List<OutboundMessage> sent = new ArrayList<>();

  private NodeEnvironment env(SyncPolicy policy) {
    return new NodeEnvironment(scheduler, sent::add, new SplittableRandom(1), policy, "", null);
  }

  private NodeEnvironment env() {
    return env(SyncPolicy.ALWAYS);
  }

  private NodeConfig config() {
    return new NodeConfig("n1", dir.resolve("n1"));
  }

  @Test
  void firstStartCreatesItsStoreInTheDataDirectoryAndIsNotARecovery() {
    try (JetStreamNode node = JetStreamNode.open(config(), env())) {
      assertThat(node.recovery()).isEqualTo(new NodeRecovery(1, false));
      assertThat(dir.resolve("n1").resolve(NodeMetaStore.FILE_NAME)).exists();
    }
  }

  @Test
  void startAfterCleanShutdownCountsTheStartAndIsNotARecovery() {
    JetStreamNode.open(config(), env()).close();
    try (JetStreamNode node = JetStreamNode.open(config(), env())) {
      assertThat(node.recovery()).isEqualTo(new NodeRecovery(2, false));
    }
  }

  @Test
  void startAfterCrashReopensInTheSameProcessAndReportsTheRecovery() {
    JetStreamNode.open(config(), env()).crash();
    try (JetStreamNode node = JetStreamNode.open(config(), env())) {
      assertThat(node.recovery()).isEqualTo(new NodeRecovery(2, true));
    }
  }

  @Test
  void crashAfterCleanRestartIsReportedOnlyOnce() {
    JetStreamNode.open(config(), env()).crash();
    JetStreamNode.open(config(), env()).close();
    try (JetStreamNode node = JetStreamNode.open(config(), env())) {
      assertThat(node.recovery()).isEqualTo(new NodeRecovery(3, false));
    }
  }

  @Test
  void secondLiveNodeOnTheSameDirectoryIsRefusedAsLocked() {
    try (JetStreamNode first = JetStreamNode.open(config(), env())) {
      assertThatThrownBy(() -> JetStreamNode.open(config(), env()))
          .isInstanceOf(StoreLockedException.class)
          .hasMessageContaining("in use");
      assertThat(first.isOpen()).isTrue();
    }
  }

  @Test
  void closeAndCrashAreIdempotentAndEndTheNode() {
    JetStreamNode node = JetStreamNode.open(config(), env());
    node.crash();
    node.crash();
    node.close();
    assertThat(node.isOpen()).isFalse();
  }

  @Test
  void nodeNamesOutsideTheAllowedAlphabetAreRejected() {
    assertThatThrownBy(() -> new NodeConfig("n 1", dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node name");
  }

  private static StreamConfig fileStream(String name) {
    return StreamConfig.builder(name).subjects(name.toLowerCase() + ".>").build();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void fileStreamsMessagesAndDurableConsumersSurviveACleanRestart() {
    try (JetStreamNode node = JetStreamNode.open(config(), env())) {
      node.jetStream().createStream(fileStream("ORDERS"));
      node.jetStream().createConsumer("ORDERS", ConsumerConfig.builder().durable("C").ackPolicy(AckPolicy.EXPLICIT).build(), ConsumerAction.CREATE_OR_UPDATE);
      node.jetStream().publish("orders.a", "r", null, bytes("one"));
      node.jetStream().publish("orders.b", "r", null, bytes("two"));
      node.flush();
    }
    try (JetStreamNode node = JetStreamNode.open(config(), env())) {
      var stream = node.jetStream().require("ORDERS");
      assertThat(stream.state().messages()).isEqualTo(2);
      assertThat(new String(stream.store().load(2).data(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("two");
      assertThat(node.jetStream().consumerNames("ORDERS")).containsExactly("C");
    }
  }

  @Test
  void aNodeInMemoryWritesNothingAndComesBackEmptyAfterACrash() {
    JetStreamNode node = JetStreamNode.openInMemory(config(), env());
    assertThat(node.inMemory()).isTrue();
    node.jetStream().createStream(fileStream("ORDERS"));
    node.jetStream().createConsumer("ORDERS", ConsumerConfig.builder().durable("C").ackPolicy(AckPolicy.EXPLICIT).build(), ConsumerAction.CREATE_OR_UPDATE);
    node.jetStream().publish("orders.a", "r", null, bytes("one"));
    node.flush();
    assertThat(node.jetStream().require("ORDERS").state().messages()).isEqualTo(1);
    node.crash();
    assertThat(dir.resolve("n1")).doesNotExist();
    try (JetStreamNode again = JetStreamNode.openInMemory(config(), env())) {
      assertThat(again.jetStream().streams()).isEmpty();
      assertThat(again.recovery()).isEqualTo(new NodeRecovery(1, false));
    }
    assertThat(dir.resolve("n1")).doesNotExist();
  }

  @Test
  void withSyncAlwaysEveryAcknowledgedMessageSurvivesAPowerCut() {
    JetStreamNode node = JetStreamNode.open(config(), env(SyncPolicy.ALWAYS));
    node.jetStream().createStream(fileStream("ORDERS"));
    for (int i = 0; i < 50; i++) {
      node.jetStream().publish("orders.a", "r" + i, null, bytes("m" + i));
      node.flush();
    }
    long acked = sent.stream().filter(m -> m.subject().startsWith("r")).count();
    node.jetStream().publish("orders.a", "unacked", null, bytes("lost"));
    node.powerLoss();
    assertThat(acked).isEqualTo(50);
    try (JetStreamNode again = JetStreamNode.open(config(), env())) {
      assertThat(again.jetStream().require("ORDERS").state().messages()).isEqualTo(50);
      assertThat(again.recovery().recoveredFromCrash()).isTrue();
    }
  }

  @Test
  void withASyncIntervalAPowerCutLosesAcknowledgedMessagesSinceTheLastSync() {
    JetStreamNode node = JetStreamNode.open(config(), env(new SyncPolicy(60_000_000_000L)));
    node.jetStream().createStream(fileStream("ORDERS"));
    node.jetStream().publish("orders.a", "r1", null, bytes("before"));
    node.flush();
    scheduler.advance(60_000_000_000L); // the interval sync
    node.jetStream().publish("orders.a", "r2", null, bytes("after"));
    node.flush();
    assertThat(sent).extracting(OutboundMessage::subject).contains("r1", "r2");
    node.powerLoss();
    try (JetStreamNode again = JetStreamNode.open(config(), env())) {
      assertThat(again.jetStream().require("ORDERS").state().messages()).isEqualTo(1);
    }
  }

  @Test
  void aStreamExistsOnDiskAsSoonAsItIsCreated() {
    JetStreamNode node = JetStreamNode.open(config(), env(SyncPolicy.DEFAULT_INTERVAL));
    node.jetStream().createStream(fileStream("ORDERS"));
    node.crash();
    try (JetStreamNode again = JetStreamNode.open(config(), env())) {
      assertThat(again.jetStream().streamNames(null)).containsExactly("ORDERS");
    }
  }

  @Test
  void theMsgIdWindowSurvivesAPowerCut() {
    JetStreamNode node = JetStreamNode.open(config(), env(SyncPolicy.ALWAYS));
    node.jetStream().createStream(fileStream("ORDERS"));
    node.jetStream().publish("orders.a", "r", dev.jslab.engine.message.Headers.of(null, "Nats-Msg-Id", "once"), bytes("x"));
    node.flush();
    node.powerLoss();
    try (JetStreamNode again = JetStreamNode.open(config(), env())) {
      assertThat(again.jetStream().publish("orders.a", "r", dev.jslab.engine.message.Headers.of(null, "Nats-Msg-Id", "once"), bytes("x")))
          .contains(new dev.jslab.engine.stream.PublishOutcome.Duplicate(1));
    }
  }

  @Test
  void fileStorageRefusesAnEqualSizedReplacementAtTheByteLimitAsNatsServerDoes() {
    try (JetStreamNode node = JetStreamNode.open(config(), env())) {
      StreamConfig.Builder b = StreamConfig.builder("K").subjects("k.*").maxMsgsPerSubject(1).maxBytes(60)
          .discard(dev.jslab.engine.stream.DiscardPolicy.NEW);
      node.jetStream().createStream(b.build());
      node.jetStream().createStream(b.name("KM").subjects("km.*").storage(dev.jslab.engine.store.StorageType.MEMORY).build());
      node.jetStream().publish("k.a", null, null, bytes("0123456789"));
      assertThat(node.jetStream().publish("k.a", null, null, bytes("abcdefghij")).orElseThrow())
          .isEqualTo(new dev.jslab.engine.stream.PublishOutcome.Rejected(
              dev.jslab.engine.api.JsError.STREAM_STORE_FAILED.withError("maximum bytes exceeded")));
      node.jetStream().publish("km.a", null, null, bytes("0123456789"));
      assertThat(node.jetStream().publish("km.a", null, null, bytes("abcdefghijklmnopqrstuvwxyz0123")).orElseThrow())
          .isInstanceOf(dev.jslab.engine.stream.PublishOutcome.Rejected.class);
      assertThat(node.jetStream().publish("km.a", null, null, bytes("abcdefghij")).orElseThrow())
          .isEqualTo(new dev.jslab.engine.stream.PublishOutcome.Stored(2));
    }
  }

  @Test
  void aRecoveredConsumerKeepsItsCreationTime() {
    long created;
    try (JetStreamNode node = JetStreamNode.open(config(), env())) {
      node.jetStream().createStream(fileStream("ORDERS"));
      created = node.jetStream().createConsumer("ORDERS", ConsumerConfig.builder().durable("C").ackPolicy(AckPolicy.EXPLICIT).build(),
          ConsumerAction.CREATE_OR_UPDATE).consumer().createdNanos();
    }
    scheduler.advance(3_600_000_000_000L);
    try (JetStreamNode node = JetStreamNode.open(config(), env())) {
      assertThat(node.jetStream().requireConsumer("ORDERS", "C").info().createdNanos()).isEqualTo(created);
    }
  }
}
