package dev.jslab.engine.api.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.store.SubjectState;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.stream.StreamConfigCheck;
import dev.jslab.engine.time.TimeSource;
import dev.jslab.engine.wire.JsonReader;
import dev.jslab.engine.wire.StreamConfigJson;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code STREAM.CREATE|UPDATE|INFO|DELETE|NAMES|LIST} as nats-server's single-server handlers
 * answer them (their checks in its order, {@code did_create} always true on success, paging with
 * 1024 names or 256 infos per page, {@code subjects_filter} details capped at 100,000). As a
 * single (non-clustered) server, it refuses to create a stream with more than one replica (10074),
 * and its {@code STREAM.INFO} (only that answer) names itself the leader: {@code
 * "cluster":{"name":<cluster>,"leader":<server name>}}, without {@code name} outside a cluster.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class StreamHandlers {
  static final String CREATE = Endpoint.type("stream_create_response");
  static final String UPDATE = Endpoint.type("stream_update_response");
  static final String INFO = Endpoint.type("stream_info_response");
  static final String DELETE = Endpoint.type("stream_delete_response");
  static final String NAMES = Endpoint.type("stream_names_response");
  static final String LIST = Endpoint.type("stream_list_response");

  static final int NAMES_LIMIT = 1024;
  static final int LIST_LIMIT = 256;
  static final int MAX_SUBJECT_DETAILS = 100_000;

  private final JetStream js;
  private final TimeSource clock;
  private final String domain;
  private final ClusterSections sections;

  StreamHandlers(JetStream js, TimeSource clock, String domain, ClusterSections sections) {
    this.js = js;
    this.clock = clock;
    this.domain = domain;
    this.sections = sections;
  }

  /** The stream API's endpoints, keyed by subject pattern after {@code $JS.API.}. */
  void register(Map<String, Endpoint> routes) {
    routes.put("STREAM.CREATE.*", new Endpoint(CREATE, Answer.NO_TAIL, this::create));
    routes.put("STREAM.UPDATE.*", new Endpoint(UPDATE, Answer.NO_TAIL, this::update));
    routes.put("STREAM.INFO.*", new Endpoint(INFO, Answer.ZERO_PAGE, this::info));
    routes.put("STREAM.DELETE.*", new Endpoint(DELETE, Answer.NO_TAIL, this::delete));
    routes.put("STREAM.NAMES", new Endpoint(NAMES, g -> {
      Answer.ZERO_PAGE.write(g);
      g.writeNullField("streams");
    }, this::names));
    routes.put("STREAM.LIST", new Endpoint(LIST, g -> {
      Answer.ZERO_PAGE.write(g);
      g.writeArrayFieldStart("streams");
      g.writeEndArray();
    }, this::list));
  }

  private Answer create(List<String> tokens, String subject, String reply, byte[] body) {
    StreamConfig cfg = StreamConfigJson.read(Request.object(body));
    if (!tokens.get(2).equals(cfg.name())) {
      throw JsError.STREAM_MISMATCH.error().exception();
    }
    if (cfg.replicas() > 1) {
      // a single server checks the configuration, then refuses replicas
      StreamConfigCheck.check(cfg, name -> js.stream(name).map(Stream::config));
      throw JsError.STREAM_REPLICAS_NOT_SUPPORTED.error().exception();
    }
    Stream stream = js.createStream(cfg).stream();
    return created(js, stream, null, clock.nowNanos());
  }

  /** A create's answer for {@code stream}, with {@code cluster} (null: none) and {@code did_create}. */
  static Answer created(JetStream js, Stream stream, ClusterSection cluster, long nowNanos) {
    return Answer.ok(CREATE, g -> {
      StreamInfoJson.writeFields(g, js, stream, null, false, "", cluster, nowNanos);
      g.writeBooleanField("did_create", true);
    });
  }

  private Answer update(List<String> tokens, String subject, String reply, byte[] body) {
    StreamConfig cfg = StreamConfigJson.read(Request.object(body));
    // nats-server checks the configuration before the subject's name and the stream's existence
    StreamConfigCheck.check(cfg, name -> js.stream(name).map(Stream::config));
    if (!tokens.get(2).equals(cfg.name())) {
      throw JsError.STREAM_MISMATCH.error().exception();
    }
    Stream stream = js.updateStream(cfg);
    return Answer.ok(UPDATE, g -> StreamInfoJson.writeFields(g, js, stream, null, false, domain, null, clock.nowNanos()));
  }

  private Answer info(List<String> tokens, String subject, String reply, byte[] body) {
    JsonNode req = Request.objectOrNull(body);
    boolean details = req != null && JsonReader.bool(req, "deleted_details");
    String filter = req == null ? "" : JsonReader.string(req, "subjects_filter");
    int offset = Request.offset(req);
    Stream stream = js.require(tokens.get(2));
    Map<String, Long> subjects = null;
    int total = 0;
    int limit = 0;
    if (!filter.isEmpty()) {
      Map<String, SubjectState> all = stream.store().subjectsState(filter);
      if (!all.isEmpty()) {
        total = all.size();
        limit = MAX_SUBJECT_DETAILS;
        List<String> names = all.keySet().stream().sorted().toList();
        offset = Math.min(offset, names.size());
        subjects = new TreeMap<>();
        for (String s : names.subList(offset, Math.min(names.size(), offset + MAX_SUBJECT_DETAILS))) {
          subjects.put(s, all.get(s).messages());
        }
      } else {
        offset = 0;
      }
    } else {
      offset = 0;
    }
    int o = offset;
    int t = total;
    int l = limit;
    Map<String, Long> subs = subjects;
    return Answer.ok(INFO, g -> {
      g.writeNumberField("total", t);
      g.writeNumberField("offset", o);
      g.writeNumberField("limit", l);
      StreamInfoJson.writeFields(
          g, js, stream, subs, details, domain, sections.of(stream.name()),
          clock.nowNanos());
    });
  }

  private Answer delete(List<String> tokens, String subject, String reply, byte[] body) {
    if (!Request.isEmpty(body)) {
      throw JsError.NOT_EMPTY_REQUEST.error().exception();
    }
    js.deleteStream(tokens.get(2));
    return Answer.ok(DELETE, g -> g.writeBooleanField("success", true));
  }

  private Answer names(List<String> tokens, String subject, String reply, byte[] body) {
    JsonNode req = Request.objectOrNull(body);
    String filter = req == null ? "" : JsonReader.string(req, "subject");
    return NamesPage.answer(NAMES, "streams", js.streamNames(filter), req, true);
  }


  private Answer list(List<String> tokens, String subject, String reply, byte[] body) {
    JsonNode req = Request.objectOrNull(body);
    String filter = req == null ? "" : JsonReader.string(req, "subject");
    List<String> all = js.streamNames(filter);
    int offset = Math.min(Request.offset(req), all.size());
    List<String> page = all.subList(offset, Math.min(all.size(), offset + LIST_LIMIT));
    long now = clock.nowNanos();
    return Answer.ok(LIST, g -> {
      g.writeNumberField("total", all.size());
      g.writeNumberField("offset", offset);
      g.writeNumberField("limit", LIST_LIMIT);
      g.writeArrayFieldStart("streams");
      for (String n : page) {
        g.writeStartObject();
        StreamInfoJson.writeFields(g, js, js.require(n), null, false, domain, null, now);
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }
}
