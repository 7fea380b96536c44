package dev.jslab.engine.jetstream;

import java.util.List;

/**
 * Where a node keeps the list of its streams so a restart finds them again. Memory streams are
 * not kept, as nats-server does not keep them.
 *
 * <p>Confined to the node's executor.
 */
public interface StreamCatalog {
  void save(StreamRecord record);

  void remove(String streamName);

  /** Every saved stream, in creation order. */
  List<StreamRecord> load();

  /** Makes saved changes durable. */
  void sync();

  /** Remembers a stream template. */
  default void saveTemplate(StreamTemplateConfig template) {}

  default void removeTemplate(String templateName) {}

  /** Remembers a durable consumer of a file stream. */
  default void saveConsumer(ConsumerRecord consumer) {}

  default void removeConsumer(String stream, String consumer) {}

  /** Every saved consumer of {@code stream}. */
  default List<ConsumerRecord> loadConsumers(String stream) {
    return List.of();
  }

  /** Every saved template. */
  default List<StreamTemplateConfig> loadTemplates() {
    return List.of();
  }

  /** A catalog that remembers nothing across restarts. */
  static StreamCatalog none() {
    return new StreamCatalog() {
      @Override
      public void save(StreamRecord record) {}

      @Override
      public void remove(String streamName) {}

      @Override
      public List<StreamRecord> load() {
        return List.of();
      }

      @Override
      public void sync() {}
    };
  }
}
