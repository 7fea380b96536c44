package dev.jslab.engine.consumer;

import dev.jslab.engine.advisory.AdvisoryHead;
import dev.jslab.engine.api.GoJsonEscapes;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.message.OutboundMessage;
import java.io.IOException;

/**
 * The advisories and metrics about consumers, on nats-server's subjects with nats-server's JSON
 * (fields in nats-server's order, Go's escaping, {@code domain} only when set): max deliveries,
 * terminated, nak'd, the ack sample, and the created/deleted action advisories for whoever creates
 * and deletes consumers.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConsumerAdvisories {
  public static final String CREATED_PREFIX = "$JS.EVENT.ADVISORY.CONSUMER.CREATED.";
  public static final String DELETED_PREFIX = "$JS.EVENT.ADVISORY.CONSUMER.DELETED.";
  public static final String MAX_DELIVERIES_PREFIX = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.";
  public static final String TERMINATED_PREFIX = "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.";
  public static final String NAKED_PREFIX = "$JS.EVENT.ADVISORY.CONSUMER.MSG_NAKED.";
  public static final String ACK_METRIC_PREFIX = "$JS.EVENT.METRIC.CONSUMER.ACK.";

  public static final String ACTION_TYPE = "io.nats.jetstream.advisory.v1.consumer_action";
  public static final String MAX_DELIVER_TYPE = "io.nats.jetstream.advisory.v1.max_deliver";
  public static final String TERMINATED_TYPE = "io.nats.jetstream.advisory.v1.terminated";
  public static final String NAK_TYPE = "io.nats.jetstream.advisory.v1.nak";
  public static final String ACK_METRIC_TYPE = "io.nats.jetstream.metric.v1.consumer_ack";

  private ConsumerAdvisories() {}

  /** Who, when and where: the envelope every advisory carries. */
  public record Envelope(String id, long timestampNanos, String stream, String consumer, String domain) {
    public Envelope {
      domain = domain == null ? "" : domain;
    }
  }

  /** {@code CONSUMER.CREATED}: {@code action} is {@code create}. */
  public static OutboundMessage created(Envelope e) {
    return action(CREATED_PREFIX, e, "create");
  }

  /** {@code CONSUMER.DELETED}: {@code action} is {@code delete}. */
  public static OutboundMessage deleted(Envelope e) {
    return action(DELETED_PREFIX, e, "delete");
  }

  private static OutboundMessage action(String prefix, Envelope e, String action) {
    byte[] json = write(g -> {
      head(g, ACTION_TYPE, e);
      g.writeStringField("action", action);
      domain(g, e);
    });
    return message(prefix, e, json);
  }

  /** {@code MAX_DELIVERIES}: a message reached {@code max_deliver}. */
  public static OutboundMessage maxDeliveries(Envelope e, long streamSeq, long deliveries) {
    byte[] json = write(g -> {
      head(g, MAX_DELIVER_TYPE, e);
      g.writeNumberField("stream_seq", streamSeq);
      g.writeNumberField("deliveries", deliveries);
      domain(g, e);
    });
    return message(MAX_DELIVERIES_PREFIX, e, json);
  }

  /** {@code MSG_TERMINATED}: {@code +TERM}, with its reason when one was given. */
  public static OutboundMessage terminated(
      Envelope e, long consumerSeq, long streamSeq, long deliveries, String reason) {
    byte[] json = write(g -> {
      head(g, TERMINATED_TYPE, e);
      g.writeNumberField("consumer_seq", consumerSeq);
      g.writeNumberField("stream_seq", streamSeq);
      g.writeNumberField("deliveries", deliveries);
      if (reason != null && !reason.isEmpty()) {
        g.writeStringField("reason", reason);
      }
      domain(g, e);
    });
    return message(TERMINATED_PREFIX, e, json);
  }

  /** {@code MSG_NAKED}: a {@code -NAK}. */
  public static OutboundMessage naked(
      Envelope e, long consumerSeq, long streamSeq, long deliveries) {
    byte[] json = write(g -> {
      head(g, NAK_TYPE, e);
      g.writeNumberField("consumer_seq", consumerSeq);
      g.writeNumberField("stream_seq", streamSeq);
      g.writeNumberField("deliveries", deliveries);
      domain(g, e);
    });
    return message(NAKED_PREFIX, e, json);
  }

  /** The sampled ack metric: how long the ack took after the delivery. */
  public static OutboundMessage ackMetric(
      Envelope e, long consumerSeq, long streamSeq, long ackTimeNanos, long deliveries) {
    byte[] json = write(g -> {
      head(g, ACK_METRIC_TYPE, e);
      g.writeNumberField("consumer_seq", consumerSeq);
      g.writeNumberField("stream_seq", streamSeq);
      g.writeNumberField("ack_time", ackTimeNanos);
      g.writeNumberField("deliveries", deliveries);
      domain(g, e);
    });
    return message(ACK_METRIC_PREFIX, e, json);
  }

  private static void head(JsonGenerator g, String type, Envelope e) throws IOException {
    AdvisoryHead.write(g, type, e.id(), e.timestampNanos());
    g.writeStringField("stream", e.stream());
    g.writeStringField("consumer", e.consumer());
  }

  private static void domain(JsonGenerator g, Envelope e) throws IOException {
    if (!e.domain().isEmpty()) {
      g.writeStringField("domain", e.domain());
    }
  }

  private static OutboundMessage message(String prefix, Envelope e, byte[] json) {
    return new OutboundMessage(prefix + e.stream() + "." + e.consumer(), null, null, json);
  }

  private static byte[] write(Json.Writer body) {
    return Json.write(g -> {
      g.setCharacterEscapes(GoJsonEscapes.INSTANCE);
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    });
  }
}
