package dev.jslab.engine.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.api.JsError;
import dev.jslab.engine.message.Headers;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.store.memory.MemoryMessageStore;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a mirror stores: the origin's sequences and timestamps, with the stream's own limits. */
class StreamMirroredStoreTest {
  private static final long T0 = 1_700_000_000_000_000_000L;

  private static Stream mirror(StreamConfig.Builder builder) {
    StreamConfig cfg =
        StreamConfigCheck.check(builder.mirror(StreamSource.of("O")).build(), n -> Optional.empty());
    return new Stream(cfg, new MemoryMessageStore(), new StreamContext(() -> T0, m -> {}, ""), T0);
  }

  private static PublishOutcome store(Stream s, long seq, byte[] headers) {
    return s.storeMirrored(seq, "o.a", headers, ("m" + seq).getBytes(UTF_8), T0 - seq);
  }

  @Test
  void messagesKeepTheOriginsSequenceAndTimestampAndMustFollowTheLastSequence() {
    Stream s = mirror(StreamConfig.builder("M"));
    s.skipTo(5);
    assertThat(store(s, 5, null)).isEqualTo(new PublishOutcome.Stored(5));
    assertThat(s.store().load(5)).isEqualTo(new StoredMessage(5, "o.a", null, "m5".getBytes(UTF_8), T0 - 5));
    assertThat(store(s, 7, null))
        .isEqualTo(new PublishOutcome.Rejected(JsError.STREAM_SEQUENCE_NOT_MATCH.error()));
    s.skipTo(7);
    s.skipTo(3);
    assertThat(store(s, 7, null)).isEqualTo(new PublishOutcome.Stored(7));
    assertThat(s.state().numDeleted()).isEqualTo(1);
    assertThat(s.lastSeq()).isEqualTo(7);
  }

  @Test
  void theMirrorsOwnLimitsApply() {
    Stream s = mirror(StreamConfig.builder("M").maxMsgs(2));
    for (long seq = 1; seq <= 3; seq++) {
      store(s, seq, null);
    }
    assertThat(s.state().messages()).isEqualTo(2);
    assertThat(s.state().firstSeq()).isEqualTo(2);
  }

  @Test
  void rollupsNeedTheMirrorToAllowThem() {
    byte[] rollup = Headers.of(null, Headers.ROLLUP, "sub");
    Stream strict = mirror(StreamConfig.builder("M"));
    assertThat(store(strict, 1, rollup)).isInstanceOf(PublishOutcome.Rejected.class);

    Stream allowing = mirror(StreamConfig.builder("M").allowRollup(true));
    store(allowing, 1, null);
    assertThat(store(allowing, 2, rollup)).isEqualTo(new PublishOutcome.Stored(2));
    assertThat(allowing.state().messages()).isEqualTo(1);
  }
}
