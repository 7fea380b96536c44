package dev.jslab.engine.jetstream;

import java.util.ArrayList;
import java.util.List;

/**
 * A live stream template: its checked configuration and the streams it has created so far.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class StreamTemplate {
  private final StreamTemplateConfig config;
  private final List<String> streams = new ArrayList<>();

  StreamTemplate(StreamTemplateConfig config) {
    this.config = config;
  }

  public StreamTemplateConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  /** Names of the streams it created, in creation order (deleted ones still count, as in nats-server). */
  public List<String> streams() {
    return List.copyOf(streams);
  }

  boolean atLimit() {
    return streams.size() >= config.maxStreams();
  }

  void created(String stream) {
    streams.add(stream);
  }
}
