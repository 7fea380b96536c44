package dev.jslab.engine.sourcing;

import static dev.jslab.engine.sourcing.SourcingFixture.MS;
import static dev.jslab.engine.sourcing.SourcingFixture.SECOND;
import static dev.jslab.engine.sourcing.SourcingFixture.T0;
import static dev.jslab.engine.sourcing.SourcingFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.message.Headers;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.stream.StreamSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mirrors: copying, starting points, filters, lag, retries, info. */
class MirrorTest {
  private final SourcingFixture f = new SourcingFixture();

  private static StreamConfig origin(String name, String... subjects) {
    return StreamConfig.builder(name).subjects(subjects).build();
  }

  private static StreamConfig mirror(String name, StreamSource of) {
    return StreamConfig.builder(name).mirror(of).build();
  }

  @Test
  void mirrorCopiesTheOriginWithItsSequencesTimestampsAndHeadersAndSkipsItsGaps() {
    f.create(origin("O", "o.>"));
    f.publish("o.a", "one");
    f.advance(SECOND);
    f.publish("o.b", Headers.of(null, "Trace", "t-2"), "two");
    f.advance(SECOND);
    f.publish("o.a", "three");
    f.js.require("O").removeMessage(2);

    f.create(mirror("M", StreamSource.of("O")));
    f.advance(SECOND);

    List<StoredMessage> copied = f.messages("M");
    assertThat(copied).extracting(StoredMessage::seq).containsExactly(1L, 3L);
    assertThat(copied).containsExactlyElementsOf(f.messages("O"));
    assertThat(f.state("M").numDeleted()).isEqualTo(1);

    f.advance(SECOND);
    f.publish("o.b", Headers.of(null, "Trace", "t-4"), "four");
    f.settle();
    assertThat(f.messages("M")).containsExactlyElementsOf(f.messages("O"));
    StoredMessage four = f.js.require("M").store().load(4);
    assertThat(four.timestampNanos()).isEqualTo(T0 + 4 * SECOND);
    assertThat(text(four.headers())).isEqualTo("NATS/1.0\r\nTrace: t-4\r\n\r\n");
  }
}
