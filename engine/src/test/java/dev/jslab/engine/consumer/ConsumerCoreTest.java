package dev.jslab.engine.consumer;

import static dev.jslab.engine.consumer.ConsumerFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entry points, the delivery signal and timers of a consumer's shared core. */
class ConsumerCoreTest {
  private final ConsumerFixture f = ConsumerFixture.stream("CORE", "core.>");
  private final ConsumerCore core = new ConsumerCore(
      null, f.stream, "C", ConsumerConfig.builder().durable("C").build(), f.context());
  private final List<String> events = new ArrayList<>();

  ConsumerCoreTest() {
    core.deliverWith(() -> {
      events.add("loop signalled=" + core.signalled());
      core.clearSignal();
    });
  }

  @Test
  void theLoopRunsOnceWhenTheOutermostCallReturns() {
    core.call(() -> {
      events.add("outer");
      core.call(() -> events.add("inner"));
      core.signal();
      core.runLoop();
      events.add("outer done");
    });

    assertThat(events).containsExactly("outer", "inner", "outer done", "loop signalled=true");
  }

  @Test
  void callAndGetReturnsTheResultAndStillRunsTheLoop() {
    String result = core.callAndGet(() -> "info");

    assertThat(result).isEqualTo("info");
    assertThat(events).containsExactly("loop signalled=false");
  }

  @Test
  void timersRunAsEntryPointsAndNotOnceClosed() {
    core.schedule(10 * MS, () -> events.add("first"));
    core.schedule(20 * MS, () -> events.add("second"));

    f.scheduler.advance(10 * MS);
    core.closed = true;
    f.scheduler.advance(10 * MS);

    assertThat(events).containsExactly("first", "loop signalled=false");
  }

  @Test
  void envelopesNameTheStreamConsumerAndDomainWithFreshIds() {
    ConsumerAdvisories.Envelope a = core.envelope();
    ConsumerAdvisories.Envelope b = core.envelope();

    assertThat(a.stream()).isEqualTo("CORE");
    assertThat(a.consumer()).isEqualTo("C");
    assertThat(a.timestampNanos()).isEqualTo(ConsumerFixture.T0);
    assertThat(a.id()).isNotEqualTo(b.id());
  }
}
