package dev.jslab.engine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.store.StoreLockedException;
import dev.jslab.engine.store.mapdb.NodeMetaStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JetStreamNodeTest {
  @TempDir Path dir;

  private NodeConfig config() {
    return new NodeConfig("n1", dir.resolve("n1"));
  }

  @Test
  void firstStartCreatesItsStoreInTheDataDirectoryAndIsNotARecovery() {
    try (JetStreamNode node = JetStreamNode.open(config())) {
      assertThat(node.recovery()).isEqualTo(new NodeRecovery(1, false));
      assertThat(dir.resolve("n1").resolve(NodeMetaStore.FILE_NAME)).exists();
    }
  }

  @Test
  void startAfterCleanShutdownCountsTheStartAndIsNotARecovery() {
    JetStreamNode.open(config()).close();
    try (JetStreamNode node = JetStreamNode.open(config())) {
      assertThat(node.recovery()).isEqualTo(new NodeRecovery(2, false));
    }
  }

  @Test
  void startAfterCrashReopensInTheSameProcessAndReportsTheRecovery() {
    JetStreamNode.open(config()).crash();
    try (JetStreamNode node = JetStreamNode.open(config())) {
      assertThat(node.recovery()).isEqualTo(new NodeRecovery(2, true));
    }
  }

  @Test
  void crashAfterCleanRestartIsReportedOnlyOnce() {
    JetStreamNode.open(config()).crash();
    JetStreamNode.open(config()).close();
    try (JetStreamNode node = JetStreamNode.open(config())) {
      assertThat(node.recovery()).isEqualTo(new NodeRecovery(3, false));
    }
  }

  @Test
  void secondLiveNodeOnTheSameDirectoryIsRefusedAsLocked() {
    try (JetStreamNode first = JetStreamNode.open(config())) {
      assertThatThrownBy(() -> JetStreamNode.open(config()))
          .isInstanceOf(StoreLockedException.class)
          .hasMessageContaining("in use");
      assertThat(first.isOpen()).isTrue();
    }
  }

  @Test
  void closeAndCrashAreIdempotentAndEndTheNode() {
    JetStreamNode node = JetStreamNode.open(config());
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
}
