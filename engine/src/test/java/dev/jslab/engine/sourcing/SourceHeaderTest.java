package dev.jslab.engine.sourcing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.stream.ExternalStream;
import dev.jslab.engine.stream.StreamSource;
import dev.jslab.engine.stream.SubjectTransform;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index name of a source and the Nats-Stream-Source header, written and read as 2.10 does. */
class SourceHeaderTest {
  private static final String REPLY = "$JS.ACK.ORDERS.c1.1.42.7.1700000000000000000.0";

  @Test
  void plainSourceIsNamedByItsStreamWithWildcardFilterAndDestination() {
    String iname = SourceHeader.iname(StreamSource.of("ORDERS"));
    assertThat(iname).isEqualTo("ORDERS > >");
    assertThat(SourceHeader.value(iname, REPLY)).isEqualTo("ORDERS 42 > >");
  }

  @Test
  void filteredSourceNamesItsFilter() {
    StreamSource s = new StreamSource("ORDERS", 0, null, "orders.eu", List.of(), null);
    assertThat(SourceHeader.value(SourceHeader.iname(s), REPLY)).isEqualTo("ORDERS 42 orders.eu >");
  }

  @Test
  void transformsJoinTheirSourcesAndDestinationsWithFormFeeds() {
    StreamSource s = new StreamSource("ORDERS", 0, null, null,
        List.of(new SubjectTransform("a.*", "x.$1"), new SubjectTransform("b.*", "")), null);
    String iname = SourceHeader.iname(s);
    assertThat(iname).isEqualTo("ORDERS a.*\fb.* x.$1\f>");
    assertThat(SourceHeader.value(iname, REPLY)).isEqualTo("ORDERS 42 a.*\fb.* x.$1\f>");
  }

  @Test
  void externalSourceAddsTheHashOfItsApiPrefix() {
    StreamSource s = new StreamSource("ORDERS", 0, null, null, List.of(),
        new ExternalStream("$JS.hub.API", "hub.deliver"));
    assertThat(SourceHeader.iname(s)).isEqualTo("ORDERS:bTMUkJQk > >");
  }

  @Test
  void aReplyThatIsNoAckSubjectGivesSequenceOne() {
    assertThat(SourceHeader.value("ORDERS > >", "_INBOX.x")).isEqualTo("ORDERS 1 > >");
  }

  @Test
  void headersAreReadInTheCurrentAndTheOlderForms() {
    assertThat(SourceHeader.read("ORDERS 42 a.* x.$1"))
        .isEqualTo(new SourceHeader.Origin("ORDERS", "ORDERS a.* x.$1", 42));
    assertThat(SourceHeader.read(REPLY)).isEqualTo(new SourceHeader.Origin("ORDERS", "", 42));
    assertThat(SourceHeader.read("ORDERS 42")).isEqualTo(new SourceHeader.Origin("ORDERS", "", 42));
    assertThat(SourceHeader.read("ORDERS 42 >")).isEqualTo(new SourceHeader.Origin("", "", 0));
    assertThat(SourceHeader.read("$JS.ACK.ORDERS.c1.1.42")).isEqualTo(new SourceHeader.Origin("", "", 0));
  }
}
