package dev.jslab.engine.api.handler;

import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.jetstream.ConsumerCreateHandler;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.message.Outbox;
import dev.jslab.engine.subject.Subjects;
import dev.jslab.engine.time.TimeSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's {@code $JS.API.*} entry point: finds the endpoint for a request's subject, runs it and
 * sends its answer to the request's reply subject through the node's outbox, as nats-server 2.10
 * does. A subject no endpoint serves gets no answer (nats-server has no subscription for it), and
 * neither does a request without a reply subject — though it is still carried out. Each answered
 * request is audited on {@code $JS.EVENT.ADVISORY.API} when an {@link ApiAudit} is given and
 * someone listens.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class JsApi {
  /** The prefix of every API subject. */
  public static final String PREFIX = "$JS.API.";

  private final Outbox outbox;
  private final String domainPrefix;
  private final ApiStats stats = new ApiStats();
  private final Map<String, Endpoint> routes = new LinkedHashMap<>();
  private final TimeSource clock;
  private final String domain;
  private final String serverName;
  private final ApiAudit audit;

  /**
   * @param js the node's JetStream
   * @param clock for the {@code ts} of infos
   * @param outbox where answers go
   * @param domain the node's JetStream domain, empty for none
   * @param serverName the node's server name, which a single server reports as every stream's
   *     leader in {@code STREAM.INFO}
   */
  public JsApi(JetStream js, TimeSource clock, Outbox outbox, String domain, String serverName) {
    this(js, clock, outbox, domain, serverName, ApiAudit.none());
  }

  /** As {@link #JsApi(JetStream, TimeSource, Outbox, String, String)}, publishing {@code audit}. */
  public JsApi(
      JetStream js,
      TimeSource clock,
      Outbox outbox,
      String domain,
      String serverName,
      ApiAudit audit) {
    this(js, clock, outbox, domain, serverName, "", audit);
  }

  /**
   * As {@link #JsApi(JetStream, TimeSource, Outbox, String, String, ApiAudit)} for a node of the
   * cluster {@code cluster} (empty for none), which {@code STREAM.INFO} names next to the leader.
   */
  public JsApi(
      JetStream js,
      TimeSource clock,
      Outbox outbox,
      String domain,
      String serverName,
      String cluster,
      ApiAudit audit) {
    this.outbox = outbox;
    this.clock = clock;
    this.domain = domain;
    this.serverName = serverName;
    this.audit = audit;
    this.domainPrefix = domain.isEmpty() ? null : "$JS." + domain + ".API.";
    new AccountInfoHandler(js, stats, domain).register(routes);
    new StreamHandlers(js, clock, domain, serverName, cluster).register(routes);
    new MessageHandlers(js).register(routes);
    new ConsumerHandlers(js, new ConsumerCreateHandler(js, domain)).register(routes);
    new TemplateHandlers(js).register(routes);
    new ClusterHandlers().register(routes);
    new DirectGetHandler(js, outbox).register(routes);
  }

  /** API requests handled so far ({@code api.total} of {@code /jsz} and {@code $JS.API.INFO}). */
  public long apiTotal() {
    return stats.total();
  }

  /** Of those, the ones answered with an error ({@code api.errors}). */
  public long apiErrors() {
    return stats.errors();
  }

  /** Whether an endpoint serves {@code subject} (in its own or its domain's form). */
  public boolean serves(String subject) {
    String local = local(subject);
    return local != null && endpoint(tokens(local)) != null;
  }

  /**
   * Handles one request on {@code subject} ({@code $JS.API.…}, or {@code $JS.<domain>.API.…} for
   * the node's domain); the answer, if any, goes to {@code reply}. {@code headers} are not read:
   * nats-server only takes its own client-info header from them, which local clients do not send.
   */
  public void handle(String subject, String reply, byte[] headers, byte[] body) {
    handle(subject, reply, headers, body, 0);
  }

  /**
   * As {@link #handle(String, String, byte[], byte[])} for a client whose round trip is {@code
   * clientRttNanos} (0 when unknown), which the audit advisory reports.
   */
  public void handle(
      String subject, String reply, byte[] headers, byte[] body, long clientRttNanos) {
    subject = local(subject);
    if (subject == null) {
      return;
    }
    List<String> tokens = tokens(subject);
    Endpoint endpoint = endpoint(tokens);
    if (endpoint == null) {
      return;
    }
    Answer answer;
    try {
      answer = endpoint.handler().handle(tokens, subject, reply, body == null ? new byte[0] : body);
    } catch (ApiException e) {
      answer = Answer.error(endpoint.type(), e.error(), endpoint.errorTail());
    }
    if (answer == null) {
      return;
    }
    stats.answered(answer.isError()); // counted with or without a reply subject, as nats-server does
    if (reply != null && !reply.isEmpty()) {
      outbox.send(new OutboundMessage(reply, null, null, answer.body()));
    }
    audit.answered(
        outbox, clock, serverName, domain, subject, body, answer.body(), clientRttNanos);
  }

  /** The subject in its {@code $JS.API} form, or null when it is no API subject of this node. */
  private String local(String subject) {
    if (subject.startsWith(PREFIX)) {
      return subject;
    }
    if (domainPrefix != null && subject.startsWith(domainPrefix)) {
      return PREFIX + subject.substring(domainPrefix.length());
    }
    return null;
  }

  private static List<String> tokens(String subject) {
    return Subjects.tokens(subject.substring(PREFIX.length()));
  }

  private Endpoint endpoint(List<String> tokens) {
    if (tokens.isEmpty()) {
      return null;
    }
    String rest = String.join(".", tokens);
    Endpoint exact = routes.get(rest);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, Endpoint> e : routes.entrySet()) {
      if (Subjects.matches(e.getKey(), rest)) {
        return e.getValue();
      }
    }
    return null;
  }
}
