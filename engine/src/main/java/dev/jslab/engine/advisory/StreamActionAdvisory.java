package dev.jslab.engine.advisory;

import dev.jslab.engine.api.Json;
import dev.jslab.engine.message.OutboundMessage;

/**
 * The advisory nats-server publishes when a stream is created, updated or deleted: on {@code
 * $JS.EVENT.ADVISORY.STREAM.CREATED|UPDATED|DELETED.<stream>}, type {@code
 * io.nats.jetstream.advisory.v1.stream_action}, action {@code create|modify|delete}.
 *
 * <p>Stateless and thread-safe.
 */
public final class StreamActionAdvisory {
  public static final String TYPE = "io.nats.jetstream.advisory.v1.stream_action";

  /** What happened to the stream. */
  public enum Action {
    CREATE("create", "CREATED"),
    MODIFY("modify", "UPDATED"),
    DELETE("delete", "DELETED");

    private final String wireName;
    private final String subjectToken;

    Action(String wireName, String subjectToken) {
      this.wireName = wireName;
      this.subjectToken = subjectToken;
    }
  }

  private StreamActionAdvisory() {}

  /** The advisory message for {@code stream}. */
  public static OutboundMessage of(
      Action action, String stream, String template, String domain, String id, long timestampNanos) {
    byte[] body =
        Json.write(
            g -> {
              g.writeStartObject();
              AdvisoryHead.write(g, TYPE, id, timestampNanos);
              g.writeStringField("stream", stream);
              g.writeStringField("action", action.wireName);
              if (template != null && !template.isEmpty()) {
                g.writeStringField("template", template);
              }
              if (domain != null && !domain.isEmpty()) {
                g.writeStringField("domain", domain);
              }
              g.writeEndObject();
            });
    return new OutboundMessage(
        "$JS.EVENT.ADVISORY.STREAM." + action.subjectToken + "." + stream, null, null, body);
  }
}
