package dev.jslab.engine.api.handler;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.jetstream.StreamTemplate;
import dev.jslab.engine.jetstream.StreamTemplateConfig;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.wire.JsonReader;
import dev.jslab.engine.wire.StreamConfigJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code STREAM.TEMPLATE.CREATE|INFO|DELETE|NAMES} as a single nats-server answers them: the
 * template info as {@code {"config":{"name","config","max_streams"},"streams":[…]}}, names paged
 * under {@code streams}.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class TemplateHandlers {
  static final String CREATE = Endpoint.type("stream_template_create_response");
  static final String INFO = Endpoint.type("stream_template_info_response");
  static final String DELETE = Endpoint.type("stream_template_delete_response");
  static final String NAMES = Endpoint.type("stream_template_names_response");

  private final JetStream js;

  TemplateHandlers(JetStream js) {
    this.js = js;
  }

  void register(Map<String, Endpoint> routes) {
    routes.put("STREAM.TEMPLATE.CREATE.*", new Endpoint(CREATE, Answer.NO_TAIL, this::create));
    routes.put("STREAM.TEMPLATE.INFO.*", new Endpoint(INFO, Answer.NO_TAIL, this::info));
    routes.put("STREAM.TEMPLATE.DELETE.*", new Endpoint(DELETE, Answer.NO_TAIL, this::delete));
    routes.put("STREAM.TEMPLATE.NAMES", new Endpoint(NAMES, g -> {
      Answer.ZERO_PAGE.write(g);
      g.writeNullField("streams");
    }, this::names));
  }

  private Answer create(List<String> tokens, String subject, String reply, byte[] body) {
    JsonNode o = Request.object(body);
    String name = JsonReader.string(o, "name");
    JsonNode c = JsonReader.child(o, "config");
    StreamConfig config = c == null ? null : StreamConfigJson.read(c);
    long maxStreams = JsonReader.uint64(o, "max_streams");
    if (maxStreams > 0xFFFF_FFFFL) {
      throw JsonReader.invalid();
    }
    if (!tokens.get(3).equals(name)) {
      throw JsError.TEMPLATE_NAME_NOT_MATCH_SUBJECT.error().exception();
    }
    StreamTemplate t = js.createTemplate(new StreamTemplateConfig(name, config, maxStreams));
    return Answer.ok(CREATE, g -> writeInfo(g, t));
  }

  private Answer info(List<String> tokens, String subject, String reply, byte[] body) {
    if (!Request.isEmpty(body)) {
      throw JsError.NOT_EMPTY_REQUEST.error().exception();
    }
    StreamTemplate t = js.requireTemplate(tokens.get(3));
    return Answer.ok(INFO, g -> writeInfo(g, t));
  }

  private Answer delete(List<String> tokens, String subject, String reply, byte[] body) {
    if (!Request.isEmpty(body)) {
      throw JsError.NOT_EMPTY_REQUEST.error().exception();
    }
    js.deleteTemplate(tokens.get(3));
    return Answer.ok(DELETE, g -> g.writeBooleanField("success", true));
  }

  private Answer names(List<String> tokens, String subject, String reply, byte[] body) {
    JsonNode req = Request.objectOrNull(body);
    return NamesPage.answer(NAMES, "streams", js.templateNames(), req, true);
  }


  private static void writeInfo(JsonGenerator g, StreamTemplate t) throws IOException {
    StreamTemplateConfig cfg = t.config();
    g.writeObjectFieldStart("config");
    g.writeStringField("name", cfg.name());
    g.writeFieldName("config");
    StreamConfigJson.write(g, cfg.config());
    g.writeNumberField("max_streams", cfg.maxStreams());
    g.writeEndObject();
    g.writeArrayFieldStart("streams");
    for (String s : t.streams()) {
      g.writeString(s);
    }
    g.writeEndArray();
  }
}
