package dev.jslab.engine.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.ApiError;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.consumer.ConsumerAction;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.consumer.ConsumerInfo;
import dev.jslab.engine.consumer.ConsumerJson;

/**
 * The {@code CONSUMER.CREATE} request and answer as nats-server marshals them: {@code
 * {"stream_name":…,"config":{…},"action":""}} and {@code
 * {"type":"io.nats.jetstream.api.v1.consumer_create_response", …consumer info…}} or {@code
 * {"type":…,"error":{…}}}; and the parts of the answer a mirror or source reads.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConsumerCreateJson {
  /** The response {@code type}. */
  public static final String TYPE = "io.nats.jetstream.api.v1.consumer_create_response";

  /**
   * What a mirror or source reads from the answer.
   *
   * @param error the error, or null on success
   * @param name the consumer's name
   * @param deliveredStreamSeq {@code delivered.stream_seq}: the origin sequence it starts after
   */
  public record Answer(ApiError error, String name, long deliveredStreamSeq) {}

  /**
   * A create request.
   *
   * @param stream {@code stream_name}
   * @param config {@code config}
   * @param action {@code action}
   */
  public record Request(String stream, ConsumerConfig config, ConsumerAction action) {}

  private ConsumerCreateJson() {}

  /** A create request's body. */
  public static byte[] request(String stream, ConsumerConfig config, ConsumerAction action) {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("stream_name", stream);
      g.writeFieldName("config");
      ConsumerJson.writeConfig(g, config);
      g.writeStringField("action", action.wireName());
      g.writeEndObject();
    });
  }

  /** Reads a create request strictly; 10025 for bad JSON or an unknown action. */
  public static Request readRequest(byte[] body) {
    JsonNode o = JsonReader.object(JsonReader.parse(body));
    JsonNode cfg = o.get("config");
    ConsumerConfig config =
        cfg == null || cfg.isNull() ? ConsumerConfig.builder().build() : ConsumerConfigJson.read(cfg);
    ConsumerAction action = ConsumerAction.fromWire(JsonReader.string(o, "action"));
    if (action == null) {
      throw JsonReader.invalid();
    }
    return new Request(JsonReader.string(o, "stream_name"), config, action);
  }

  /** The success answer: the consumer's info. */
  public static byte[] created(ConsumerInfo info) {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("type", TYPE);
      ConsumerJson.writeInfoFields(g, info);
      g.writeEndObject();
    });
  }

  /** The error answer. */
  public static byte[] failed(ApiError error) {
    return Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("type", TYPE);
      Json.writeErrorField(g, error);
      g.writeEndObject();
    });
  }

  /** Reads an answer; bad JSON is 10025. */
  public static Answer read(byte[] body) {
    JsonNode o = JsonReader.object(JsonReader.parse(body));
    JsonNode e = o.get("error");
    if (e != null && !e.isNull()) {
      JsonReader.object(e);
      return new Answer(
          new ApiError(
              JsonReader.int32(e, "code"),
              JsonReader.int32(e, "err_code"),
              JsonReader.string(e, "description")),
          "",
          0);
    }
    JsonNode delivered = o.get("delivered");
    long seq = delivered == null || delivered.isNull() ? 0 : JsonReader.uint64(JsonReader.object(delivered), "stream_seq");
    return new Answer(null, JsonReader.string(o, "name"), seq);
  }
}
