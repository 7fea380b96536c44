package dev.jslab.engine.message;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadersTest {
  private static byte[] h(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void valuesAreFoundByExactKeyAfterSkippingSpaces() {
    byte[] headers = h("NATS/1.0\r\nNats-Msg-Id:   abc\r\nOther: x y \r\n\r\n");
    assertThat(Headers.get(headers, "Nats-Msg-Id")).isEqualTo("abc");
    assertThat(Headers.get(headers, "Other")).isEqualTo("x y ");
    assertThat(Headers.get(headers, "nats-msg-id")).isNull();
    assertThat(Headers.get(headers, "Nats-Msg")).isNull();
  }

  @Test
  void theFirstOfRepeatedKeysWins() {
    assertThat(Headers.get(h("NATS/1.0\r\nK: 1\r\nK: 2\r\n\r\n"), "K")).isEqualTo("1");
  }

  @Test
  void aKeyInsideAnotherValueIsNotAHeader() {
    byte[] headers = h("NATS/1.0\r\nX: Nats-Msg-Id: fake\r\n\r\n");
    assertThat(Headers.get(headers, "Nats-Msg-Id")).isNull();
  }

  @Test
  void emptyAndMissingBlocksHaveNoValues() {
    assertThat(Headers.get(new byte[0], "K")).isNull();
    assertThat(Headers.get(null, "K")).isNull();
  }

  @Test
  void blocksAreBuiltWithStatusAndAppendedToByteExact() {
    assertThat(new String(Headers.of("404 No Messages"), UTF_8)).isEqualTo("NATS/1.0 404 No Messages\r\n\r\n");
    byte[] built = Headers.of(null, "A", "1");
    assertThat(new String(built, UTF_8)).isEqualTo("NATS/1.0\r\nA: 1\r\n\r\n");
    assertThat(new String(Headers.append(built, "B", "2"), UTF_8))
        .isEqualTo("NATS/1.0\r\nA: 1\r\nB: 2\r\n\r\n");
    assertThat(new String(Headers.append(new byte[0], "B", "2"), UTF_8))
        .isEqualTo("NATS/1.0\r\nB: 2\r\n\r\n");
  }
}
