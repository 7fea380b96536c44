package dev.jslab.engine.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.api.ApiError;
import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.stream.ConsumerLimits;
import dev.jslab.engine.stream.RetentionPolicy;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.stream.StreamConfigCheck;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Defaults and every create/update rule, with nats-server's codes and texts (06-consumers.txt). */
class ConsumerConfigCheckTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final StreamConfig LIMITS = stream(StreamConfig.builder("S06_CONS").subjects("s06.>"));
  private static final StreamConfig WORK_QUEUE = stream(StreamConfig.builder("S06_WQ")
      .subjects("s06wq.>").retention(RetentionPolicy.WORK_QUEUE));

  private static StreamConfig stream(StreamConfig.Builder b) {
    return StreamConfigCheck.check(b.build(), n -> Optional.empty());
  }

  private static ConsumerConfigCheck.Decision create(
      ConsumerConfig.Builder c, StreamConfig s, Map<String, ConsumerConfig> existing,
      ConsumerAction action, Predicate<String> interest) {
    return ConsumerConfigCheck.checkCreate(
        c.build(), action, s, existing, ConsumerCheckLimits.NONE, interest, () -> "EPHEM123");
  }

  private static ConsumerConfig created(ConsumerConfig.Builder c) {
    return create(c, LIMITS, Map.of(), ConsumerAction.CREATE_OR_UPDATE, s -> false).config();
  }

  private static ApiError error(ConsumerConfig.Builder c) {
    return error(c, LIMITS, Map.of());
  }

  private static ApiError error(
      ConsumerConfig.Builder c, StreamConfig s, Map<String, ConsumerConfig> existing) {
    return error(c, s, existing, ConsumerAction.CREATE_OR_UPDATE, x -> false);
  }

  private static ApiError error(
      ConsumerConfig.Builder c, StreamConfig s, Map<String, ConsumerConfig> existing,
      ConsumerAction action, Predicate<String> interest) {
    try {
      create(c, s, existing, action, interest);
    } catch (ApiException e) {
      return e.error();
    }
    throw new AssertionError("accepted: " + c.build());
  }

  private static ConsumerConfig.Builder durable(String name) {
    return ConsumerConfig.builder().durable(name).name(name).ackPolicy(AckPolicy.EXPLICIT);
  }

  @Test
  void explicitPullConsumerGetsNatsServersDefaults() {
    ConsumerConfig c = created(durable("C1"));
    assertThat(c.ackWaitNanos()).isEqualTo(30 * SECOND);
    assertThat(c.maxAckPending()).isEqualTo(1000);
    assertThat(c.maxWaiting()).isEqualTo(512);
    assertThat(c.maxDeliver()).isEqualTo(-1);
    assertThat(c.deliverPolicy()).isEqualTo(DeliverPolicy.ALL);
    assertThat(c.replayPolicy()).isEqualTo(ReplayPolicy.INSTANT);
    assertThat(c.inactiveThresholdNanos()).isZero();
    assertThat(c.replicas()).isZero();
  }

  @Test
  void ackNoneConsumersGetNoAckWaitAndNoMaxAckPending() {
    ConsumerConfig pull = created(ConsumerConfig.builder().durable("X15"));
    assertThat(pull.ackWaitNanos()).isZero();
    assertThat(pull.maxAckPending()).isZero();
    assertThat(pull.maxWaiting()).isEqualTo(512);
    ConsumerConfig push = created(ConsumerConfig.builder().durable("F1").deliverSubject("d"));
    assertThat(push.maxWaiting()).isZero();
  }

  @Test
  void backoffSetsTheAckWaitToItsFirstStep() {
    ConsumerConfig c = created(durable("B").backoffNanos(2 * SECOND, 10 * SECOND));
    assertThat(c.ackWaitNanos()).isEqualTo(2 * SECOND);
  }

  @Test
  void streamAndServerLimitsProvideDefaults() {
    StreamConfig s = stream(StreamConfig.builder("L").subjects("l")
        .consumerLimits(new ConsumerLimits(60 * SECOND, 50)));
    ConsumerConfig c = ConsumerConfigCheck.withDefaults(durable("C").build(), s, ConsumerCheckLimits.NONE);
    assertThat(c.maxAckPending()).isEqualTo(50);
    assertThat(c.inactiveThresholdNanos()).isEqualTo(60 * SECOND);
    ConsumerConfig server = ConsumerConfigCheck.withDefaults(
        durable("C").build(), LIMITS, new ConsumerCheckLimits(100, 25, 0, 0));
    assertThat(server.maxAckPending()).isEqualTo(100);
    assertThat(server.maxRequestBatch()).isEqualTo(25);
  }

  @Test
  void workQueueRulesAsNatsServerAnswersThem() {
    Map<String, ConsumerConfig> w1 = Map.of("W1", created(durable("W1")));
    assertThat(error(durable("W2"), WORK_QUEUE, w1))
        .isEqualTo(new ApiError(400, 10099, "multiple non-filtered consumers not allowed on workqueue stream"));
    assertThat(error(durable("W3").filterSubject("s06wq.a"), WORK_QUEUE, w1))
        .isEqualTo(new ApiError(400, 10100, "filtered consumer not unique on workqueue stream"));
    assertThat(error(ConsumerConfig.builder().durable("W4").name("W4").deliverSubject("deliver.s06wq")
        .filterSubject("s06wq.x.y"), WORK_QUEUE, w1))
        .isEqualTo(new ApiError(400, 10098, "workqueue stream requires explicit ack"));
    Map<String, ConsumerConfig> w5 = Map.of("W5", created(durable("W5").filterSubject("s06wq.*")));
    assertThat(error(durable("W6").filterSubject("s06wq.a"), WORK_QUEUE, w5).errCode()).isEqualTo(10100);
    assertThat(error(durable("W7").filterSubject("s06wq.z.z").deliverPolicy(DeliverPolicy.LAST),
        WORK_QUEUE, w5))
        .isEqualTo(new ApiError(400, 10101, "consumer must be deliver all on workqueue stream"));
    assertThat(error(ConsumerConfig.builder().durable("P"), WORK_QUEUE, Map.of()))
        .isEqualTo(new ApiError(400, 10084, "consumer in pull mode requires ack policy"));
  }

  @Test
  void filterOutsideTheStreamIsAcceptedAsIn210() {
    ConsumerConfig c = created(durable("X12").filterSubject("other.subject"));
    assertThat(c.filterSubject()).isEqualTo("other.subject");
  }

  @Test
  void filterRules() {
    assertThat(error(durable("F").filterSubject("s06.a").filterSubjects("s06.b")))
        .isEqualTo(new ApiError(400, 10136,
            "consumer cannot have both FilterSubject and FilterSubjects specified"));
    assertThat(error(durable("F").filterSubjects("s06.*", "s06.a")))
        .isEqualTo(new ApiError(400, 10138, "consumer subject filters cannot overlap"));
    assertThat(error(durable("F").filterSubjects("s06.a", "")))
        .isEqualTo(new ApiError(400, 10139, "consumer filter in FilterSubjects cannot be empty"));
    assertThat(error(durable("F").filterSubject("s06..a")))
        .isEqualTo(new ApiError(500, 10052, "invalid subject"));
  }

  @Test
  void pushOnlyAndPullOnlyOptions() {
    assertThat(error(durable("X5").deliverSubject("deliver.s06").maxWaiting(10)))
        .isEqualTo(new ApiError(400, 10080, "consumer in push mode can not set max waiting"));
    assertThat(error(durable("X6").idleHeartbeatNanos(5 * SECOND)))
        .isEqualTo(new ApiError(400, 10088, "consumer idle heartbeat requires a push based consumer"));
    assertThat(error(durable("X7").flowControl(true)))
        .isEqualTo(new ApiError(400, 10089, "consumer flow control requires a push based consumer"));
    assertThat(error(durable("X8").deliverSubject("deliver.s06").flowControl(true)))
        .isEqualTo(new ApiError(400, 10108, "consumer with flow control also needs heartbeats"));
    assertThat(error(durable("X9").deliverSubject("s06.loop")))
        .isEqualTo(new ApiError(400, 10081, "consumer deliver subject forms a cycle"));
    assertThat(error(durable("H").deliverSubject("d").idleHeartbeatNanos(50 * MS)))
        .isEqualTo(new ApiError(400, 10083, "consumer idle heartbeat needs to be >= 100ms"));
    assertThat(error(durable("W").deliverSubject("d.*")).errCode()).isEqualTo(10079);
    assertThat(error(durable("W").deliverSubject("d..x")))
        .isEqualTo(new ApiError(400, 10112, "invalid push consumer deliver subject"));
    assertThat(error(ConsumerConfig.builder().durable("N").deliverSubject("d").maxAckPending(5)))
        .isEqualTo(new ApiError(400, 10082, "consumer requires ack policy for max ack pending"));
    assertThat(error(durable("R").rateLimitBps(100)).errCode()).isEqualTo(10086);
    assertThat(error(durable("M").maxWaiting(-1)).errCode()).isEqualTo(10087);
    assertThat(error(durable("B").maxRequestBatch(-1)).errCode()).isEqualTo(10114);
    assertThat(error(durable("E").maxRequestExpiresNanos(MS - 1)))
        .isEqualTo(new ApiError(400, 10115, "consumer max request expires needs to be >= 1ms"));
    assertThat(created(durable("X10").deliverSubject("deliver.s06").maxRequestBatch(5))
        .maxRequestBatch()).isEqualTo(5);
  }

  @Test
  void maxDeliverMustExceedTheNumberOfBackoffSteps() {
    assertThat(error(durable("B").maxDeliver(2).backoffNanos(SECOND, SECOND, SECOND)))
        .isEqualTo(new ApiError(400, 10116, "max deliver is required to be > length of backoff values"));
  }

  @Test
  void startPositionRulesWithNatsServersTexts() {
    assertThat(error(durable("X13").deliverPolicy(DeliverPolicy.BY_START_SEQUENCE)))
        .isEqualTo(new ApiError(400, 10094, "consumer delivery policy is deliver by start sequence, "
            + "but optional start sequence is not set"));
    assertThat(error(durable("A").optStartSeq(3)).description()).isEqualTo(
        "consumer delivery policy is deliver all, but optional start sequence is also set");
    assertThat(error(durable("T").deliverPolicy(DeliverPolicy.BY_START_TIME)).description())
        .isEqualTo("consumer delivery policy is deliver by start time, but optional start time is not set");
    assertThat(error(durable("T").deliverPolicy(DeliverPolicy.NEW).optStartTime(Instant.EPOCH))
        .description()).isEqualTo("consumer delivery policy is deliver new, but optional start time is also set");
    assertThat(error(durable("P").deliverPolicy(DeliverPolicy.LAST_PER_SUBJECT)).description())
        .isEqualTo("consumer delivery policy is deliver last per subject, but optional filter subject is not set");
  }

  @Test
  void namesAndDescriptions() {
    assertThat(error(durable("a.b")))
        .isEqualTo(new ApiError(400, 10103, "durable name can not contain '.', '*', '>'"));
    assertThat(error(ConsumerConfig.builder().name("x*y").ackPolicy(AckPolicy.EXPLICIT)).errCode())
        .isEqualTo(10103);
    assertThat(error(durable("n".repeat(256)))).isEqualTo(
        new ApiError(400, 10102, "consumer name is too long, maximum allowed is 255"));
    assertThat(error(ConsumerConfig.builder().durable("X2").name("X3")))
        .isEqualTo(new ApiError(400, 10132, "Consumer Durable and Name have to be equal if both are provided"));
    assertThat(error(durable("D").description("d".repeat(4097)))).isEqualTo(
        new ApiError(400, 10107, "consumer description is too long, maximum allowed is 4096"));
    assertThat(error(durable("M").metadata(Map.of("k", "v".repeat(128 * 1024))))).isEqualTo(
        new ApiError(400, 10135, "consumer metadata exceeds maximum size of 128KB"));
    assertThat(create(ConsumerConfig.builder().ackPolicy(AckPolicy.EXPLICIT), LIMITS, Map.of(),
        ConsumerAction.CREATE_OR_UPDATE, s -> false).name()).isEqualTo("EPHEM123");
  }

  @Test
  void samplingMustBeAPercentage() {
    assertThat(created(durable("S").sampleFrequency("100%")).sampleFrequency()).isEqualTo("100%");
    assertThat(error(durable("S").sampleFrequency("abc%"))).isEqualTo(new ApiError(400, 10095,
        "failed to parse consumer sampling configuration: strconv.Atoi: parsing \"abc\": invalid syntax"));
    assertThat(error(durable("S").sampleFrequency("-5")).description())
        .isEqualTo("failed to parse consumer sampling configuration: <nil>");
  }

  @Test
  void limitsOnPendingAcksReplicasAndInactivity() {
    StreamConfig limited = stream(StreamConfig.builder("L").subjects("l")
        .consumerLimits(new ConsumerLimits(60 * SECOND, 50)));
    assertThat(error(durable("P").maxAckPending(51), limited, Map.of()))
        .isEqualTo(new ApiError(400, 10121, "consumer max ack pending exceeds system limit of 50"));
    assertThat(error(durable("I").inactiveThresholdNanos(61 * SECOND), limited, Map.of()))
        .isEqualTo(new ApiError(400, 10153, "consumer inactive threshold exceeds system limit of 1m0s"));
    assertThat(error(durable("R").replicas(3)).errCode()).isEqualTo(10126);
    assertThat(error(durable("R").replicas(-1)).errCode()).isEqualTo(10133);
    StreamConfig interest3 = stream(StreamConfig.builder("I").subjects("i").replicas(3)
        .retention(RetentionPolicy.INTEREST));
    assertThat(error(durable("R").replicas(1), interest3, Map.of()).errCode()).isEqualTo(10134);
    assertThat(error(ConsumerConfig.builder().durable("D").deliverSubject("d").direct(true)).errCode())
        .isEqualTo(10091);
    assertThat(error(durable("D").direct(true)).errCode()).isEqualTo(10090);
    StreamConfig one = stream(StreamConfig.builder("O").subjects("o").maxConsumers(1));
    assertThat(error(durable("Two"), one, Map.of("One", created(durable("One")))))
        .isEqualTo(new ApiError(400, 10026, "maximum consumers limit reached"));
  }

  @Test
  void createActionsAgainstExistingAndMissingConsumers() {
    Map<String, ConsumerConfig> existing = new LinkedHashMap<>();
    existing.put("C1", created(durable("C1")));
    assertThat(create(durable("C1"), LIMITS, existing, ConsumerAction.CREATE, s -> false))
        .isInstanceOf(ConsumerConfigCheck.Update.class);
    assertThat(error(durable("C1").description("changed"), LIMITS, existing, ConsumerAction.CREATE,
        s -> false)).isEqualTo(new ApiError(400, 10148, "consumer already exists"));
    assertThat(error(durable("C9"), LIMITS, existing, ConsumerAction.UPDATE, s -> false))
        .isEqualTo(new ApiError(400, 10149, "consumer does not exist"));
    ConsumerConfigCheck.Decision updated = create(durable("C1").description("updated").maxAckPending(10),
        LIMITS, existing, ConsumerAction.CREATE_OR_UPDATE, s -> false);
    assertThat(updated).isInstanceOf(ConsumerConfigCheck.Update.class);
    assertThat(updated.config().maxAckPending()).isEqualTo(10);
  }

  @Test
  void updatesMayNotChangeWhatNatsServerKeepsFixed() {
    Map<String, ConsumerConfig> existing = Map.of("C1", created(durable("C1")));
    assertThat(error(durable("C1").deliverPolicy(DeliverPolicy.LAST), LIMITS, existing))
        .isEqualTo(new ApiError(500, 10012, "deliver policy can not be updated"));
    assertThat(error(durable("C1").ackPolicy(AckPolicy.ALL), LIMITS, existing).description())
        .isEqualTo("ack policy can not be updated");
    assertThat(error(durable("C1").maxWaiting(5), LIMITS, existing).description())
        .isEqualTo("max waiting can not be updated");
    assertThat(error(durable("C1").deliverSubject("d"), LIMITS, existing).description())
        .isEqualTo("can not update pull consumer to push based");
    Map<String, ConsumerConfig> push = Map.of("P", created(durable("P").deliverSubject("d.old")));
    assertThat(error(durable("P"), LIMITS, push).description())
        .isEqualTo("can not update push consumer to pull based");
    assertThat(error(durable("P").deliverSubject("d.new"), LIMITS, push,
        ConsumerAction.CREATE_OR_UPDATE, s -> s.equals("d.old")))
        .isEqualTo(new ApiError(400, 10013, "consumer name already in use"));
    assertThat(create(durable("P").deliverSubject("d.new"), LIMITS, push,
        ConsumerAction.CREATE_OR_UPDATE, s -> false).config().deliverSubject()).isEqualTo("d.new");
    assertThat(error(durable("C1").replayPolicy(ReplayPolicy.ORIGINAL), LIMITS, existing).description())
        .isEqualTo("replay policy can not be updated");
    assertThat(error(durable("C1").optStartSeq(1).deliverPolicy(DeliverPolicy.BY_START_SEQUENCE),
        LIMITS, existing).description()).isEqualTo("deliver policy can not be updated");
  }

  @Test
  void missingConfigIsRefused() {
    assertThatThrownBy(() -> ConsumerConfigCheck.checkCreate(null, ConsumerAction.CREATE, LIMITS,
        Map.of(), ConsumerCheckLimits.NONE, s -> false, () -> "x"))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.error()).isEqualTo(new ApiError(400, 10078, "consumer config required")));
  }

  @Test
  void wireNamesOfThePolicies() {
    assertThat(List.of(DeliverPolicy.values())).extracting(DeliverPolicy::wireName).containsExactly(
        "all", "last", "new", "by_start_sequence", "by_start_time", "last_per_subject");
    assertThat(AckPolicy.fromWire("explicit")).isEqualTo(AckPolicy.EXPLICIT);
    assertThat(AckPolicy.fromWire("sometimes")).isNull();
    assertThat(ReplayPolicy.fromWire("original")).isEqualTo(ReplayPolicy.ORIGINAL);
    assertThat(ConsumerAction.fromWire("")).isEqualTo(ConsumerAction.CREATE_OR_UPDATE);
  }
}
