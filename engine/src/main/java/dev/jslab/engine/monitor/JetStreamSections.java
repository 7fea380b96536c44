package dev.jslab.engine.monitor;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The JetStream parts {@code /varz} and {@code /jsz} share: {@code JetStreamConfig} and the
 * {@code JetStreamStats} fields, in nats-server's order and {@code omitempty} rules.
 *
 * <p>Stateless and thread-safe.
 */
final class JetStreamSections {
  private JetStreamSections() {}

  /**
   * {@code "config":{max_memory, max_storage, store_dir, domain}}. No {@code compress_ok}: the
   * lab's limits come from the machine, as nats-server's dynamic configuration (JetStream enabled
   * without limits), which does not set it.
   */
  static void writeConfig(JsonGenerator g, ServerFacts server) throws IOException {
    g.writeObjectFieldStart("config");
    g.writeNumberField("max_memory", server.maxMemory());
    g.writeNumberField("max_storage", server.maxStorage());
    if (!server.storeDir().isEmpty()) {
      g.writeStringField("store_dir", server.storeDir());
    }
    if (!server.domain().isEmpty()) {
      g.writeStringField("domain", server.domain());
    }
    g.writeEndObject();
  }

  /**
   * The {@code JetStreamStats} fields into the current object: memory, storage, reserved, {@code
   * accounts}, {@code ha_assets} (the node's replicated Raft groups, the meta group's too) and
   * {@code api}.
   */
  static void writeStatsFields(
      JsonGenerator g, JetStreamUsage usage, int accounts, int haAssets, long apiTotal, long apiErrors)
      throws IOException {
    g.writeNumberField("memory", usage.memory());
    g.writeNumberField("storage", usage.storage());
    g.writeNumberField("reserved_memory", 0);
    g.writeNumberField("reserved_storage", 0);
    g.writeNumberField("accounts", accounts);
    g.writeNumberField("ha_assets", haAssets);
    g.writeObjectFieldStart("api");
    g.writeNumberField("total", apiTotal);
    g.writeNumberField("errors", apiErrors);
    g.writeEndObject();
  }
}
