package dev.jslab.engine.consumer;

import dev.jslab.engine.wire.Rfc3339;
import dev.jslab.engine.advisory.Nuid;
import static dev.jslab.engine.consumer.ConsumerFixture.SECOND;
import static dev.jslab.engine.consumer.ConsumerFixture.T0;
import static dev.jslab.engine.consumer.ConsumerFixture.subjects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.consumer.ConsumerAdvisories.Envelope;
import dev.jslab.engine.message.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Advisory and metric JSON as 10-advisories.txt shows it. */
class ConsumerAdvisoriesTest {
  private static String raw(OutboundMessage m) {
    return new String(m.data(), StandardCharsets.UTF_8);
  }

  @Test
  void createdAndDeletedAdvisoriesForWhoeverManagesConsumers() {
    Envelope e = new Envelope("ID", T0, "S10_ADV", "K1", "");
    OutboundMessage created = ConsumerAdvisories.created(e);
    assertThat(created.subject()).isEqualTo("$JS.EVENT.ADVISORY.CONSUMER.CREATED.S10_ADV.K1");
    assertThat(raw(created)).isEqualTo("{\"type\":\"io.nats.jetstream.advisory.v1.consumer_action\","
        + "\"id\":\"ID\",\"timestamp\":\"2023-11-14T22:13:20Z\",\"stream\":\"S10_ADV\","
        + "\"consumer\":\"K1\",\"action\":\"create\"}");
    OutboundMessage deleted = ConsumerAdvisories.deleted(new Envelope("ID", T0 + 1, "S", "C", "hub"));
    assertThat(deleted.subject()).isEqualTo("$JS.EVENT.ADVISORY.CONSUMER.DELETED.S.C");
    assertThat(raw(deleted)).endsWith(
        "\"timestamp\":\"2023-11-14T22:13:20.000000001Z\",\"stream\":\"S\",\"consumer\":\"C\","
            + "\"action\":\"delete\",\"domain\":\"hub\"}");
  }

  @Test
  void textIsEscapedAsGoEscapesIt() {
    OutboundMessage m = ConsumerAdvisories.terminated(
        new Envelope("ID", T0, "S", "C", ""), 1, 2, 3, "<b> & \u2028 \u0001 \"q\"");
    assertThat(raw(m)).endsWith(
        "\"consumer_seq\":1,\"stream_seq\":2,\"deliveries\":3,"
            + "\"reason\":\"\\u003cb\\u003e \\u0026 \\u2028 \\u0001 \\\"q\\\"\"}");
  }

  @Test
  void sampledAckPublishesTheAckMetric() {
    ConsumerFixture f = ConsumerFixture.stream("S10_ADV", "s10.>");
    Consumer k1 = f.create(ConsumerConfig.builder().durable("K1").name("K1")
        .ackPolicy(AckPolicy.EXPLICIT).filterSubject("s10.ack").sampleFrequency("100%"));
    f.publish("s10.max", "never acked");
    f.publish("s10.ack", "k1");
    f.next(k1, "_INBOX.1", "1");
    OutboundMessage m = f.take().get(0);
    f.scheduler.advance(SECOND);

    k1.processAck(m.reply(), "+ACK".getBytes(StandardCharsets.UTF_8), null);

    List<OutboundMessage> metric = subjects(f.take(), "$JS.EVENT.METRIC.");
    assertThat(metric).singleElement().satisfies(x -> {
      assertThat(x.subject()).isEqualTo("$JS.EVENT.METRIC.CONSUMER.ACK.S10_ADV.K1");
      assertThat(raw(x)).matches("\\{\"type\":\"io.nats.jetstream.metric.v1.consumer_ack\","
          + "\"id\":\"[0-9A-Za-z]{22}\",\"timestamp\":\"2023-11-14T22:13:21Z\",\"stream\":\"S10_ADV\","
          + "\"consumer\":\"K1\",\"consumer_seq\":1,\"stream_seq\":2,\"ack_time\":1000000000,"
          + "\"deliveries\":1}");
    });
  }

  @Test
  void noSamplingMeansNoMetric() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("C").ackPolicy(AckPolicy.EXPLICIT));
    f.publish("s.1", "a");
    f.next(c, "_INBOX.1", "1");
    c.processAck(f.take().get(0).reply(), new byte[0], null);
    assertThat(subjects(f.take(), "$JS.EVENT.")).isEmpty();
  }

  @Test
  void advisoryIdsAreUniqueAndReplayWithTheSameSeed() {
    Nuid a = new Nuid(new SplittableRandom(1));
    Nuid b = new Nuid(new SplittableRandom(1));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = a.next();
      assertThat(id).matches("[0-9A-Za-z]{22}").isEqualTo(b.next());
      assertThat(seen.add(id)).isTrue();
    }
    assertThat(a.consumerName()).matches("[0-9A-Za-z]{8}").isEqualTo(b.consumerName());
  }

  @Test
  void timestampsAreRfc3339WithTrimmedNanoseconds() {
    assertThat(Rfc3339.format(0)).isEqualTo(Rfc3339.ZERO);
    assertThat(Rfc3339.format(T0 + 500_000_000L)).isEqualTo("2023-11-14T22:13:20.5Z");
    assertThat(Rfc3339.format(T0 + 123_456_789L)).isEqualTo("2023-11-14T22:13:20.123456789Z");
  }
}
