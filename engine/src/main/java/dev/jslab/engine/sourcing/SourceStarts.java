package dev.jslab.engine.sourcing;

import dev.jslab.engine.message.Headers;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.StreamSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where each source of a stream resumes, found as nats-server finds it: scanning the stream
 * backwards for the {@code Nats-Stream-Source} headers it stored, the newest per source winning
 * ({@code startingSequenceForSources} when a stream starts, {@code setStartingSequenceForSources}
 * for sources added by an update or retried after an error). A pre-2.10 header names only the
 * origin stream, so it counts for every source of that stream.
 *
 * <p>Stateless; reads the store on the caller's thread.
 */
final class SourceStarts {
  private SourceStarts() {}

  /**
   * The last origin sequence stored for each source in {@code sources} (by index name), for those
   * that stored anything; scanning stops once every source is found.
   */
  static Map<String, Long> scan(MessageStore store, Map<String, StreamSource> sources) {
    Map<String, Long> found = new HashMap<>();
    StoreState state = store.state();
    if (state.messages() == 0) {
      return found;
    }
    for (long seq = state.lastSeq(); seq > 0 && found.size() < sources.size(); ) {
      StoredMessage m = store.loadPrevious(seq);
      if (m == null) {
        break;
      }
      seq = m.seq() - 1;
      SourceHeader.Origin o = origin(m);
      if (o == null) {
        continue;
      }
      if (o.iname().isEmpty()) {
        sources.forEach((iname, s) -> {
          if (o.stream().equals(s.name()) || o.stream().equals(externalName(s))) {
            found.putIfAbsent(iname, o.seq());
          }
        });
      } else if (sources.containsKey(o.iname())) {
        found.putIfAbsent(o.iname(), o.seq());
      }
    }
    return found;
  }

  /**
   * nats-server's {@code setStartingSequenceForSources}: like {@link #scan}, but a pre-2.10 header
   * counts for only one of the sources still looked for, and the scan stops at the first sequence.
   */
  static Map<String, Long> rescan(
      MessageStore store, Set<String> wanted, Map<String, StreamSource> sources) {
    Map<String, Long> found = new HashMap<>();
    StoreState state = store.state();
    if (state.messages() == 0) {
      return found;
    }
    Set<String> left = new java.util.LinkedHashSet<>(wanted);
    for (long seq = state.lastSeq(); seq >= state.firstSeq() && !left.isEmpty(); ) {
      StoredMessage m = store.loadPrevious(seq);
      if (m == null) {
        break;
      }
      seq = m.seq() - 1;
      SourceHeader.Origin o = origin(m);
      if (o == null) {
        continue;
      }
      if (left.remove(o.iname())) {
        found.put(o.iname(), o.seq());
      } else if (o.iname().isEmpty() && !o.stream().isEmpty()) {
        for (String iname : left) {
          StreamSource s = sources.get(iname);
          if (s != null && (o.stream().equals(s.name()) || o.stream().equals(externalName(s)))) {
            found.put(iname, o.seq());
            left.remove(iname);
            break;
          }
        }
      }
    }
    return found;
  }

  private static SourceHeader.Origin origin(StoredMessage m) {
    if (!m.hasHeaders()) {
      return null;
    }
    String value = Headers.get(m.headers(), Headers.STREAM_SOURCE);
    return value == null || value.isEmpty() ? null : SourceHeader.read(value);
  }

  /** How a pre-2.10 header names an origin in another domain: {@code <name>:<hash of api>}. */
  private static String externalName(StreamSource s) {
    return s.external() == null ? null : s.name() + ":" + SourceHeader.hash(s.external().api());
  }
}
