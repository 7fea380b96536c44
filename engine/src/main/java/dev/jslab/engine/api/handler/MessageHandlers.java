package dev.jslab.engine.api.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.MessageGetRequest;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.wire.JsonReader;
import dev.jslab.engine.wire.Rfc3339;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code STREAM.MSG.GET}, {@code STREAM.MSG.DELETE} and {@code STREAM.PURGE} as nats-server's
 * single-server handlers answer them: the request checked before the stream is looked up, the
 * message with base64 {@code hdrs}/{@code data}, {@code purged} counts.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class MessageHandlers {
  static final String GET = Endpoint.type("stream_msg_get_response");
  static final String DELETE = Endpoint.type("stream_msg_delete_response");
  static final String PURGE = Endpoint.type("stream_purge_response");

  private final JetStream js;

  MessageHandlers(JetStream js) {
    this.js = js;
  }

  void register(Map<String, Endpoint> routes) {
    routes.put("STREAM.MSG.GET.*", new Endpoint(GET, Answer.NO_TAIL, this::get));
    routes.put("STREAM.MSG.DELETE.*", new Endpoint(DELETE, Answer.NO_TAIL, this::delete));
    routes.put("STREAM.PURGE.*", new Endpoint(PURGE, g -> g.writeNumberField("purged", 0), this::purge));
  }

  private Answer get(List<String> tokens, String subject, String reply, byte[] body) {
    if (Request.isEmpty(body)) {
      throw JsError.BAD_REQUEST.error().exception();
    }
    JsonNode req = Request.object(body);
    long seq = JsonReader.uint64(req, "seq");
    String last = JsonReader.string(req, "last_by_subj");
    String next = JsonReader.string(req, "next_by_subj");
    if (seq > 0 && !last.isEmpty() || seq == 0 && last.isEmpty() && next.isEmpty()
        || !last.isEmpty() && !next.isEmpty()) {
      throw JsError.BAD_REQUEST.error().exception();
    }
    Stream stream = js.require(tokens.get(3));
    StoredMessage m = stream.get(new MessageGetRequest(seq, last, next));
    return Answer.ok(GET, g -> {
      g.writeObjectFieldStart("message");
      g.writeStringField("subject", m.subject());
      g.writeNumberField("seq", m.seq());
      if (m.headers() != null && m.headers().length > 0) {
        g.writeStringField("hdrs", Base64.getEncoder().encodeToString(m.headers()));
      }
      if (m.data() != null && m.data().length > 0) {
        g.writeStringField("data", Base64.getEncoder().encodeToString(m.data()));
      }
      g.writeStringField("time", Rfc3339.format(m.timestampNanos()));
      g.writeEndObject();
    });
  }

  private Answer delete(List<String> tokens, String subject, String reply, byte[] body) {
    if (Request.isEmpty(body)) {
      throw JsError.BAD_REQUEST.error().exception();
    }
    JsonNode req = Request.object(body);
    long seq = JsonReader.uint64(req, "seq");
    JsonReader.bool(req, "no_erase");
    Stream stream = js.require(tokens.get(3));
    refuseOutsideFileStore(stream, seq);
    stream.removeMessage(seq);
    return Answer.ok(DELETE, g -> g.writeBooleanField("success", true));
  }

  /**
   * A file store has no block for sequence 0 nor for one past its last: nats-server answers those
   * with 10057 and the store's error rather than 10043.
   */
  private static void refuseOutsideFileStore(Stream stream, long seq) {
    StreamConfig cfg = stream.config();
    if (cfg.storage() != StorageType.FILE || cfg.sealed() || cfg.denyDelete()) {
      return;
    }
    if (seq == 0) {
      throw JsError.STREAM_MSG_DELETE_FAILED.withError("no message found").exception();
    }
    if (seq > stream.state().lastSeq()) {
      throw JsError.STREAM_MSG_DELETE_FAILED.withError("stream store EOF").exception();
    }
  }

  private Answer purge(List<String> tokens, String subject, String reply, byte[] body) {
    JsonNode req = Request.objectOrNull(body);
    long seq = req == null ? 0 : JsonReader.uint64(req, "seq");
    String filter = req == null ? "" : JsonReader.string(req, "filter");
    long keep = req == null ? 0 : JsonReader.uint64(req, "keep");
    if (seq > 0 && keep > 0) {
      throw JsError.BAD_REQUEST.error().exception();
    }
    Stream stream = js.require(tokens.get(2));
    long purged = stream.purge(filter, seq, keep);
    return Answer.ok(PURGE, g -> {
      g.writeBooleanField("success", true);
      g.writeNumberField("purged", purged);
    });
  }
}
