package dev.jslab.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolParserTest {
  private final ProtocolParser parser = new ProtocolParser();
  private final List<ProtocolOp> ops = new ArrayList<>();

  private List<ProtocolOp> feed(String text) {
    parser.feed(Wire.bytes(text), ops::add);
    return ops;
  }

  private ProtocolOp last() {
    return ops.get(ops.size() - 1);
  }

  @Test
  void pubWithReplyCarriesSubjectReplyAndPayload() {
    feed("PUB a.b _INBOX.x 5\r\nhello\r\n");
    ProtocolOp.Pub pub = (ProtocolOp.Pub) last();
    assertThat(pub.subject()).isEqualTo("a.b");
    assertThat(pub.reply()).isEqualTo("_INBOX.x");
    assertThat(pub.headers()).isNull();
    assertThat(new String(pub.payload())).isEqualTo("hello");
  }

  @Test
  void hpubSplitsHeadersFromPayloadOnceHeadersAreAllowed() {
    parser.setHeadersAllowed(true);
    feed("HPUB a r 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
    ProtocolOp.Pub pub = (ProtocolOp.Pub) last();
    assertThat(pub.reply()).isEqualTo("r");
    assertThat(new String(pub.headers())).isEqualTo("NATS/1.0\r\n\r\n");
    assertThat(new String(pub.payload())).isEqualTo("hi");
  }

  @Test
  void argumentsMayBeSeparatedByTabsAndRepeatedSpaces() {
    feed("SUB\tfoo.>  \t q  7\r\n");
    assertThat(last()).isEqualTo(new ProtocolOp.Sub("foo.>", "q", "7"));
  }

  @Test
  void unsubWithAMaxAndWithout() {
    feed("UNSUB 1 5\r\nUNSUB 2\r\nunsub 3 x\r\n");
    assertThat(ops)
        .containsExactly(
            new ProtocolOp.Unsub("1", 5), new ProtocolOp.Unsub("2", -1), new ProtocolOp.Unsub("3", -1));
  }

  @Test
  void pingPongAndOkIgnoreAnythingUpToTheLineFeed() {
    feed("PING whatever\r\nPONGx\n+OK\r\n");
    assertThat(ops)
        .containsExactly(new ProtocolOp.Ping(), new ProtocolOp.Pong(), new ProtocolOp.Ok());
  }

  @Test
  void aLineFeedAloneEndsAControlLine() {
    feed("PUB a 2\nhi\r\n");
    assertThat(last()).isInstanceOf(ProtocolOp.Pub.class);
  }

  @Test
  void aPayloadOfExactlyMaxPayloadIsAccepted() {
    ProtocolParser small = new ProtocolParser(4, 4096);
    small.feed(Wire.bytes("PUB a 4\r\nabcd\r\n"), ops::add);
    assertThat(last()).isInstanceOf(ProtocolOp.Pub.class);
  }

  @Test
  void aDeclaredSizeOverMaxPayloadIsAMaximumPayloadViolation() {
    feed("PUB a 1048577\r\n");
    assertThat(((ProtocolOp.Violation) last()).errText()).isEqualTo("Maximum Payload Violation");
    assertThat(parser.isDead()).isTrue();
  }

  @Test
  void anHpubTotalOverMaxPayloadIsAMaximumPayloadViolation() {
    parser.setHeadersAllowed(true);
    feed("HPUB a 10 1048577\r\n");
    assertThat(((ProtocolOp.Violation) last()).errText()).isEqualTo("Maximum Payload Violation");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PUB a 1234567890\r\n",
        "PUB a 99999999999999999999\r\n",
        "PUB a +5\r\n",
        "PUB a 5 6 7\r\n",
        "PUB\t\r\n",
        "HPUB a 5 3\r\n",
        "HPUB a 5\r\n",
        "HPUB a -1 4\r\n",
        "SUB a\r\n",
        "SUB a b c d\r\n",
        "UNSUB\t\r\n",
        "UNSUB 1 2 3\r\n"
      })
  void badArgumentsCloseWithoutAnError(String line) {
    parser.setHeadersAllowed(true);
    feed(line);
    assertThat(ops).hasSize(1);
    assertThat(((ProtocolOp.Violation) last()).errText()).isNull();
  }

  @Test
  void hpubBeforeHeadersAreAllowedClosesWithoutAnError() {
    feed("HPUB a 12 14\r\n");
    assertThat(((ProtocolOp.Violation) last()).errText()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"FOO bar\r\n", "\r\n", "PUBX a 1\r\n", "MSG a 1 1\r\n", "PIx", "RS+ a\r\n", "x"})
  void anUnknownOperationIsReportedAtItsFirstWrongByte(String text) {
    feed(text);
    assertThat(((ProtocolOp.Violation) last()).errText()).isEqualTo("Unknown Protocol Operation");
  }

  @Test
  void garbageWithoutALineFeedIsRejectedWithoutWaitingForOne() {
    feed("XYZ");
    assertThat(last()).isInstanceOf(ProtocolOp.Violation.class);
  }

  @Test
  void aControlLineArgumentOfExactlyTheLimitIsAccepted() {
    String subject = "a".repeat(4096 - 2);
    feed("SUB " + subject + " 1\r\n");
    assertThat(last()).isEqualTo(new ProtocolOp.Sub(subject, null, "1"));
  }

  @Test
  void aControlLineArgumentOverTheLimitIsRejectedEvenBeforeItsLineFeed() {
    feed("SUB " + "a".repeat(5000));
    assertThat(((ProtocolOp.Violation) last()).errText())
        .isEqualTo("maximum control line exceeded");
  }

  @Test
  void aPayloadNotFollowedByCrLfIsAnUnknownProtocolOperation() {
    feed("PUB a 2\r\nhiX");
    assertThat(((ProtocolOp.Violation) last()).errText()).isEqualTo("Unknown Protocol Operation");
  }

  @Test
  void aClientErrIsReportedAndEndsParsing() {
    feed("-ERR 'oops'\r\nPING\r\n");
    assertThat(ops).containsExactly(new ProtocolOp.Err("'oops'"));
  }

  @Test
  void nothingIsParsedAfterAViolation() {
    feed("FOO\r\nPING\r\n");
    feed("PING\r\n");
    assertThat(ops).hasSize(1);
  }

  @Test
  void sizesAreParsedAsNatsServerDoes() {
    assertThat(ProtocolParser.parseSize("0")).isZero();
    assertThat(ProtocolParser.parseSize("999999999")).isEqualTo(999_999_999);
    assertThat(ProtocolParser.parseSize("1000000000")).isEqualTo(-1);
    assertThat(ProtocolParser.parseSize("")).isEqualTo(-1);
    assertThat(ProtocolParser.parseSize("-1")).isEqualTo(-1);
  }
}
