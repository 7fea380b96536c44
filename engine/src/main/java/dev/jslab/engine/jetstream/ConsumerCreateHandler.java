package dev.jslab.engine.jetstream;

import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.consumer.ConsumerAction;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.subject.Subjects;
import dev.jslab.engine.wire.ConsumerCreateJson;
import java.util.List;
import java.util.function.Consumer;

/**
 * Answers {@code $JS.API.CONSUMER.CREATE.<stream>[.<consumer>[.<filter>]]} as nats-server's
 * {@code jsConsumerCreateRequest} does in single-server mode — the request a mirror or source
 * sends for its internal consumer — and the legacy {@code CONSUMER.DURABLE.CREATE.<stream>.<durable>}
 * form. The node's {@link LocalBus} routes the internal requests here through {@link #handle}; the
 * node's API layer calls {@link #create}.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class ConsumerCreateHandler {
  private static final String PREFIX = "$JS.API.CONSUMER.CREATE.";

  private final JetStream js;
  private final String domain;

  /**
   * @param js the node's JetStream
   * @param domain the node's JetStream domain, empty for none
   */
  public ConsumerCreateHandler(JetStream js, String domain) {
    this.js = js;
    this.domain = domain;
  }

  /** The subject in its {@code $JS.API} form when it is a create request for this node, else null. */
  String local(String subject) {
    if (subject.startsWith(PREFIX)) {
      return subject;
    }
    String domainPrefix = "$JS." + domain + ".API.CONSUMER.CREATE.";
    if (!domain.isEmpty() && subject.startsWith(domainPrefix)) {
      return PREFIX + subject.substring(domainPrefix.length());
    }
    return null;
  }

  /** Who hears of the deliver subject of a push consumer before it is created, and of a failure. */
  public interface Deliveries {
    /** Nobody to tell. */
    Deliveries NONE = new Deliveries() {
      @Override
      public void creating(String deliverSubject) {}

      @Override
      public void failed(String deliverSubject) {}
    };

    void creating(String deliverSubject);

    void failed(String deliverSubject);
  }

  /**
   * Handles one request on {@code subject} (in its {@code $JS.API} form); {@code answer} gets the
   * response.
   */
  void handle(String subject, byte[] body, Deliveries deliveries, Consumer<byte[]> answer) {
    List<String> tokens = Subjects.tokens(subject);
    if (tokens.size() < 5 || "DURABLE".equals(tokens.get(3))) {
      return;
    }
    try {
      answer.accept(ConsumerCreateJson.created(create(subject, body, deliveries)));
    } catch (ApiException e) {
      answer.accept(ConsumerCreateJson.failed(e.error()));
    }
  }

  /**
   * Creates (or updates) the consumer a request on {@code subject} (in its {@code $JS.API} form:
   * {@code CONSUMER.CREATE.<stream>[.<name>[.<filter>]]} or {@code
   * CONSUMER.DURABLE.CREATE.<stream>.<durable>}) asks for, with nats-server's checks in its order.
   *
   * @param deliveries told of a push consumer's deliver subject before it is created, and of failure
   * @return the new consumer's info
   * @throws ApiException with nats-server's error
   */
  public dev.jslab.engine.consumer.ConsumerInfo create(
      String subject, byte[] body, Deliveries deliveries) {
    List<String> tokens = Subjects.tokens(subject);
    String[] deliver = {""};
    try {
      return create(tokens, body, s -> {
        deliver[0] = s;
        deliveries.creating(s);
      });
    } catch (ApiException e) {
      if (!deliver[0].isEmpty()) {
        deliveries.failed(deliver[0]);
      }
      throw e;
    }
  }

  /**
   * A create request read and checked as far as it can be without the stream: the stream it
   * names, the consumer configuration it asks for (the name from the subject filled in) and the
   * action.
   */
  public record Parsed(String stream, ConsumerConfig config, ConsumerAction action) {}

  /**
   * Reads a create request on {@code subject} (in its {@code $JS.API} form) with nats-server's
   * checks of subject and body, up to where the stream is needed; {@code clustered}: replicas may
   * be asked for.
   *
   * @throws ApiException with nats-server's error
   */
  public static Parsed parse(String subject, byte[] body, boolean clustered) {
    List<String> tokens = Subjects.tokens(subject);
    ConsumerCreateJson.Request req = ConsumerCreateJson.readRequest(body);
    boolean legacyDurable = "DURABLE".equals(tokens.get(3));
    if (legacyDurable && tokens.size() != 7) {
      throw JsError.CONSUMER_DURABLE_NAME_NOT_IN_SUBJECT.error().exception();
    }
    String stream = legacyDurable ? tokens.get(5) : tokens.get(4);
    String name = legacyDurable ? tokens.get(6) : tokens.size() > 5 ? tokens.get(5) : "";
    String filter = !legacyDurable && tokens.size() > 6
        ? String.join(".", tokens.subList(6, tokens.size())) : "";
    if (!stream.equals(req.stream())) {
      throw JsError.STREAM_MISMATCH.error().exception();
    }
    ConsumerConfig cfg = req.config();
    if (name.contains("\\") || name.contains("/")) {
      throw JsError.CONSUMER_NAME_CONTAINS_PATH_SEPARATORS.error().exception();
    }
    if (legacyDurable) {
      if (!cfg.isDurable()) {
        throw JsError.CONSUMER_DURABLE_NAME_NOT_SET.error().exception();
      }
      if (!name.equals(cfg.durable())) {
        throw JsError.CONSUMER_DURABLE_NAME_NOT_MATCH_SUBJECT.error().exception();
      }
    } else if (tokens.size() == 5) {
      if (cfg.isDurable()) {
        throw JsError.CONSUMER_EPHEMERAL_WITH_DURABLE_NAME.error().exception();
      }
    } else {
      if (cfg.isDurable() && !name.equals(cfg.durable())) {
        throw JsError.CONSUMER_DURABLE_NAME_NOT_MATCH_SUBJECT.error().exception();
      }
      cfg = cfg.toBuilder().name(name).build();
    }
    if (!filter.isEmpty() && !cfg.filterSubjects().isEmpty()) {
      throw JsError.CONSUMER_MULTIPLE_FILTERS_NOT_ALLOWED.error().exception();
    }
    if (!filter.isEmpty() && !filter.equals(cfg.filterSubject())) {
      throw JsError.CONSUMER_CREATE_FILTER_SUBJECT_MISMATCH.error().exception();
    }
    if (cfg.replicas() > 1 && !clustered) {
      throw JsError.STREAM_REPLICAS_NOT_SUPPORTED.error().exception();
    }
    return new Parsed(stream, cfg, req.action());
  }

  private dev.jslab.engine.consumer.ConsumerInfo create(
      List<String> tokens, byte[] body, Consumer<String> willDeliverTo) {
    Parsed p = parse(String.join(".", tokens), body, false);
    if (p.config().isPush()) {
      willDeliverTo.accept(p.config().deliverSubject());
    }
    return js.createConsumer(p.stream(), p.config(), p.action()).consumer().initialInfo();
  }
}
