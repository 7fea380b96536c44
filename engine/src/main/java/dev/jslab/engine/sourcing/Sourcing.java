package dev.jslab.engine.sourcing;

import dev.jslab.engine.stream.Stream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mirrors and sources of a node's streams: started when a stream is created or recovered,
 * adjusted when its sources change, stopped when it is deleted or the node stops, and asked for
 * their {@link StreamSourceInfo}.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class Sourcing {
  private final SourcingContext ctx;
  private final Map<String, Mirror> mirrors = new HashMap<>();
  private final Map<String, Sources> sources = new HashMap<>();

  public Sourcing(SourcingContext ctx) {
    this.ctx = ctx;
  }

  /** A stream was created or recovered: its mirror or sources start. */
  public void start(Stream stream) {
    stop(stream.name());
    if (stream.config().isMirror()) {
      Mirror m = new Mirror(stream, ctx);
      mirrors.put(stream.name(), m);
      m.start();
    } else if (!stream.config().sources().isEmpty()) {
      Sources s = new Sources(stream, ctx);
      sources.put(stream.name(), s);
      s.start();
    }
  }

  /** A stream's configuration was updated (a mirror cannot change; sources can). */
  public void update(Stream stream) {
    if (stream.config().isMirror()) {
      return;
    }
    Sources s = sources.get(stream.name());
    if (s == null) {
      if (stream.config().sources().isEmpty()) {
        return;
      }
      s = new Sources(stream, ctx);
      sources.put(stream.name(), s);
    }
    s.update(stream.config());
  }

  /** A stream is going away: its mirror or sources stop. */
  public void stop(String stream) {
    Mirror m = mirrors.remove(stream);
    if (m != null) {
      m.stop();
    }
    Sources s = sources.remove(stream);
    if (s != null) {
      s.stop();
    }
  }

  /** The node stops: every mirror and source stops. */
  public void stopAll() {
    mirrors.values().forEach(Mirror::stop);
    sources.values().forEach(Sources::stop);
    mirrors.clear();
    sources.clear();
  }

  /** How the mirror of {@code stream} is doing; empty when it is not a mirror. */
  public Optional<StreamSourceInfo> mirrorInfo(String stream) {
    return Optional.ofNullable(mirrors.get(stream)).map(Mirror::info);
  }

  /** How each source of {@code stream} is doing, in configuration order; empty when none. */
  public List<StreamSourceInfo> sourcesInfo(String stream) {
    Sources s = sources.get(stream);
    return s == null ? List.of() : s.info();
  }
}
