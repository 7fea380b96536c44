package dev.jslab.engine.sourcing;

import dev.jslab.engine.advisory.Nuid;
import dev.jslab.engine.consumer.AckPolicy;
import dev.jslab.engine.consumer.ConsumerAction;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.consumer.DeliverPolicy;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.stream.ExternalStream;
import dev.jslab.engine.stream.StreamSource;
import dev.jslab.engine.stream.SubjectTransform;
import dev.jslab.engine.wire.ConsumerCreateJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The {@code CONSUMER.CREATE} request a mirror or source sends for its internal consumer, as
 * nats-server's {@code setupMirrorConsumer} and {@code trySetupSourceConsumer} build it: an
 * ephemeral {@code direct} push consumer on a fresh inbox ({@code $JS.M.<token>} or {@code
 * $JS.S.<token>}, under the external deliver prefix when there is one), {@code ack_policy: none},
 * {@code max_deliver: 1}, a 22 h {@code ack_wait}, flow control with a 1 s idle heartbeat, a 10 s
 * inactive threshold, starting where the stream left off; filtered ones are named ({@code
 * mirror-<hash>}, {@code src-<hash>}) and use the subject-filtered API subject; an external origin
 * gets its API prefix.
 *
 * @param subject where the request goes
 * @param body the request JSON
 * @param deliverSubject the inbox the deliveries will come to
 */
record CreateRequest(String subject, byte[] body, String deliverSubject) {
  private static final String API = "$JS.API";
  private static final String CREATE = API + ".CONSUMER.CREATE.";

  /** The request of a mirror whose stream is in {@code state}. */
  static CreateRequest mirror(StreamSource m, StoreState state, RandomGenerator random, Nuid nuid) {
    String deliver = inbox(m.external(), "M", random);
    ConsumerConfig.Builder b = base(deliver).deliverPolicy(DeliverPolicy.BY_START_SEQUENCE);
    long startSeq = state.lastSeq() + 1;
    Instant startTime = null;
    if (state.messages() == 0 && state.lastSeq() == 0) {
      startSeq = 0;
      if (m.optStartSeq() > 0) {
        startSeq = m.optStartSeq();
      } else if (m.optStartTime() != null) {
        startTime = m.optStartTime();
        b.deliverPolicy(DeliverPolicy.BY_START_TIME);
      }
    }
    b.optStartSeq(startSeq).optStartTime(startTime);
    if (startSeq == 0 && startTime == null) {
      b.deliverPolicy(DeliverPolicy.ALL);
    }
    String filter = text(m.filterSubject());
    b.filterSubject(filter).filterSubjects(sources(m.subjectTransforms()));
    String subject = CREATE + m.name();
    if (!filter.isEmpty()) {
      String name = "mirror-" + SourceHeader.hash(nuid.next());
      b.name(name);
      subject = CREATE + m.name() + "." + name + "." + filter;
    }
    return finish(m, subject, b.build(), deliver);
  }

  /** The request of source {@code s} starting at origin sequence {@code seq} (≤ 1: from its options). */
  static CreateRequest source(
      StreamSource s, long seq, StoreState state, RandomGenerator random, Nuid nuid) {
    String deliver = inbox(s.external(), "S", random);
    ConsumerConfig.Builder b = base(deliver);
    if (seq <= 1) {
      if (s.optStartSeq() > 0) {
        b.optStartSeq(s.optStartSeq()).deliverPolicy(DeliverPolicy.BY_START_SEQUENCE);
      } else if (s.optStartTime() != null) {
        Instant last = Instant.ofEpochSecond(0, state.lastTimestampNanos());
        Instant start =
            state.lastTimestampNanos() != 0 && s.optStartTime().isBefore(last) ? last : s.optStartTime();
        b.optStartTime(start).deliverPolicy(DeliverPolicy.BY_START_TIME);
      } else if (state.firstSeq() > 1 && state.lastTimestampNanos() != 0) {
        b.optStartTime(Instant.ofEpochSecond(0, state.lastTimestampNanos()))
            .deliverPolicy(DeliverPolicy.BY_START_TIME);
      }
    } else {
      b.optStartSeq(seq).deliverPolicy(DeliverPolicy.BY_START_SEQUENCE);
    }
    String filter = text(s.filterSubject());
    List<String> filters = sources(s.subjectTransforms());
    String subject = CREATE + s.name();
    if (filter.isEmpty() && filters.size() == 1) {
      filter = filters.get(0);
      filters = List.of();
    }
    b.filterSubject(filter).filterSubjects(filters);
    if (!filter.isEmpty()) {
      String name = "src-" + SourceHeader.hash(nuid.next());
      b.name(name);
      subject = CREATE + s.name() + "." + name + "." + filter;
    }
    return finish(s, subject, b.build(), deliver);
  }

  private static ConsumerConfig.Builder base(String deliver) {
    return ConsumerConfig.builder()
        .deliverSubject(deliver)
        .ackPolicy(AckPolicy.NONE)
        .ackWaitNanos(Timing.ACK_WAIT)
        .maxDeliver(1)
        .idleHeartbeatNanos(Timing.HEARTBEAT)
        .flowControl(true)
        .direct(true)
        .inactiveThresholdNanos(Timing.HEALTH_CHECK);
  }

  private static CreateRequest finish(
      StreamSource origin, String subject, ConsumerConfig config, String deliver) {
    ExternalStream ext = origin.external();
    if (ext != null) {
      int at = subject.indexOf(API);
      subject = subject.substring(0, at) + text(ext.api()) + subject.substring(at + API.length());
      subject = subject.replace("..", ".");
    }
    byte[] body = ConsumerCreateJson.request(origin.name(), config, ConsumerAction.CREATE_OR_UPDATE);
    return new CreateRequest(subject, body, deliver);
  }

  /** nats-server's {@code syncSubject}: the prefix and 8 random base-62 characters. */
  private static String inbox(ExternalStream ext, String kind, RandomGenerator random) {
    String token = token(random);
    if (ext != null && !text(ext.deliver()).isEmpty()) {
      return (ext.deliver() + "." + kind + "." + token).replace("..", ".");
    }
    return "$JS." + kind + "." + token;
  }

  private static String token(RandomGenerator random) {
    String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    long l = random.nextLong() & Long.MAX_VALUE;
    char[] b = new char[8];
    for (int i = 0; i < b.length; i++) {
      b[i] = digits.charAt((int) (l % digits.length()));
      l /= digits.length();
    }
    return new String(b);
  }

  private static List<String> sources(List<SubjectTransform> transforms) {
    List<String> out = new ArrayList<>();
    transforms.forEach(t -> out.add(t.source()));
    return out;
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
