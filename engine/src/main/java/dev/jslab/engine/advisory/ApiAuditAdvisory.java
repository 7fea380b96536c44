package dev.jslab.engine.advisory;

import dev.jslab.engine.api.Json;
import dev.jslab.engine.message.OutboundMessage;
import java.nio.charset.StandardCharsets;

/**
 * The audit advisory nats-server publishes for each JetStream API request it answers: on {@code
 * $JS.EVENT.ADVISORY.API}, type {@code io.nats.jetstream.advisory.v1.api_audit}, with the request
 * and response bodies as strings and the requesting client as nats-server describes a client of
 * the global account ({@code acc}, then the server and cluster that took the request).
 *
 * <p>Stateless and thread-safe.
 */
public final class ApiAuditAdvisory {
  public static final String SUBJECT = "$JS.EVENT.ADVISORY.API";
  public static final String TYPE = "io.nats.jetstream.advisory.v1.api_audit";
  /** The account every client of a node belongs to: nats-server's global account. */
  public static final String GLOBAL_ACCOUNT = "$G";

  private ApiAuditAdvisory() {}

  /**
   * The requesting client as nats-server's {@code ClientInfo} shows it here.
   *
   * @param server the node's server name
   * @param cluster the cluster name, or empty for a single server
   * @param rttNanos the client's round trip ({@code rtt}, left out when 0)
   */
  public record Client(String server, String cluster, long rttNanos) {}

  /**
   * The advisory for one answered request.
   *
   * @param client the requesting client; its server is also the advisory's {@code server}
   * @param subject the request's subject, in its {@code $JS.API} form
   * @param request the request body (left out when empty, as nats-server's omitempty does)
   * @param response the answer sent, or that would have been sent without a reply subject
   * @param domain the JetStream domain, or empty
   */
  public static OutboundMessage of(
      String id,
      long timestampNanos,
      Client client,
      String subject,
      byte[] request,
      byte[] response,
      String domain) {
    byte[] body =
        Json.write(
            g -> {
              g.writeStartObject();
              AdvisoryHead.write(g, TYPE, id, timestampNanos);
              g.writeStringField("server", client.server());
              g.writeObjectFieldStart("client");
              g.writeStringField("acc", GLOBAL_ACCOUNT);
              if (client.rttNanos() > 0) {
                g.writeNumberField("rtt", client.rttNanos());
              }
              g.writeStringField("server", client.server());
              if (client.cluster() != null && !client.cluster().isEmpty()) {
                g.writeStringField("cluster", client.cluster());
              }
              g.writeEndObject();
              g.writeStringField("subject", subject);
              if (request != null && request.length > 0) {
                g.writeStringField("request", new String(request, StandardCharsets.UTF_8));
              }
              g.writeStringField("response", new String(response, StandardCharsets.UTF_8));
              if (domain != null && !domain.isEmpty()) {
                g.writeStringField("domain", domain);
              }
              g.writeEndObject();
            });
    return new OutboundMessage(SUBJECT, null, null, body);
  }
}
