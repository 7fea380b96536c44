package dev.jslab.engine.api.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.message.Headers;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.message.Outbox;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.MessageGetRequest;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.wire.JsonReader;
import dev.jslab.engine.wire.Rfc3339;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code DIRECT.GET.<stream>} (request in the body) and {@code DIRECT.GET.<stream>.<subject>}
 * (last message of the subject, empty body) as nats-server 2.10's stream answers them: the stored
 * message with its own headers plus {@code Nats-Stream}, {@code Nats-Subject}, {@code
 * Nats-Sequence} and {@code Nats-Time-Stamp}, or a bare status ({@code 404 Message Not Found},
 * {@code 408 Empty Request|Malformed Request|Bad Request}). Only a stream with {@code allow_direct}
 * answers; for any other, or a missing one, nothing does. Not counted as API requests.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class DirectGetHandler {
  private final JetStream js;
  private final Outbox outbox;

  DirectGetHandler(JetStream js, Outbox outbox) {
    this.js = js;
    this.outbox = outbox;
  }

  void register(Map<String, Endpoint> routes) {
    routes.put("DIRECT.GET.*", new Endpoint(null, Answer.NO_TAIL, this::byBody));
    routes.put("DIRECT.GET.*.>", new Endpoint(null, Answer.NO_TAIL, this::lastBySubject));
  }

  private Answer byBody(List<String> tokens, String subject, String reply, byte[] body) {
    Optional<Stream> stream = direct(tokens.get(2));
    if (stream.isEmpty() || reply == null || reply.isEmpty()) {
      return null;
    }
    if (body.length == 0) {
      status(reply, "408 Empty Request");
      return null;
    }
    long seq;
    String last;
    String next;
    try {
      JsonNode req = JsonReader.object(JsonReader.parse(body));
      seq = JsonReader.uint64(req, "seq");
      last = JsonReader.string(req, "last_by_subj");
      next = JsonReader.string(req, "next_by_subj");
    } catch (ApiException e) {
      status(reply, "408 Malformed Request");
      return null;
    }
    if (seq == 0 && last.isEmpty() && next.isEmpty()) {
      status(reply, "408 Empty Request");
    } else if (seq > 0 && !last.isEmpty() || !last.isEmpty() && !next.isEmpty()) {
      status(reply, "408 Bad Request");
    } else {
      send(stream.get(), new MessageGetRequest(seq, last, next), reply);
    }
    return null;
  }

  private Answer lastBySubject(List<String> tokens, String subject, String reply, byte[] body) {
    Optional<Stream> stream = direct(tokens.get(2));
    if (stream.isEmpty() || reply == null || reply.isEmpty()) {
      return null;
    }
    if (body.length != 0) {
      status(reply, "408 Bad Request");
      return null;
    }
    String key = String.join(".", tokens.subList(3, tokens.size()));
    send(stream.get(), MessageGetRequest.lastFor(key), reply);
    return null;
  }

  private Optional<Stream> direct(String name) {
    return js.stream(name).filter(s -> s.config().allowDirect());
  }

  private void send(Stream stream, MessageGetRequest request, String reply) {
    StoredMessage m;
    try {
      m = stream.get(request);
    } catch (ApiException e) {
      status(reply, "404 Message Not Found");
      return;
    }
    byte[] headers = Headers.append(m.headers(),
        "Nats-Stream", stream.name(),
        "Nats-Subject", m.subject(),
        "Nats-Sequence", Long.toString(m.seq()),
        "Nats-Time-Stamp", Rfc3339.format(m.timestampNanos()));
    outbox.send(new OutboundMessage(reply, null, headers, m.data()));
  }

  private void status(String reply, String status) {
    outbox.send(new OutboundMessage(reply, null, Headers.of(status), new byte[0]));
  }
}
