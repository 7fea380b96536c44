package dev.jslab.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FigureSelectionTest {
  @Test
  void withoutReplicasTheFiguresKeepTheirR1Names() {
    assertThat(FigureSelection.select(1, null))
        .containsExactly(
            "core.pubsub",
            "js.sync.memory", "js.sync.file",
            "js.async.memory", "js.async.file",
            "js.fetch.memory", "js.fetch.file");
  }

  @Test
  void r3FiguresCarryTheMarkerLeaveOutCorePubSubAndFailoverByDefault() {
    assertThat(FigureSelection.select(3, List.of()))
        .containsExactly(
            "r3.js.sync.memory", "r3.js.sync.file",
            "r3.js.async.memory", "r3.js.async.file",
            "r3.js.fetch.memory", "r3.js.fetch.file");
  }

  @Test
  void failoverNamesBothFailoverFiguresAndACrashComesLast() {
    assertThat(FigureSelection.select(3, List.of("failover")))
        .containsExactly("r3.failover.stepdown", "r3.failover.crash");
    assertThat(FigureSelection.select(3, List.of("r3.failover.crash", "r3.js.sync.file", "r3.failover.crash")))
        .containsExactly("r3.js.sync.file", "r3.failover.crash");
  }

  @Test
  void anUnknownOrWrongReplicaNameListsTheKnownOnes() {
    assertThatThrownBy(() -> FigureSelection.select(3, List.of("js.sync.file")))
        .hasMessageStartingWith("unknown figure 'js.sync.file'; known: [r3.js.sync.memory")
        .hasMessageEndingWith("r3.failover.crash, failover]");
    assertThatThrownBy(() -> FigureSelection.select(1, List.of("failover")))
        .hasMessageStartingWith("unknown figure 'failover'; known: [core.pubsub");
  }

  @Test
  void aFigureNameLeadsBackToItsWireFigure() {
    assertThat(FigureSelection.wireFigure("r3.js.fetch.file", 3)).isEqualTo(WireBench.Figure.FETCH_ACK_FILE);
    assertThat(FigureSelection.wireFigure("core.pubsub", 1)).isEqualTo(WireBench.Figure.CORE_PUBSUB);
    assertThat(FigureSelection.isFailover("r3.failover.stepdown")).isTrue();
    assertThat(FigureSelection.isFailover("r3.js.sync.file")).isFalse();
  }
}
