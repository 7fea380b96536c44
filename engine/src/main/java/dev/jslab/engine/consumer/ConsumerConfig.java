package dev.jslab.engine.consumer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A consumer's configuration: the 2.10 field set of nats-server's {@code ConsumerConfig}, one
 * component per JSON field, in nats-server's order. Durations are nanoseconds; absent strings are
 * empty; {@code optStartTime} is null when unset. Zero values mean what nats-server's zero values
 * mean ({@code ack_policy} none, {@code max_deliver} 0 = filled in as -1, …). Immutable; build one
 * with {@link #builder()} or change one with {@link #toBuilder()}. {@link ConsumerConfigCheck}
 * fills defaults and validates as nats-server does.
 *
 * @param durable {@code durable_name}
 * @param name {@code name}
 * @param description {@code description}
 * @param deliverPolicy {@code deliver_policy}
 * @param optStartSeq {@code opt_start_seq}, 0 when unset
 * @param optStartTime {@code opt_start_time}, null when unset
 * @param ackPolicy {@code ack_policy}
 * @param ackWaitNanos {@code ack_wait}
 * @param maxDeliver {@code max_deliver}, -1 for unlimited
 * @param backoffNanos {@code backoff}, redelivery delays per attempt
 * @param filterSubject {@code filter_subject}
 * @param filterSubjects {@code filter_subjects}
 * @param replayPolicy {@code replay_policy}
 * @param rateLimitBps {@code rate_limit_bps}, bits per second
 * @param sampleFrequency {@code sample_freq}, e.g. {@code "100%"}
 * @param maxWaiting {@code max_waiting}
 * @param maxAckPending {@code max_ack_pending}
 * @param idleHeartbeatNanos {@code idle_heartbeat}
 * @param flowControl {@code flow_control}
 * @param headersOnly {@code headers_only}
 * @param maxRequestBatch {@code max_batch}
 * @param maxRequestExpiresNanos {@code max_expires}
 * @param maxRequestMaxBytes {@code max_bytes} (the pull request cap)
 * @param deliverSubject {@code deliver_subject}; empty for a pull consumer
 * @param deliverGroup {@code deliver_group}
 * @param inactiveThresholdNanos {@code inactive_threshold}
 * @param replicas {@code num_replicas}, 0 to inherit the stream's
 * @param memoryStorage {@code mem_storage}
 * @param direct {@code direct} (internal, used by sourcing)
 * @param metadata {@code metadata}
 */
public record ConsumerConfig(
    String durable,
    String name,
    String description,
    DeliverPolicy deliverPolicy,
    long optStartSeq,
    Instant optStartTime,
    AckPolicy ackPolicy,
    long ackWaitNanos,
    int maxDeliver,
    List<Long> backoffNanos,
    String filterSubject,
    List<String> filterSubjects,
    ReplayPolicy replayPolicy,
    long rateLimitBps,
    String sampleFrequency,
    int maxWaiting,
    int maxAckPending,
    long idleHeartbeatNanos,
    boolean flowControl,
    boolean headersOnly,
    int maxRequestBatch,
    long maxRequestExpiresNanos,
    long maxRequestMaxBytes,
    String deliverSubject,
    String deliverGroup,
    long inactiveThresholdNanos,
    int replicas,
    boolean memoryStorage,
    boolean direct,
    Map<String, String> metadata) {

  public ConsumerConfig {
    durable = durable == null ? "" : durable;
    name = name == null ? "" : name;
    description = description == null ? "" : description;
    deliverPolicy = deliverPolicy == null ? DeliverPolicy.ALL : deliverPolicy;
    ackPolicy = ackPolicy == null ? AckPolicy.NONE : ackPolicy;
    backoffNanos = backoffNanos == null ? List.of() : List.copyOf(backoffNanos);
    filterSubject = filterSubject == null ? "" : filterSubject;
    filterSubjects = filterSubjects == null ? List.of() : List.copyOf(filterSubjects);
    replayPolicy = replayPolicy == null ? ReplayPolicy.INSTANT : replayPolicy;
    sampleFrequency = sampleFrequency == null ? "" : sampleFrequency;
    deliverSubject = deliverSubject == null ? "" : deliverSubject;
    deliverGroup = deliverGroup == null ? "" : deliverGroup;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A configuration with every field at its zero value. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** True when {@code durable_name} is set. */
  public boolean isDurable() {
    return !durable.isEmpty();
  }

  /** True when the consumer pushes to a deliver subject. */
  public boolean isPush() {
    return !deliverSubject.isEmpty();
  }

  /** True when the consumer is pulled from ({@code $JS.API.CONSUMER.MSG.NEXT}). */
  public boolean isPull() {
    return deliverSubject.isEmpty();
  }

  /** The filters in use: {@code filter_subject} alone, or {@code filter_subjects}, or none. */
  public List<String> filters() {
    if (!filterSubject.isEmpty()) {
      return List.of(filterSubject);
    }
    return filterSubjects;
  }

  /** Builds {@link ConsumerConfig}s. Not thread-safe. */
  public static final class Builder {
    private String durable = "";
    private String name = "";
    private String description = "";
    private DeliverPolicy deliverPolicy = DeliverPolicy.ALL;
    private long optStartSeq;
    private Instant optStartTime;
    private AckPolicy ackPolicy = AckPolicy.NONE;
    private long ackWaitNanos;
    private int maxDeliver;
    private List<Long> backoffNanos = List.of();
    private String filterSubject = "";
    private List<String> filterSubjects = List.of();
    private ReplayPolicy replayPolicy = ReplayPolicy.INSTANT;
    private long rateLimitBps;
    private String sampleFrequency = "";
    private int maxWaiting;
    private int maxAckPending;
    private long idleHeartbeatNanos;
    private boolean flowControl;
    private boolean headersOnly;
    private int maxRequestBatch;
    private long maxRequestExpiresNanos;
    private long maxRequestMaxBytes;
    private String deliverSubject = "";
    private String deliverGroup = "";
    private long inactiveThresholdNanos;
    private int replicas;
    private boolean memoryStorage;
    private boolean direct;
    private Map<String, String> metadata = Map.of();

    private Builder() {}

    private Builder(ConsumerConfig c) {
      durable = c.durable;
      name = c.name;
      description = c.description;
      deliverPolicy = c.deliverPolicy;
      optStartSeq = c.optStartSeq;
      optStartTime = c.optStartTime;
      ackPolicy = c.ackPolicy;
      ackWaitNanos = c.ackWaitNanos;
      maxDeliver = c.maxDeliver;
      backoffNanos = c.backoffNanos;
      filterSubject = c.filterSubject;
      filterSubjects = c.filterSubjects;
      replayPolicy = c.replayPolicy;
      rateLimitBps = c.rateLimitBps;
      sampleFrequency = c.sampleFrequency;
      maxWaiting = c.maxWaiting;
      maxAckPending = c.maxAckPending;
      idleHeartbeatNanos = c.idleHeartbeatNanos;
      flowControl = c.flowControl;
      headersOnly = c.headersOnly;
      maxRequestBatch = c.maxRequestBatch;
      maxRequestExpiresNanos = c.maxRequestExpiresNanos;
      maxRequestMaxBytes = c.maxRequestMaxBytes;
      deliverSubject = c.deliverSubject;
      deliverGroup = c.deliverGroup;
      inactiveThresholdNanos = c.inactiveThresholdNanos;
      replicas = c.replicas;
      memoryStorage = c.memoryStorage;
      direct = c.direct;
      metadata = c.metadata;
    }

    public Builder durable(String v) { durable = v; return this; }
    public Builder name(String v) { name = v; return this; }
    public Builder description(String v) { description = v; return this; }
    public Builder deliverPolicy(DeliverPolicy v) { deliverPolicy = v; return this; }
    public Builder optStartSeq(long v) { optStartSeq = v; return this; }
    public Builder optStartTime(Instant v) { optStartTime = v; return this; }
    public Builder ackPolicy(AckPolicy v) { ackPolicy = v; return this; }
    public Builder ackWaitNanos(long v) { ackWaitNanos = v; return this; }
    public Builder maxDeliver(int v) { maxDeliver = v; return this; }
    public Builder backoffNanos(List<Long> v) { backoffNanos = v; return this; }
    public Builder backoffNanos(Long... v) { backoffNanos = List.of(v); return this; }
    public Builder filterSubject(String v) { filterSubject = v; return this; }
    public Builder filterSubjects(List<String> v) { filterSubjects = v; return this; }
    public Builder filterSubjects(String... v) { filterSubjects = List.of(v); return this; }
    public Builder replayPolicy(ReplayPolicy v) { replayPolicy = v; return this; }
    public Builder rateLimitBps(long v) { rateLimitBps = v; return this; }
    public Builder sampleFrequency(String v) { sampleFrequency = v; return this; }
    public Builder maxWaiting(int v) { maxWaiting = v; return this; }
    public Builder maxAckPending(int v) { maxAckPending = v; return this; }
    public Builder idleHeartbeatNanos(long v) { idleHeartbeatNanos = v; return this; }
    public Builder flowControl(boolean v) { flowControl = v; return this; }
    public Builder headersOnly(boolean v) { headersOnly = v; return this; }
    public Builder maxRequestBatch(int v) { maxRequestBatch = v; return this; }
    public Builder maxRequestExpiresNanos(long v) { maxRequestExpiresNanos = v; return this; }
    public Builder maxRequestMaxBytes(long v) { maxRequestMaxBytes = v; return this; }
    public Builder deliverSubject(String v) { deliverSubject = v; return this; }
    public Builder deliverGroup(String v) { deliverGroup = v; return this; }
    public Builder inactiveThresholdNanos(long v) { inactiveThresholdNanos = v; return this; }
    public Builder replicas(int v) { replicas = v; return this; }
    public Builder memoryStorage(boolean v) { memoryStorage = v; return this; }
    public Builder direct(boolean v) { direct = v; return this; }
    public Builder metadata(Map<String, String> v) { metadata = v; return this; }

    public ConsumerConfig build() {
      return new ConsumerConfig(
          durable, name, description, deliverPolicy, optStartSeq, optStartTime, ackPolicy,
          ackWaitNanos, maxDeliver, backoffNanos, filterSubject, filterSubjects, replayPolicy,
          rateLimitBps, sampleFrequency, maxWaiting, maxAckPending, idleHeartbeatNanos,
          flowControl, headersOnly, maxRequestBatch, maxRequestExpiresNanos, maxRequestMaxBytes,
          deliverSubject, deliverGroup, inactiveThresholdNanos, replicas, memoryStorage, direct,
          Objects.requireNonNullElse(metadata, Map.of()));
    }
  }
}
