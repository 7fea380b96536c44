package dev.jslab.engine.sourcing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.message.Headers;
import dev.jslab.engine.store.memory.MemoryMessageStore;
import dev.jslab.engine.stream.StreamSource;
import dev.jslab.engine.stream.SubjectTransform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where each source resumes: the newest stored header of each, current or pre-2.10 form. */
class SourceStartsTest {
  private final MemoryMessageStore store = new MemoryMessageStore();
  private final Map<String, StreamSource> sources = new LinkedHashMap<>();

  private void stored(String header) {
    byte[] h = header == null ? null : Headers.of(null, Headers.STREAM_SOURCE, header);
    store.append("x", h, new byte[0], 1);
  }

  SourceStartsTest() {
    StreamSource a = StreamSource.of("A");
    StreamSource b = new StreamSource("B", 0, null, null, List.of(new SubjectTransform("b.*", "x.$1")), null);
    StreamSource c = StreamSource.of("C");
    sources.put(SourceHeader.iname(a), a);
    sources.put(SourceHeader.iname(b), b);
    sources.put(SourceHeader.iname(c), c);
  }

  @Test
  void theNewestHeaderOfEachSourceWins() {
    stored("A 4 > >");
    stored("B 9 b.* x.$1");
    stored(null);
    stored("A 5 > >");
    stored("B 7 > >"); // a source of B no longer configured

    assertThat(SourceStarts.scan(store, sources))
        .containsOnly(Map.entry("A > >", 5L), Map.entry("B b.* x.$1", 9L));
  }

  @Test
  void aPre210HeaderCountsForEverySourceOfItsStream() {
    stored("$JS.ACK.C.c1.1.12.12.1.0");
    stored("$JS.ACK.A.c1.1.3.3.1.0");

    assertThat(SourceStarts.scan(store, sources))
        .containsOnly(Map.entry("A > >", 3L), Map.entry("C > >", 12L));
  }

  @Test
  void aRescanLooksOnlyForTheSourcesAskedFor() {
    stored("A 4 > >");
    stored("C 2 > >");

    assertThat(SourceStarts.rescan(store, Set.of("A > >"), sources)).containsOnly(Map.entry("A > >", 4L));
  }
}
