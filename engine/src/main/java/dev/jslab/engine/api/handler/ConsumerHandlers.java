package dev.jslab.engine.api.handler;

import dev.jslab.engine.api.Json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.consumer.Consumer;
import dev.jslab.engine.consumer.ConsumerInfo;
import dev.jslab.engine.consumer.ConsumerJson;
import dev.jslab.engine.jetstream.ConsumerCreateHandler;
import dev.jslab.engine.jetstream.JetStream;
import java.util.List;
import java.util.Map;

/**
 * {@code CONSUMER.CREATE} (all three forms), {@code CONSUMER.DURABLE.CREATE}, {@code
 * CONSUMER.INFO|NAMES|LIST|DELETE} and {@code CONSUMER.MSG.NEXT} as nats-server's single-server
 * handlers answer them. Creation is {@link ConsumerCreateHandler}'s, the one the node's internal
 * bus uses too; a pull request goes to {@link JetStream#processNextRequest}, which answers it
 * itself (and nothing answers one for a consumer that does not exist, as nats-server has no
 * subscription for it).
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class ConsumerHandlers {
  static final String CREATE = Endpoint.type("consumer_create_response");
  static final String INFO = Endpoint.type("consumer_info_response");
  static final String NAMES = Endpoint.type("consumer_names_response");
  static final String LIST = Endpoint.type("consumer_list_response");
  static final String DELETE = Endpoint.type("consumer_delete_response");

  private final JetStream js;
  private final ConsumerCreateHandler creates;
  private final ClusterSections sections;

  ConsumerHandlers(JetStream js, ConsumerCreateHandler creates, ClusterSections sections) {
    this.js = js;
    this.creates = creates;
    this.sections = sections;
  }

  /** A consumer's info fields with its {@code cluster} section when it has one. */
  static Json.Writer infoFields(ConsumerInfo info, ClusterSection cluster) {
    return g -> ConsumerJson.writeInfoFields(
        g, info, true, cluster == null ? null : w -> StreamInfoJson.writeCluster(w, cluster));
  }

  void register(Map<String, Endpoint> routes) {
    Endpoint create = new Endpoint(CREATE, Answer.NO_TAIL, this::create);
    routes.put("CONSUMER.CREATE.*", create);
    routes.put("CONSUMER.CREATE.*.>", create);
    routes.put("CONSUMER.DURABLE.CREATE.*.*", create);
    routes.put("CONSUMER.INFO.*.*", new Endpoint(INFO, Answer.NO_TAIL, this::info));
    routes.put("CONSUMER.DELETE.*.*", new Endpoint(DELETE, Answer.NO_TAIL, this::delete));
    routes.put("CONSUMER.NAMES.*", new Endpoint(NAMES, g -> {
      Answer.ZERO_PAGE.write(g);
      g.writeArrayFieldStart("consumers");
      g.writeEndArray();
    }, this::names));
    routes.put("CONSUMER.LIST.*", new Endpoint(LIST, g -> {
      Answer.ZERO_PAGE.write(g);
      g.writeArrayFieldStart("consumers");
      g.writeEndArray();
    }, this::list));
    routes.put("CONSUMER.MSG.NEXT.*.*", new Endpoint(null, Answer.NO_TAIL, this::next));
  }

  private Answer create(List<String> tokens, String subject, String reply, byte[] body) {
    ConsumerInfo info = creates.create(subject, body, ConsumerCreateHandler.Deliveries.NONE);
    return Answer.ok(CREATE, g -> ConsumerJson.writeInfoFields(g, info));
  }

  private Answer info(List<String> tokens, String subject, String reply, byte[] body) {
    if (!Request.isEmpty(body)) {
      throw JsError.NOT_EMPTY_REQUEST.error().exception();
    }
    Consumer c = js.requireConsumer(tokens.get(2), tokens.get(3));
    ConsumerInfo info = c.info();
    return Answer.ok(INFO, infoFields(info, sections.ofConsumer(c.streamName(), c.name())));
  }

  private Answer delete(List<String> tokens, String subject, String reply, byte[] body) {
    if (!Request.isEmpty(body)) {
      throw JsError.NOT_EMPTY_REQUEST.error().exception();
    }
    js.deleteConsumer(tokens.get(2), tokens.get(3));
    return Answer.ok(DELETE, g -> g.writeBooleanField("success", true));
  }

  private Answer names(List<String> tokens, String subject, String reply, byte[] body) {
    JsonNode req = Request.objectOrNull(body);
    return NamesPage.answer(NAMES, "consumers", js.consumerNames(tokens.get(2)), req, false);
  }


  private Answer list(List<String> tokens, String subject, String reply, byte[] body) {
    JsonNode req = Request.objectOrNull(body);
    List<Consumer> all = js.consumers(tokens.get(2));
    int offset = Math.min(Request.offset(req), all.size());
    List<Consumer> page = all.subList(offset, Math.min(all.size(), offset + StreamHandlers.LIST_LIMIT));
    return Answer.ok(LIST, g -> {
      g.writeNumberField("total", all.size());
      g.writeNumberField("offset", offset);
      g.writeNumberField("limit", StreamHandlers.LIST_LIMIT);
      g.writeArrayFieldStart("consumers");
      for (Consumer c : page) {
        g.writeStartObject();
        ConsumerJson.writeInfoFields(g, c.info());
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  private Answer next(List<String> tokens, String subject, String reply, byte[] body) {
    if (reply != null && !reply.isEmpty()) {
      js.processNextRequest(tokens.get(3), tokens.get(4), reply, body);
    }
    return null;
  }
}
