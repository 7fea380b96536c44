package dev.jslab.engine.consumer;

import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.stream.RetentionPolicy;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.stream.StreamConfigCheck;
import dev.jslab.engine.subject.Subjects;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Fills a consumer configuration's defaults and validates it exactly as nats-server 2.10 does on
 * create and on update ({@code setConsumerConfigDefaults}, {@code checkConsumerCfg}, the checks of
 * {@code addConsumerWithAction} and {@code checkNewConsumerConfig}), answering with nats-server's
 * error codes and texts. Stream-dependent checks take the stream's configuration and the other
 * consumers as parameters.
 *
 * <p>2.10 no longer requires a filter to be a subset of the stream's subjects (2.9 answered
 * 10093), so a filter outside the stream is accepted here.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConsumerConfigCheck {
  /** {@code JsAckWaitDefault}: 30 s. */
  public static final long DEFAULT_ACK_WAIT_NANOS = 30_000_000_000L;
  /** {@code JsDeleteWaitTimeDefault}: ephemerals go after 5 s without interest. */
  public static final long DEFAULT_INACTIVE_THRESHOLD_NANOS = 5_000_000_000L;
  /** {@code JsDefaultMaxAckPending}. */
  public static final int DEFAULT_MAX_ACK_PENDING = 1000;
  /** {@code JSWaitQueueDefaultMax}: pull requests waiting at once. */
  public static final int DEFAULT_MAX_WAITING = 512;
  /** {@code JSMaxDescriptionLen}. */
  public static final int MAX_DESCRIPTION_LENGTH = 4 * 1024;
  /** {@code JSMaxMetadataLen}. */
  public static final int MAX_METADATA_LENGTH = 128 * 1024;
  /** {@code JSMaxNameLen}. */
  public static final int MAX_NAME_LENGTH = 255;

  private static final long MILLI = 1_000_000L;

  private ConsumerConfigCheck() {}

  /** What a create request leads to. */
  public sealed interface Decision {
    /** The name of the consumer created or updated. */
    String name();

    /** The configuration to use, defaults filled in. */
    ConsumerConfig config();
  }

  /** A new consumer named {@code name} with {@code config}. */
  public record Create(String name, ConsumerConfig config) implements Decision {}

  /** The existing consumer {@code name} takes {@code config} (possibly unchanged). */
  public record Update(String name, ConsumerConfig config) implements Decision {}

  /** {@code config} with nats-server's defaults filled in ({@code setConsumerConfigDefaults}). */
  public static ConsumerConfig withDefaults(
      ConsumerConfig config, StreamConfig stream, ConsumerCheckLimits limits) {
    ConsumerConfig.Builder b = config.toBuilder();
    int maxWaiting = config.maxWaiting();
    if (config.isPull() && maxWaiting == 0) {
      maxWaiting = DEFAULT_MAX_WAITING;
    }
    long ackWait = config.ackWaitNanos();
    if (ackWait == 0 && config.ackPolicy().tracksAcks()) {
      ackWait = DEFAULT_ACK_WAIT_NANOS;
    }
    int maxDeliver = config.maxDeliver() == 0 ? -1 : config.maxDeliver();
    if (!config.backoffNanos().isEmpty()) {
      ackWait = config.backoffNanos().get(0);
    }
    int maxAckPending = config.maxAckPending();
    if (maxAckPending == 0) {
      maxAckPending = (int) stream.consumerLimits().maxAckPending();
    }
    long inactive = config.inactiveThresholdNanos();
    if (inactive == 0) {
      inactive = stream.consumerLimits().inactiveThresholdNanos();
    }
    if (config.ackPolicy().tracksAcks() && maxAckPending == 0) {
      int pending = DEFAULT_MAX_ACK_PENDING;
      if (limits.serverMaxAckPending() > 0 && limits.serverMaxAckPending() < pending) {
        pending = limits.serverMaxAckPending();
      }
      if (limits.accountMaxAckPending() > 0 && limits.accountMaxAckPending() < pending) {
        pending = limits.accountMaxAckPending();
      }
      maxAckPending = pending;
    }
    int maxBatch = config.maxRequestBatch();
    if (config.isPull() && maxBatch == 0 && limits.serverMaxRequestBatch() > 0) {
      maxBatch = limits.serverMaxRequestBatch();
    }
    return b.maxWaiting(maxWaiting)
        .ackWaitNanos(ackWait)
        .maxDeliver(maxDeliver)
        .maxAckPending(maxAckPending)
        .inactiveThresholdNanos(inactive)
        .maxRequestBatch(maxBatch)
        .build();
  }

  /**
   * Validates a configuration whose defaults are filled ({@code checkConsumerCfg}).
   *
   * @throws ApiException with nats-server's code when it is not acceptable
   */
  public static void validate(ConsumerConfig c, StreamConfig stream, ConsumerCheckLimits limits) {
    if (c.replicas() > 0 && c.replicas() > stream.replicas()) {
      throw JsError.CONSUMER_REPLICAS_EXCEEDS_STREAM.error().exception();
    }
    if (c.replicas() < 0) {
      throw JsError.REPLICAS_COUNT_CANNOT_BE_NEGATIVE.error().exception();
    }
    if (stream.retention() != RetentionPolicy.LIMITS
        && c.replicas() != 0
        && c.replicas() != stream.replicas()) {
      throw JsError.CONSUMER_REPLICAS_SHOULD_MATCH_STREAM.error().exception();
    }
    int backoffs = c.backoffNanos().size();
    if (backoffs > 0 && c.maxDeliver() != -1 && backoffs > c.maxDeliver()) {
      throw JsError.CONSUMER_MAX_DELIVER_BACKOFF.error().exception();
    }
    if (c.description().length() > MAX_DESCRIPTION_LENGTH) {
      throw JsError.CONSUMER_DESCRIPTION_TOO_LONG
          .with("max", Integer.toString(MAX_DESCRIPTION_LENGTH))
          .exception();
    }
    if (c.isPush()) {
      checkPush(c, stream);
    } else {
      checkPull(c, stream, limits);
    }
    checkPendingLimits(c, stream, limits);
    if (c.direct()) {
      if (c.isPull()) {
        throw JsError.CONSUMER_DIRECT_REQUIRES_PUSH.error().exception();
      }
      if (c.isDurable()) {
        throw JsError.CONSUMER_DIRECT_REQUIRES_EPHEMERAL.error().exception();
      }
    }
    checkFilters(c);
    checkStartPosition(c);
    if (!c.sampleFrequency().isEmpty()) {
      String s = c.sampleFrequency();
      if (s.endsWith("%")) {
        s = s.substring(0, s.length() - 1);
      }
      String problem = GoStrings.atoiError(s);
      if (problem != null || Long.parseLong(s.startsWith("+") ? s.substring(1) : s) < 0) {
        throw JsError.CONSUMER_INVALID_SAMPLING
            .with("err", problem == null ? "<nil>" : problem)
            .exception();
      }
    }
    if (c.flowControl() && c.idleHeartbeatNanos() == 0) {
      throw JsError.CONSUMER_WITH_FLOW_CONTROL_NEEDS_HEARTBEATS.error().exception();
    }
    if (!c.durable().isEmpty() && !c.name().isEmpty() && !c.name().equals(c.durable())) {
      throw JsError.CONSUMER_CREATE_DURABLE_AND_NAME_MISMATCH.error().exception();
    }
    long metadataLength = 0;
    for (Map.Entry<String, String> e : c.metadata().entrySet()) {
      metadataLength += e.getKey().length() + e.getValue().length();
    }
    if (metadataLength > MAX_METADATA_LENGTH) {
      throw JsError.CONSUMER_METADATA_LENGTH
          .with("limit", (MAX_METADATA_LENGTH / 1024) + "KB")
          .exception();
    }
  }

  private static void checkPush(ConsumerConfig c, StreamConfig stream) {
    String deliver = c.deliverSubject();
    if (!Subjects.isLiteral(deliver)) {
      throw JsError.CONSUMER_DELIVER_TO_WILDCARDS.error().exception();
    }
    if (!Subjects.isValid(deliver)) {
      throw JsError.CONSUMER_INVALID_DELIVER_SUBJECT.error().exception();
    }
    if (deliveryFormsCycle(stream, deliver)) {
      throw JsError.CONSUMER_DELIVER_CYCLE.error().exception();
    }
    if (c.maxWaiting() != 0) {
      throw JsError.CONSUMER_PUSH_MAX_WAITING.error().exception();
    }
    if (c.maxAckPending() > 0 && c.ackPolicy() == AckPolicy.NONE) {
      throw JsError.CONSUMER_MAX_PENDING_ACK_POLICY_REQUIRED.error().exception();
    }
    if (c.idleHeartbeatNanos() > 0 && c.idleHeartbeatNanos() < 100 * MILLI) {
      throw JsError.CONSUMER_SMALL_HEARTBEAT.error().exception();
    }
  }

  private static void checkPull(ConsumerConfig c, StreamConfig stream, ConsumerCheckLimits limits) {
    if (c.ackPolicy() == AckPolicy.NONE && stream.retention() == RetentionPolicy.WORK_QUEUE) {
      throw JsError.CONSUMER_PULL_REQUIRES_ACK.error().exception();
    }
    if (c.rateLimitBps() > 0) {
      throw JsError.CONSUMER_PULL_WITH_RATE_LIMIT.error().exception();
    }
    if (c.maxWaiting() < 0) {
      throw JsError.CONSUMER_MAX_WAITING_NEGATIVE.error().exception();
    }
    if (c.idleHeartbeatNanos() > 0) {
      throw JsError.CONSUMER_HB_REQUIRES_PUSH.error().exception();
    }
    if (c.flowControl()) {
      throw JsError.CONSUMER_FC_REQUIRES_PUSH.error().exception();
    }
    if (c.maxRequestBatch() < 0) {
      throw JsError.CONSUMER_MAX_REQUEST_BATCH_NEGATIVE.error().exception();
    }
    if (c.maxRequestExpiresNanos() != 0 && c.maxRequestExpiresNanos() < MILLI) {
      throw JsError.CONSUMER_MAX_REQUEST_EXPIRES_TO_SMALL.error().exception();
    }
    if (limits.serverMaxRequestBatch() > 0 && c.maxRequestBatch() > limits.serverMaxRequestBatch()) {
      throw JsError.CONSUMER_MAX_REQUEST_BATCH_EXCEEDED
          .with("limit", Integer.toString(limits.serverMaxRequestBatch()))
          .exception();
    }
  }

  private static void checkPendingLimits(
      ConsumerConfig c, StreamConfig stream, ConsumerCheckLimits limits) {
    if (limits.serverMaxAckPending() > 0 && c.maxAckPending() > limits.serverMaxAckPending()) {
      throw excessAckPending(limits.serverMaxAckPending());
    }
    if (limits.accountMaxAckPending() > 0 && c.maxAckPending() > limits.accountMaxAckPending()) {
      throw excessAckPending(limits.accountMaxAckPending());
    }
    long streamMax = stream.consumerLimits().maxAckPending();
    if (streamMax > 0 && c.maxAckPending() > streamMax) {
      throw excessAckPending(streamMax);
    }
    long streamInactive = stream.consumerLimits().inactiveThresholdNanos();
    if (streamInactive > 0 && c.inactiveThresholdNanos() > streamInactive) {
      throw JsError.CONSUMER_INACTIVE_THRESHOLD_EXCESS
          .with("limit", GoDurations.format(streamInactive))
          .exception();
    }
  }

  private static ApiException excessAckPending(long limit) {
    return JsError.CONSUMER_MAX_PENDING_ACK_EXCESS.with("limit", Long.toString(limit)).exception();
  }

  private static void checkFilters(ConsumerConfig c) {
    if (!c.filterSubject().isEmpty() && !c.filterSubjects().isEmpty()) {
      throw JsError.CONSUMER_DUPLICATE_FILTER_SUBJECTS.error().exception();
    }
    if (!c.filterSubject().isEmpty() && !Subjects.isValid(c.filterSubject())) {
      throw badSubject();
    }
    for (String f : c.filterSubjects()) {
      if (f.isEmpty()) {
        throw JsError.CONSUMER_EMPTY_FILTER.error().exception();
      }
    }
    List<String> filters = c.filters();
    for (int i = 0; i < filters.size(); i++) {
      if (!Subjects.isValid(filters.get(i))) {
        throw badSubject();
      }
      for (int j = 0; j < filters.size(); j++) {
        if (i != j && Subjects.collide(filters.get(i), filters.get(j))) {
          throw JsError.CONSUMER_OVERLAPPING_SUBJECT_FILTERS.error().exception();
        }
      }
    }
  }

  private static ApiException badSubject() {
    return JsError.STREAM_INVALID_CONFIG.withError("invalid subject").exception();
  }

  private static void checkStartPosition(ConsumerConfig c) {
    boolean seq = c.optStartSeq() > 0;
    boolean time = c.optStartTime() != null;
    switch (c.deliverPolicy()) {
      case ALL -> rejectStart("all", seq, time);
      case LAST -> rejectStart("last", seq, time);
      case LAST_PER_SUBJECT -> {
        rejectStart("last per subject", seq, time);
        if (c.filterSubject().isEmpty() && c.filterSubjects().isEmpty()) {
          throw notSet("last per subject", "filter subject");
        }
      }
      case NEW -> rejectStart("new", seq, time);
      case BY_START_SEQUENCE -> {
        if (!seq) {
          throw notSet("by start sequence", "start sequence");
        }
        if (time) {
          throw badStart("by start sequence", "time");
        }
      }
      case BY_START_TIME -> {
        if (!time) {
          throw notSet("by start time", "start time");
        }
        if (c.optStartSeq() != 0) {
          throw badStart("by start time", "start sequence");
        }
      }
    }
  }

  private static void rejectStart(String policy, boolean seq, boolean time) {
    if (seq) {
      throw badStart(policy, "sequence");
    }
    if (time) {
      throw badStart(policy, "time");
    }
  }

  private static ApiException badStart(String policy, String start) {
    return JsError.CONSUMER_INVALID_POLICY
        .withError(
            "consumer delivery policy is deliver " + policy + ", but optional start " + start
                + " is also set")
        .exception();
  }

  private static ApiException notSet(String policy, String what) {
    return JsError.CONSUMER_INVALID_POLICY
        .withError(
            "consumer delivery policy is deliver " + policy + ", but optional " + what
                + " is not set")
        .exception();
  }

  /** True when {@code deliverSubject} lies inside the stream's subjects (nats-server's cycle check). */
  public static boolean deliveryFormsCycle(StreamConfig stream, String deliverSubject) {
    for (String s : stream.subjects()) {
      if (Subjects.isSubsetOf(deliverSubject, s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The checks of an update ({@code checkNewConsumerConfig}): which fields may change.
   *
   * @param currentDeliverSubjectHasInterest whether the current deliver subject has subscribers
   * @throws ApiException 10012 with nats-server's text, 10013 (deliver subject still in use) or
   *     10116
   */
  public static void checkUpdate(
      ConsumerConfig current, ConsumerConfig updated, boolean currentDeliverSubjectHasInterest) {
    if (current.equals(updated)) {
      return;
    }
    if (current.deliverPolicy() != updated.deliverPolicy()) {
      throw notUpdatable("deliver policy can not be updated");
    }
    if (current.optStartSeq() != updated.optStartSeq()) {
      throw notUpdatable("start sequence can not be updated");
    }
    if (current.optStartTime() != null && updated.optStartTime() != null) {
      if (!current.optStartTime().equals(updated.optStartTime())) {
        throw notUpdatable("start time can not be updated");
      }
    } else if (current.optStartTime() != null || updated.optStartTime() != null) {
      throw notUpdatable("start time can not be updated");
    }
    if (current.ackPolicy() != updated.ackPolicy()) {
      throw notUpdatable("ack policy can not be updated");
    }
    if (current.replayPolicy() != updated.replayPolicy()) {
      throw notUpdatable("replay policy can not be updated");
    }
    if (current.idleHeartbeatNanos() != updated.idleHeartbeatNanos()) {
      throw notUpdatable("heart beats can not be updated");
    }
    if (current.flowControl() != updated.flowControl()) {
      throw notUpdatable("flow control can not be updated");
    }
    if (!current.deliverSubject().equals(updated.deliverSubject())) {
      if (current.deliverSubject().isEmpty()) {
        throw notUpdatable("can not update pull consumer to push based");
      }
      if (updated.deliverSubject().isEmpty()) {
        throw notUpdatable("can not update push consumer to pull based");
      }
      if (currentDeliverSubjectHasInterest) {
        throw JsError.CONSUMER_NAME_EXIST.error().exception();
      }
    }
    if (current.maxWaiting() != updated.maxWaiting()) {
      throw notUpdatable("max waiting can not be updated");
    }
    int backoffs = updated.backoffNanos().size();
    if (backoffs > 0 && updated.maxDeliver() != -1 && backoffs > updated.maxDeliver()) {
      throw JsError.CONSUMER_MAX_DELIVER_BACKOFF.error().exception();
    }
  }

  private static ApiException notUpdatable(String text) {
    return JsError.CONSUMER_CREATE.withError(text).exception();
  }

  /**
   * The whole create path of nats-server's {@code addConsumerWithAction}: defaults, validation,
   * create-or-update per {@code action}, the stream's consumer limit, work-queue rules and the
   * name rules.
   *
   * @param existing the stream's consumers by name, each with its current configuration
   * @param hasInterest whether a subject has subscribers (for a changed deliver subject)
   * @param ephemeralNames gives server-chosen names for consumers without one
   * @throws ApiException with nats-server's code when the request is refused
   */
  public static Decision checkCreate(
      ConsumerConfig requested,
      ConsumerAction action,
      StreamConfig stream,
      Map<String, ConsumerConfig> existing,
      ConsumerCheckLimits limits,
      Predicate<String> hasInterest,
      Supplier<String> ephemeralNames) {
    if (requested == null) {
      throw JsError.CONSUMER_CONFIG_REQUIRED.error().exception();
    }
    ConsumerConfig config = withDefaults(requested, stream, limits);
    validate(config, stream, limits);
    String name = config.isDurable() ? config.durable() : config.name();
    if (!name.isEmpty() && existing.containsKey(name)) {
      ConsumerConfig current = existing.get(name);
      if (action == ConsumerAction.CREATE && !config.equals(current)) {
        throw JsError.CONSUMER_ALREADY_EXISTS.error().exception();
      }
      if (stream.retention() == RetentionPolicy.WORK_QUEUE
          && !partitionUnique(name, config.filters(), existing)) {
        throw JsError.CONSUMER_WQ_CONSUMER_NOT_UNIQUE.error().exception();
      }
      checkUpdate(current, config, hasInterest.test(current.deliverSubject()));
      return new Update(name, config);
    }
    if (action == ConsumerAction.UPDATE) {
      throw JsError.CONSUMER_DOES_NOT_EXIST.error().exception();
    }
    int maxConsumers = stream.maxConsumers();
    if (maxConsumers <= 0
        || (limits.accountMaxConsumers() > 0 && limits.accountMaxConsumers() < maxConsumers)) {
      maxConsumers = limits.accountMaxConsumers();
    }
    long publicConsumers = existing.values().stream().filter(c -> !c.direct()).count();
    if (maxConsumers > 0 && publicConsumers >= maxConsumers) {
      throw JsError.MAXIMUM_CONSUMERS_LIMIT.error().exception();
    }
    if (stream.retention() == RetentionPolicy.WORK_QUEUE && !config.direct()) {
      checkWorkQueue(name, config, existing);
    }
    if (config.isDurable()) {
      if (config.durable().length() > MAX_NAME_LENGTH) {
        throw JsError.CONSUMER_NAME_TOO_LONG
            .with("max", Integer.toString(MAX_NAME_LENGTH))
            .exception();
      }
    } else if (name.isEmpty()) {
      do {
        name = ephemeralNames.get();
      } while (existing.containsKey(name));
      config = config.toBuilder().name(name).build();
    }
    if (!StreamConfigCheck.isValidName(name)) {
      throw JsError.CONSUMER_BAD_DURABLE_NAME.error().exception();
    }
    return new Create(name, config);
  }

  private static void checkWorkQueue(
      String name, ConsumerConfig config, Map<String, ConsumerConfig> existing) {
    if (config.ackPolicy() != AckPolicy.EXPLICIT) {
      throw JsError.CONSUMER_WQ_REQUIRES_EXPLICIT_ACK.error().exception();
    }
    if (!existing.isEmpty()) {
      List<String> subjects = config.filters();
      if (subjects.isEmpty()) {
        throw JsError.CONSUMER_WQ_MULTIPLE_UNFILTERED.error().exception();
      }
      if (!partitionUnique(name, subjects, existing)) {
        throw JsError.CONSUMER_WQ_CONSUMER_NOT_UNIQUE.error().exception();
      }
    }
    if (config.deliverPolicy() != DeliverPolicy.ALL) {
      throw JsError.CONSUMER_WQ_CONSUMER_NOT_DELIVER_ALL.error().exception();
    }
  }

  /** nats-server's {@code partitionUnique}: no other consumer's filters collide with these. */
  static boolean partitionUnique(
      String name, List<String> partitions, Map<String, ConsumerConfig> existing) {
    for (String partition : partitions) {
      for (Map.Entry<String, ConsumerConfig> e : existing.entrySet()) {
        if (e.getKey().equals(name)) {
          continue;
        }
        List<String> filters = e.getValue().filters();
        if (filters.isEmpty()) {
          return false;
        }
        for (String f : filters) {
          if (Subjects.collide(partition, f)) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
