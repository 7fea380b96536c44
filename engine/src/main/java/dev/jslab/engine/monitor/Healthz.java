package dev.jslab.engine.monitor;

import dev.jslab.engine.api.Json;
import dev.jslab.engine.jetstream.JetStream;
import java.util.List;

/**
 * {@code /healthz}: nats-server's health check of a single server, answered as its HTTP handler
 * does — {@code {"status":"ok"}} with 200, or the failure's status ({@code 400}, {@code 404},
 * {@code 503}) with {@code status} and {@code error} (or {@code errors} with {@code details}); the
 * status code itself is in the HTTP status line, not in the body.
 *
 * <p>Stateless; call on the node's executor (it reads live streams and consumers).
 */
final class Healthz {
  private Healthz() {}

  /** The request's options, as nats-server decodes them. */
  record Options(
      boolean jsEnabledOnly,
      boolean jsServerOnly,
      boolean details,
      String account,
      String stream,
      String consumer) {
    static Options from(MonitorQuery q) throws MonitorQuery.BadRequest {
      boolean jsEnabled = q.bool("js-enabled");
      boolean jsEnabledOnly = q.bool("js-enabled-only");
      boolean jsServerOnly = q.bool("js-server-only");
      boolean details = q.bool("details");
      return new Options(
          jsEnabled || jsEnabledOnly,
          jsServerOnly,
          details,
          q.get("account"),
          q.get("stream"),
          q.get("consumer"));
    }
  }

  private record Failure(int status, String state, String type, String error) {}

  static MonitorResponse answer(MonitorInput in, Options o) {
    Failure f = check(in.jetStream(), o);
    if (f == null) {
      return MonitorResponse.json(200, Json.write(g -> {
        g.writeStartObject();
        g.writeStringField("status", "ok");
        g.writeEndObject();
      }));
    }
    return MonitorResponse.json(f.status(), Json.write(g -> {
      g.writeStartObject();
      if (o.details()) {
        g.writeStringField("status", "error");
        g.writeArrayFieldStart("errors");
        g.writeStartObject();
        g.writeStringField("type", f.type());
        for (String[] field : List.of(
            new String[] {"account", o.account()},
            new String[] {"stream", o.stream()},
            new String[] {"consumer", o.consumer()})) {
          if (!field[1].isEmpty() && mentions(f.type(), field[0])) {
            g.writeStringField(field[0], field[1]);
          }
        }
        g.writeStringField("error", f.error());
        g.writeEndObject();
        g.writeEndArray();
      } else {
        g.writeStringField("status", f.state());
        g.writeStringField("error", f.error());
      }
      g.writeEndObject();
    }));
  }

  /** Which of account, stream, consumer an error of {@code type} names. */
  private static boolean mentions(String type, String field) {
    return switch (type) {
      case "ACCOUNT" -> field.equals("account");
      case "STREAM" -> !field.equals("consumer");
      case "CONSUMER" -> true;
      default -> false;
    };
  }

  private static Failure check(JetStream js, Options o) {
    if (o.account().isEmpty() && !o.stream().isEmpty()) {
      return new Failure(400, "error", "BAD_REQUEST",
          "\"account\" must not be empty when checking stream health");
    }
    if (o.stream().isEmpty() && !o.consumer().isEmpty()) {
      return new Failure(400, "error", "BAD_REQUEST",
          "\"stream\" must not be empty when checking consumer health");
    }
    if (js == null) {
      return new Failure(503, "unavailable", "JETSTREAM", "JetStream not enabled");
    }
    if (o.jsEnabledOnly()) {
      return null;
    }
    if (!o.account().isEmpty() && !o.account().equals(Jsz.ACCOUNT)) {
      return new Failure(404, "unavailable", "ACCOUNT",
          "JetStream account " + quote(o.account()) + " not found");
    }
    if (!o.stream().isEmpty() && js.stream(o.stream()).isEmpty()) {
      return new Failure(404, "unavailable", "STREAM",
          "JetStream stream " + quote(o.stream()) + " not found on account "
              + quote(o.account()));
    }
    if (!o.consumer().isEmpty() && js.consumer(o.stream(), o.consumer()).isEmpty()) {
      return new Failure(404, "unavailable", "CONSUMER",
          "JetStream consumer " + quote(o.consumer()) + " not found for stream "
              + quote(o.stream()) + " on account " + quote(o.account()));
    }
    return null;
  }

  /** Go's {@code %q} for the plain names the API accepts. */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
