package dev.jslab.engine.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Consumer info and config JSON in nats-server's field order (06-consumers.txt raw bodies). */
class ConsumerJsonTest {
  @Test
  void createdPullConsumerInfoMatchesTheCapturedRawBodyPlus210sTimestamp() {
    ConsumerFixture f = ConsumerFixture.stream("S06_CONS", "s06.>");
    f.publish("s06.a", "one");
    f.publish("s06.b", "two");
    Consumer c1 = f.create(ConsumerConfig.builder().durable("C1").name("C1")
        .deliverPolicy(DeliverPolicy.ALL).ackPolicy(AckPolicy.EXPLICIT));

    String json = new String(ConsumerJson.info(c1.initialInfo()), StandardCharsets.UTF_8)
        .replaceAll("\"(created|ts)\":\"[^\"]+\"", "\"$1\":\"<ts>\"");

    assertThat(json).isEqualTo("{\"stream_name\":\"S06_CONS\",\"name\":\"C1\",\"created\":\"<ts>\","
        + "\"config\":{\"durable_name\":\"C1\",\"name\":\"C1\",\"deliver_policy\":\"all\","
        + "\"ack_policy\":\"explicit\",\"ack_wait\":30000000000,\"max_deliver\":-1,"
        + "\"replay_policy\":\"instant\",\"max_waiting\":512,\"max_ack_pending\":1000,"
        + "\"num_replicas\":0},\"delivered\":{\"consumer_seq\":0,\"stream_seq\":0},"
        + "\"ack_floor\":{\"consumer_seq\":0,\"stream_seq\":0},\"num_ack_pending\":0,"
        + "\"num_redelivered\":0,\"num_waiting\":0,\"num_pending\":2,\"ts\":\"<ts>\"}");
  }

  @Test
  void pushConfigWithEveryOptionalField() {
    ConsumerConfig c = ConsumerConfig.builder().durable("F1").deliverSubject("deliver.s09")
        .flowControl(true).idleHeartbeatNanos(500_000_000L).backoffNanos(1L, 2L)
        .filterSubjects("a", "b").metadata(Map.of("z", "1", "a", "<2>")).maxDeliver(-1).build();
    assertThat(new String(ConsumerJson.config(c), StandardCharsets.UTF_8)).isEqualTo(
        "{\"durable_name\":\"F1\",\"deliver_policy\":\"all\",\"ack_policy\":\"none\","
            + "\"max_deliver\":-1,\"backoff\":[1,2],\"filter_subjects\":[\"a\",\"b\"],"
            + "\"replay_policy\":\"instant\",\"idle_heartbeat\":500000000,\"flow_control\":true,"
            + "\"deliver_subject\":\"deliver.s09\",\"num_replicas\":0,"
            + "\"metadata\":{\"a\":\"\\u003c2\\u003e\",\"z\":\"1\"}}");
  }

  @Test
  void activityTimesAndPushBoundAppearOnceTheyApply() {
    ConsumerFixture f = ConsumerFixture.stream("S", "s.>");
    Consumer c = f.create(ConsumerConfig.builder().durable("P").deliverSubject("d")
        .ackPolicy(AckPolicy.EXPLICIT));
    f.publish("s.1", "x");
    c.processAck(f.take().get(0).reply(), new byte[0], null);
    String json = new String(ConsumerJson.info(c.info()), StandardCharsets.UTF_8);
    assertThat(json).contains(
        "\"delivered\":{\"consumer_seq\":1,\"stream_seq\":1,\"last_active\":\"2023-11-14T22:13:20Z\"}",
        "\"ack_floor\":{\"consumer_seq\":1,\"stream_seq\":1,\"last_active\":\"2023-11-14T22:13:20Z\"}",
        "\"push_bound\":true");
  }
}
