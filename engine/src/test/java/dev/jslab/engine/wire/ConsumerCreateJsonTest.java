package dev.jslab.engine.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.consumer.AckPolicy;
import dev.jslab.engine.consumer.ConsumerAction;
import dev.jslab.engine.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ConsumerCreateJsonTest {
  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void requestsRoundTripWithTheirAction() {
    ConsumerConfig cfg = ConsumerConfig.builder().deliverSubject("$JS.M.x").ackPolicy(AckPolicy.NONE)
        .direct(true).build();
    byte[] body = ConsumerCreateJson.request("O", cfg, ConsumerAction.CREATE);
    assertThat(new String(body, UTF_8)).isEqualTo(
        "{\"stream_name\":\"O\",\"config\":{\"deliver_policy\":\"all\",\"ack_policy\":\"none\","
            + "\"replay_policy\":\"instant\",\"deliver_subject\":\"$JS.M.x\",\"num_replicas\":0,"
            + "\"direct\":true},\"action\":\"create\"}");
    assertThat(ConsumerCreateJson.readRequest(body))
        .isEqualTo(new ConsumerCreateJson.Request("O", cfg, ConsumerAction.CREATE));
    assertThatThrownBy(() -> ConsumerCreateJson.readRequest(bytes("{\"action\":\"sometimes\"}")))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.error()).isEqualTo(JsError.INVALID_JSON.error()));
  }

  @Test
  void answersAreReadForTheirErrorOrTheirNameAndStartingPoint() {
    assertThat(ConsumerCreateJson.read(ConsumerCreateJson.failed(JsError.STREAM_NOT_FOUND.error())))
        .isEqualTo(new ConsumerCreateJson.Answer(JsError.STREAM_NOT_FOUND.error(), "", 0));
    assertThat(ConsumerCreateJson.read(bytes(
        "{\"type\":\"io.nats.jetstream.api.v1.consumer_create_response\",\"stream_name\":\"O\","
            + "\"name\":\"abc\",\"delivered\":{\"consumer_seq\":0,\"stream_seq\":41}}")))
        .isEqualTo(new ConsumerCreateJson.Answer(null, "abc", 41));
  }
}
