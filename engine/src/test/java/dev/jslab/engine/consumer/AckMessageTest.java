package dev.jslab.engine.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.consumer.AckMessage.Verb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ack bodies read as nats-server's processAck reads them. */
class AckMessageTest {
  private static final long MS = 1_000_000L;

  private static AckMessage parse(String body) {
    return AckMessage.parse(body.getBytes(UTF_8));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''|ACK",
    "+ACK|ACK",
    "+OK|ACK",
    "'+ACK '|UNKNOWN",
    "+ack|UNKNOWN",
    "+NXT|NEXT",
    "+NXT {\"batch\":2}|NEXT",
    "-NAK|NAK",
    "-NAK 1s|NAK",
    "+WPI|PROGRESS",
    "'+WPI '|UNKNOWN",
    "+TERM|TERM",
    "+TERM done|TERM",
    "+TER|UNKNOWN",
    "junk|UNKNOWN",
  })
  void verbsMatchByteForByteAndOnlyAckOkAndWpiMustStandAlone(String body, Verb verb) {
    assertThat(parse(body).verb()).isEqualTo(verb);
  }

  @Test
  void nextCarriesThePullRequestBodyAfterTheVerb() {
    assertThat(new String(parse("+NXT {\"batch\":2}").nextRequest(), UTF_8))
        .isEqualTo(" {\"batch\":2}");
    assertThat(parse("+NXT").nextRequest()).isEmpty();
  }

  @Test
  void termReasonIsTrimmedAndEmptyWhenMissing() {
    assertThat(parse("+TERM  not for me \r\n").termReason()).isEqualTo("not for me");
    assertThat(parse("+TERM").termReason()).isEmpty();
    assertThat(parse("+TERM ").termReason()).isEmpty();
  }

  @Test
  void nakDelayReadsJsonOrAGoDuration() {
    assertThat(parse("-NAK {\"delay\": 200000000}").nakDelay()).isEqualTo(200 * MS);
    assertThat(parse("-NAK {}").nakDelay()).isZero();
    assertThat(parse("-NAK  1.5s ").nakDelay()).isEqualTo(1500 * MS);
    assertThat(parse("-NAK 300ms").nakDelay()).isEqualTo(300 * MS);
  }

  @Test
  void nakWithoutAReadableDelayHasNone() {
    assertThat(parse("-NAK").nakDelay()).isNull();
    assertThat(parse("-NAK   ").nakDelay()).isNull();
    assertThat(parse("-NAK {bad").nakDelay()).isNull();
    assertThat(parse("-NAK soon").nakDelay()).isNull();
  }
}
