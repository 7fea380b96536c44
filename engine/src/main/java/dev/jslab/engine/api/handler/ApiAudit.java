package dev.jslab.engine.api.handler;

import dev.jslab.engine.advisory.ApiAuditAdvisory;
import dev.jslab.engine.advisory.Nuid;
import dev.jslab.engine.message.Outbox;
import dev.jslab.engine.time.TimeSource;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Whether and how {@link JsApi} publishes the API audit advisory ({@link ApiAuditAdvisory}): as
 * nats-server, only while something subscribes to its subject, with ids from the node's seeded
 * random source.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class ApiAudit {
  private static final ApiAudit NONE = new ApiAudit();

  private final Predicate<String> interest;
  private final Nuid nuid;
  private final String cluster;

  private ApiAudit() {
    this.interest = subject -> false;
    this.nuid = null;
    this.cluster = "";
  }

  /**
   * @param interest whether a subject has subscribers (the host's interest predicate)
   * @param random the seeded source of advisory ids
   * @param cluster the cluster name the node reports, empty for a single server
   */
  public ApiAudit(Predicate<String> interest, RandomGenerator random, String cluster) {
    this.interest = Objects.requireNonNull(interest, "interest");
    this.nuid = new Nuid(Objects.requireNonNull(random, "random"));
    this.cluster = cluster == null ? "" : cluster;
  }

  /** No audit advisories. */
  public static ApiAudit none() {
    return NONE;
  }

  /** Publishes the advisory for one answered request, if anyone listens. */
  void answered(
      Outbox outbox,
      TimeSource clock,
      String server,
      String domain,
      String subject,
      byte[] request,
      byte[] response,
      long clientRttNanos) {
    if (nuid == null || !interest.test(ApiAuditAdvisory.SUBJECT)) {
      return;
    }
    outbox.send(
        ApiAuditAdvisory.of(
            nuid.next(),
            clock.nowNanos(),
            new ApiAuditAdvisory.Client(server, cluster, clientRttNanos),
            subject,
            request,
            response,
            domain));
  }
}
