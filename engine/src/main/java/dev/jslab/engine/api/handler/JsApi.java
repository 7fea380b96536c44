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

  private final JetStream js;
  private final Outbox outbox;
  private final String domainPrefix;
  private final ApiStats stats = new ApiStats();
  private final Map<String, Endpoint> routes = new LinkedHashMap<>();
  private final TimeSource clock;
  private final String domain;
  private final String serverName;
  private final ApiAudit audit;
  private ApiCluster cluster;
  private ClusterSections clusterSections;
  private PlacedCounts placedCounts; // null: a single server

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
    this.js = js;
    this.outbox = outbox;
    this.clock = clock;
    this.domain = domain;
    this.serverName = serverName;
    this.audit = audit;
    this.domainPrefix = domain.isEmpty() ? null : "$JS." + domain + ".API.";
    new AccountInfoHandler(js, stats, domain, () -> placedCounts).register(routes);
    this.clusterSections = ClusterSections.single(cluster, serverName);
    new StreamHandlers(js, clock, domain, clusterSectionsView()).register(routes);
    new MessageHandlers(js).register(routes);
    new ConsumerHandlers(js, new ConsumerCreateHandler(js, domain), clusterSectionsView()).register(routes);
    new TemplateHandlers(js).register(routes);
    new ClusterHandlers().register(routes);
    new DirectGetHandler(js, outbox).register(routes);
  }

  /**
   * Makes this node a member of a cluster: each request is offered to {@code cluster} first,
   * {@code sections} writes the {@code cluster} section of stream infos, and account info counts
   * the streams and consumers {@code counts} says were placed.
   */
  public void joinCluster(ApiCluster cluster, ClusterSections sections, PlacedCounts counts) {
    this.cluster = cluster;
    this.clusterSections = sections;
    this.placedCounts = counts;
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
    return local != null && pattern(tokens(local)) != null;
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
    String pattern = pattern(tokens);
    if (pattern == null) {
      return;
    }
    ApiRequest request = new ApiRequest(pattern, tokens, subject, reply, body, clientRttNanos);
    if (cluster != null && cluster.take(request)) {
      return;
    }
    answerHere(request, true);
  }

  /**
   * Carries {@code request} out on this node as a single server would and, with {@code answer},
   * sends the answer to its reply subject (counted and audited); without, the answer is dropped —
   * a replica applying a replicated request while its leader answers.
   */
  public void answerHere(ApiRequest request, boolean answer) {
    Endpoint endpoint = routes.get(request.pattern());
    Answer result;
    try {
      result = endpoint.handler().handle(request.tokens(), request.subject(), request.reply(), request.body());
    } catch (ApiException e) {
      result = Answer.error(endpoint.type(), e.error(), endpoint.errorTail());
    }
    if (answer && result != null) {
      send(request, result);
    }
  }

  /** Answers {@code request} with {@code error}, in its endpoint's response type. */
  public void answerError(ApiRequest request, dev.jslab.engine.api.ApiError error) {
    Endpoint endpoint = routes.get(request.pattern());
    send(request, Answer.error(endpoint.type(), error, endpoint.errorTail()));
  }

  /** Answers {@code request} with a success of its endpoint's response type and {@code fields}. */
  public void answerOk(ApiRequest request, dev.jslab.engine.api.Json.Writer fields) {
    send(request, Answer.ok(routes.get(request.pattern()).type(), fields));
  }

  /**
   * Answers a {@code STREAM.CREATE} that a clustered node carried out later (once the stream's
   * group elected a leader), as a single server answers a create at once.
   */
  public void answerCreated(ApiRequest request, dev.jslab.engine.stream.Stream stream) {
    send(request, StreamHandlers.created(js, stream, clusterSections.of(stream.name()), clock.nowNanos()));
  }

  /** Answers a {@code STREAM.UPDATE} that a clustered node carried out once it was committed. */
  public void answerUpdated(ApiRequest request, dev.jslab.engine.stream.Stream stream) {
    send(request, Answer.ok(routes.get(request.pattern()).type(), g ->
        StreamInfoJson.writeFields(g, js, stream, null, false, domain, null, clock.nowNanos())));
  }

  /**
   * Answers a {@code STREAM.CREATE} of a stream that exists with the same configuration: its info
   * from this node's replica when it holds one, else its configuration with an empty state.
   */
  public void answerExisting(
      ApiRequest request, dev.jslab.engine.stream.Stream local, ClusterSection section) {
    send(request, Answer.ok(routes.get(request.pattern()).type(), g -> {
      Answer.ZERO_PAGE.write(g);
      StreamInfoJson.writeFields(g, js, local, null, false, domain, section, clock.nowNanos());
    }));
  }

  /** Answers a {@code CONSUMER.CREATE} that a clustered node carried out once its group had a leader. */
  public void answerConsumerCreated(
      ApiRequest request, dev.jslab.engine.consumer.Consumer consumer, ClusterSection section) {
    send(request, Answer.ok(ConsumerHandlers.CREATE, ConsumerHandlers.infoFields(consumer.initialInfo(), section)));
  }

  /** The node's cluster sections as they are when asked (they change when the node joins a cluster). */
  private ClusterSections clusterSectionsView() {
    return new ClusterSections() {
      @Override
      public ClusterSection of(String stream) {
        return clusterSections.of(stream);
      }

      @Override
      public ClusterSection ofConsumer(String stream, String consumer) {
        return clusterSections.ofConsumer(stream, consumer);
      }
    };
  }

  /**
   * One stream's info object as a {@code STREAM.LIST} page holds it (config, created, state,
   * cluster, mirror, sources, ts), for a clustered list gathered from the streams' leaders.
   */
  public byte[] streamListEntry(dev.jslab.engine.stream.Stream stream) {
    return dev.jslab.engine.api.Json.write(g -> {
      g.writeStartObject();
      StreamInfoJson.writeFields(g, js, stream, null, false, domain, clusterSections.of(stream.name()), clock.nowNanos());
      g.writeEndObject();
    });
  }

  /**
   * Answers a clustered {@code STREAM.LIST}: {@code entries} (JSON objects from {@link
   * #streamListEntry}, in name order) of {@code total} streams from {@code offset}, and the streams
   * whose leaders did not answer in time ({@code missing}, left out when none).
   */
  public void answerStreamList(
      ApiRequest request, int total, int offset, List<byte[]> entries, List<String> missing) {
    answerList(request, StreamHandlers.LIST, "streams", total, offset, entries, missing);
  }

  /** One consumer's info object as a {@code CONSUMER.LIST} page holds it, its cluster section too. */
  public byte[] consumerListEntry(dev.jslab.engine.consumer.Consumer consumer) {
    return dev.jslab.engine.api.Json.write(g -> {
      g.writeStartObject();
      ConsumerHandlers.infoFields(consumer.info(), clusterSections.ofConsumer(consumer.streamName(), consumer.name())).write(g);
      g.writeEndObject();
    });
  }

  /** Answers a clustered {@code CONSUMER.LIST} as {@link #answerStreamList} does a stream list. */
  public void answerConsumerList(
      ApiRequest request, int total, int offset, List<byte[]> entries, List<String> missing) {
    answerList(request, ConsumerHandlers.LIST, "consumers", total, offset, entries, missing);
  }

  /** A list page of raw info objects under {@code field}, with {@code missing} when there are any. */
  private void answerList(
      ApiRequest request, String type, String field, int total, int offset, List<byte[]> entries,
      List<String> missing) {
    send(request, Answer.ok(type, g -> {
      g.writeNumberField("total", total);
      g.writeNumberField("offset", offset);
      g.writeNumberField("limit", StreamHandlers.LIST_LIMIT);
      g.writeArrayFieldStart(field);
      for (byte[] e : entries) {
        g.writeRawValue(new String(e, java.nio.charset.StandardCharsets.UTF_8));
      }
      g.writeEndArray();
      if (!missing.isEmpty()) {
        g.writeArrayFieldStart("missing");
        for (String m : missing) {
          g.writeString(m);
        }
        g.writeEndArray();
      }
    }));
  }

  /**
   * Answers a names request with {@code names}, paged as a single server does ({@code
   * nullWhenEmpty}: an empty list is written {@code null}, as for stream names).
   */
  public void answerNames(ApiRequest request, String field, List<String> names, boolean nullWhenEmpty) {
    send(request, NamesPage.answer(
        routes.get(request.pattern()).type(), field, names, Request.objectOrNull(request.body()),
        nullWhenEmpty));
  }

  private void send(ApiRequest request, Answer answer) {
    stats.answered(answer.isError()); // counted with or without a reply subject, as nats-server does
    if (!request.reply().isEmpty()) {
      outbox.send(new OutboundMessage(request.reply(), null, null, answer.body()));
    }
    audit.answered(
        outbox, clock, serverName, domain, request.subject(), request.body(), answer.body(),
        request.clientRttNanos());
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

  /** The pattern of the endpoint serving {@code tokens}, or null for none. */
  private String pattern(List<String> tokens) {
    if (tokens.isEmpty()) {
      return null;
    }
    String rest = String.join(".", tokens);
    if (routes.containsKey(rest)) {
      return rest;
    }
    for (String p : routes.keySet()) {
      if (Subjects.matches(p, rest)) {
        return p;
      }
    }
    return null;
  }
}
