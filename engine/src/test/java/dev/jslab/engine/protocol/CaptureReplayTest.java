package dev.jslab.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every exchange of nats-server's {@code 01-protocol.txt}, replayed byte for byte. */
class CaptureReplayTest {
  private static final List<CapturedExchanges.Scenario> SCENARIOS = CapturedExchanges.load();

  @Test
  void theCaptureHoldsEveryExchange() {
    assertThat(SCENARIOS).hasSize(19);
    assertThat(SCENARIOS.get(0).steps()).hasSize(10);
  }

  @TestFactory
  Stream<DynamicTest> eachExchangeGetsNatsServersExactAnswer() {
    return SCENARIOS.stream()
        .flatMap(
            scenario -> {
              Wire wire = new Wire(1);
              Wire.Client client = wire.client();
              return scenario.steps().stream()
                  .map(
                      step ->
                          DynamicTest.dynamicTest(
                              scenario.title() + ": " + step.title(),
                              () -> {
                                client.send(step.sent());
                                assertThat(client.take()).isEqualTo(step.answered());
                                assertThat(client.closed()).isEqualTo(step.closed());
                              }));
            });
  }

  @TestFactory
  Stream<DynamicTest> eachConnectionsBytesSplitAtEveryPositionGetTheSameAnswers() {
    return SCENARIOS.stream()
        .map(
            scenario ->
                DynamicTest.dynamicTest(
                    scenario.title(),
                    () -> {
                      byte[] all = Wire.bytes(scenario.allSent());
                      for (int cut = 0; cut <= all.length; cut++) {
                        Wire.Client client = new Wire(1).client();
                        for (byte[] chunk : Wire.chunks(all, cut)) {
                          client.send(chunk);
                        }
                        assertThat(client.take())
                            .as("split at %d", cut)
                            .isEqualTo(scenario.allAnswered());
                        assertThat(client.closed()).isEqualTo(scenario.closedAtEnd());
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> eachConnectionsBytesFedOneAtATimeGetTheSameAnswers() {
    return SCENARIOS.stream()
        .map(
            scenario ->
                DynamicTest.dynamicTest(
                    scenario.title(),
                    () -> {
                      Wire.Client client = new Wire(1).client();
                      for (byte b : Wire.bytes(scenario.allSent())) {
                        client.send(new byte[] {b});
                      }
                      assertThat(client.take()).isEqualTo(scenario.allAnswered());
                      assertThat(client.closed()).isEqualTo(scenario.closedAtEnd());
                      assertThat(client.wroteAfterClose()).isFalse();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> allConnectionsMergedIntoOneBufferEachGetTheSameAnswers() {
    return SCENARIOS.stream()
        .map(
            scenario ->
                DynamicTest.dynamicTest(
                    scenario.title(),
                    () -> {
                      Wire.Client client = new Wire(1).client();
                      client.send(scenario.allSent());
                      assertThat(client.take()).isEqualTo(scenario.allAnswered());
                      assertThat(client.closed()).isEqualTo(scenario.closedAtEnd());
                    }));
  }
}
