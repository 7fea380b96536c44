package dev.jslab.engine.sourcing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Header removals byte for byte as nats-server makes them, quirks included. */
class HeaderEditsTest {
  private static byte[] block(String s) {
    return s.getBytes(UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, UTF_8);
  }

  @Test
  void removingAKeyDropsItsWholeLine() {
    byte[] h = block("NATS/1.0\r\nA: 1\r\nNats-Stream-Source: S 1 > >\r\nB: 2\r\n\r\n");
    assertThat(text(HeaderEdits.remove(h, "Nats-Stream-Source"))).isEqualTo("NATS/1.0\r\nA: 1\r\nB: 2\r\n\r\n");
  }

  @Test
  void removingTheOnlyKeyLeavesNoHeaders() {
    byte[] h = block("NATS/1.0\r\nNats-Stream-Source: S 1 > >\r\n\r\n");
    assertThat(HeaderEdits.remove(h, "Nats-Stream-Source")).isEmpty();
  }

  @Test
  void onlyTheFirstOccurrenceOfTheKeyIsConsidered() {
    byte[] h = block("NATS/1.0\r\nX-Nats-Stream-Source: a\r\nNats-Stream-Source: S 1 > >\r\n\r\n");
    assertThat(HeaderEdits.remove(h, "Nats-Stream-Source")).isSameAs(h);
  }

  @Test
  void prefixedKeysAreRemovedUntilOneIsNotAtTheStartOfALine() {
    byte[] h = block("NATS/1.0\r\nNats-Expected-Stream: A\r\nK: v\r\nNats-Expected-Last-Sequence: 0\r\n\r\n");
    assertThat(text(HeaderEdits.removePrefixed(h, "Nats-Expected-"))).isEqualTo("NATS/1.0\r\nK: v\r\n\r\n");
    byte[] quirk = block("NATS/1.0\r\nX: Nats-Expected-Stream\r\nNats-Expected-Stream: A\r\n\r\n");
    assertThat(HeaderEdits.removePrefixed(quirk, "Nats-Expected-")).isSameAs(quirk);
  }
}
