package dev.jslab.engine.api.handler;

import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.stream.Stream;
import java.util.List;
import java.util.Map;

/**
 * {@code $JS.API.INFO}: the account's usage as nats-server 2.10 reports it for an account without
 * limits ({@code -1} everywhere), with the API request and error counts so far. In a cluster the
 * stream and consumer counts are the meta group's placements; memory and storage are what every
 * replica in the cluster holds (this node's, and the others' as they last reported).
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class AccountInfoHandler {
  static final String TYPE = Endpoint.type("account_info_response");

  private final JetStream js;
  private final ApiStats stats;
  private final String domain;

  /** The cluster's placed counts, or null on a single server (the node's own streams count). */
  private final java.util.function.Supplier<PlacedCounts> placed;

  AccountInfoHandler(JetStream js, ApiStats stats, String domain, java.util.function.Supplier<PlacedCounts> placed) {
    this.placed = placed;
    this.js = js;
    this.stats = stats;
    this.domain = domain;
  }

  void register(Map<String, Endpoint> routes) {
    routes.put("INFO", new Endpoint(TYPE, Answer.NO_TAIL, this::info));
  }

  private Answer info(List<String> tokens, String subject, String reply, byte[] body) {
    long memory = 0;
    long storage = 0;
    int consumers = 0;
    List<Stream> streams = js.streams();
    for (Stream s : streams) {
      long bytes = s.state().bytes();
      if (s.config().storage() == StorageType.MEMORY) {
        memory += bytes;
      } else {
        storage += bytes;
      }
      consumers += s.consumerCount();
    }
    PlacedCounts counts = placed.get();
    long mem = memory + (counts == null ? 0 : counts.othersMemory());
    long store = storage + (counts == null ? 0 : counts.othersStorage());
    int cons = counts == null ? consumers : counts.consumers();
    int streamCount = counts == null ? streams.size() : counts.streams();
    long total = stats.total();
    long errors = stats.errors();
    return Answer.ok(TYPE, g -> {
      g.writeNumberField("memory", mem);
      g.writeNumberField("storage", store);
      g.writeNumberField("reserved_memory", 0);
      g.writeNumberField("reserved_storage", 0);
      g.writeNumberField("streams", streamCount);
      g.writeNumberField("consumers", cons);
      g.writeObjectFieldStart("limits");
      g.writeNumberField("max_memory", -1);
      g.writeNumberField("max_storage", -1);
      g.writeNumberField("max_streams", -1);
      g.writeNumberField("max_consumers", -1);
      g.writeNumberField("max_ack_pending", -1);
      g.writeNumberField("memory_max_stream_bytes", -1);
      g.writeNumberField("storage_max_stream_bytes", -1);
      g.writeBooleanField("max_bytes_required", false);
      g.writeEndObject();
      if (!domain.isEmpty()) {
        g.writeStringField("domain", domain);
      }
      g.writeObjectFieldStart("api");
      g.writeNumberField("total", total);
      g.writeNumberField("errors", errors);
      g.writeEndObject();
    });
  }
}
