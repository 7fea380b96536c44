package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.consumer.ConsumerJson;
import dev.jslab.engine.jetstream.ConsumerRecord;
import dev.jslab.engine.jetstream.StreamCatalog;
import dev.jslab.engine.jetstream.StreamRecord;
import dev.jslab.engine.jetstream.StreamTemplateConfig;
import dev.jslab.engine.wire.ConsumerConfigJson;
import dev.jslab.engine.wire.StreamConfigJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The node's list of file streams and stream templates in a MapDB file ({@code catalog.db}):
 * each stream's configuration as nats-server JSON with its creation time, each template likewise.
 * Changes are durable at {@link #sync()}.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class MapDbStreamCatalog implements StreamCatalog, AutoCloseable {
  /** File name inside the node's data directory. */
  public static final String FILE_NAME = "catalog.db";

  private final DB db;
  private final Map<String, byte[]> configs;
  private final Map<String, Long> created;
  private final Map<String, Long> order;
  private final Map<String, byte[]> templates;
  private final Map<String, Long> templateLimits;
  private final Map<String, byte[]> consumers;
  private final Map<String, Long> consumersCreated;
  private long nextOrder;

  private MapDbStreamCatalog(DB db) {
    this.db = db;
    this.configs = db.hashMap("stream_configs", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
    this.created = db.hashMap("stream_created", Serializer.STRING, Serializer.LONG).createOrOpen();
    this.order = db.hashMap("stream_order", Serializer.STRING, Serializer.LONG).createOrOpen();
    this.templates = db.hashMap("template_configs", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
    this.templateLimits = db.hashMap("template_limits", Serializer.STRING, Serializer.LONG).createOrOpen();
    this.consumers = db.hashMap("consumer_configs", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
    this.consumersCreated = db.hashMap("consumer_created", Serializer.STRING, Serializer.LONG).createOrOpen();
    this.nextOrder = order.values().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
  }

  /** Opens (or creates) the catalog in {@code dataDir}. */
  public static MapDbStreamCatalog open(Path dataDir) {
    return new MapDbStreamCatalog(MapDbFiles.openTransactional(dataDir.resolve(FILE_NAME)));
  }

  @Override
  public void save(StreamRecord record) {
    String name = record.config().name();
    configs.put(name, StreamConfigJson.toJson(record.config()));
    created.put(name, record.createdNanos());
    order.putIfAbsent(name, nextOrder++);
  }

  @Override
  public void remove(String streamName) {
    consumers.keySet().removeIf(k -> k.startsWith(streamName + "\u0000"));
    consumersCreated.keySet().removeIf(k -> k.startsWith(streamName + "\u0000"));
    configs.remove(streamName);
    created.remove(streamName);
    order.remove(streamName);
  }

  @Override
  public List<StreamRecord> load() {
    List<String> names = new ArrayList<>(configs.keySet());
    names.sort(Comparator.comparingLong(n -> order.getOrDefault(n, Long.MAX_VALUE)));
    List<StreamRecord> out = new ArrayList<>();
    for (String name : names) {
      out.add(new StreamRecord(StreamConfigJson.read(configs.get(name)), created.getOrDefault(name, 0L)));
    }
    return out;
  }

  @Override
  public void saveConsumer(ConsumerRecord consumer) {
    String key = consumerKey(consumer.stream(), consumer.name());
    consumers.put(key, ConsumerJson.config(consumer.config()));
    consumersCreated.put(key, consumer.createdNanos());
  }

  @Override
  public void removeConsumer(String stream, String consumer) {
    consumers.remove(consumerKey(stream, consumer));
    consumersCreated.remove(consumerKey(stream, consumer));
  }

  @Override
  public List<ConsumerRecord> loadConsumers(String stream) {
    String prefix = stream + "\u0000";
    List<ConsumerRecord> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(consumers).entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        String name = e.getKey().substring(prefix.length());
        out.add(new ConsumerRecord(
            stream, name, ConsumerConfigJson.read(e.getValue()), consumersCreated.getOrDefault(e.getKey(), 0L)));
      }
    }
    return out;
  }

  private static String consumerKey(String stream, String consumer) {
    return stream + "\u0000" + consumer;
  }

  @Override
  public void saveTemplate(StreamTemplateConfig template) {
    templates.put(template.name(), StreamConfigJson.toJson(template.config()));
    templateLimits.put(template.name(), template.maxStreams());
  }

  @Override
  public void removeTemplate(String templateName) {
    templates.remove(templateName);
    templateLimits.remove(templateName);
  }

  @Override
  public List<StreamTemplateConfig> loadTemplates() {
    List<StreamTemplateConfig> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(templates).entrySet()) {
      out.add(
          new StreamTemplateConfig(
              e.getKey(), StreamConfigJson.read(e.getValue()), templateLimits.getOrDefault(e.getKey(), 0L)));
    }
    return out;
  }

  @Override
  public void sync() {
    if (!db.isClosed()) {
      db.commit();
    }
  }

  /** Clean shutdown. */
  @Override
  public void close() {
    if (!db.isClosed()) {
      db.commit();
      db.close();
    }
  }

  /** A killed process: uncommitted changes are lost, the file is released. */
  public void crash() {
    MapDbFiles.crash(db);
  }

  /** Human-readable summary for logs. */
  @Override
  public String toString() {
    return "MapDbStreamCatalog[" + configs.size() + " streams]";
  }
}
