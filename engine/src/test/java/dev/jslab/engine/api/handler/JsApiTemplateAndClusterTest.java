package dev.jslab.engine.api.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream templates (capture 14) and the cluster subjects of a single server (capture 15) from
 * {@code wire-samples/nats-server-2.9.10/single}.
 */
class JsApiTemplateAndClusterTest {
  @TempDir Path dir;
  private ApiFixture f;

  private static final String TEMPLATE_CONFIG =
      "{\"name\":\"_\",\"subjects\":[\"s14.*\"],\"retention\":\"limits\",\"max_consumers\":-1,\"max_msgs\":-1,"
          + "\"max_bytes\":-1,\"max_age\":0,\"max_msgs_per_subject\":-1,\"max_msg_size\":-1,\"discard\":\"old\","
          + "\"storage\":\"memory\",\"num_replicas\":1,\"duplicate_window\":120000000000,\"compression\":\"none\","
          + "\"allow_direct\":false,\"mirror_direct\":false,\"sealed\":false,\"deny_delete\":false,"
          + "\"deny_purge\":false,\"allow_rollup_hdrs\":false,\"consumer_limits\":{}}";

  @BeforeEach
  void setUp() {
    f = new ApiFixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private String createT14() {
    return f.request("$JS.API.STREAM.TEMPLATE.CREATE.T14",
        "{\"config\":{\"discard\":\"old\",\"max_age\":0,\"max_bytes\":-1,\"max_consumers\":-1,\"max_msg_size\":-1,"
            + "\"max_msgs\":-1,\"name\":\"\",\"num_replicas\":1,\"retention\":\"limits\",\"storage\":\"memory\","
            + "\"subjects\":[\"s14.*\"]},\"max_streams\":4,\"name\":\"T14\"}");
  }

  @Test
  void aTemplateIsCreatedListedFilledByPublishesAndDeletedWithItsStreams() {
    assertThat(createT14()).isEqualTo("{\"type\":\"io.nats.jetstream.api.v1.stream_template_create_response\","
        + "\"config\":{\"name\":\"T14\",\"config\":" + TEMPLATE_CONFIG + ",\"max_streams\":4},\"streams\":[]}");
    assertThat(f.request("$JS.API.STREAM.TEMPLATE.NAMES", "{\"offset\":0}")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_template_names_response\",\"total\":1,\"offset\":0,"
            + "\"limit\":1024,\"streams\":[\"T14\"]}");
    f.publish("s14.alpha", null, "first");
    assertThat(f.request("$JS.API.STREAM.NAMES", "{\"offset\":0}")).contains("\"streams\":[\"s14_alpha\"]");
    assertThat(f.request("$JS.API.STREAM.INFO.s14_alpha", ""))
        .contains("\"subjects\":[\"s14.alpha\"]").contains("\"template_owner\":\"T14\"")
        .contains("\"state\":{\"messages\":1,\"bytes\":30,");
    assertThat(f.request("$JS.API.STREAM.TEMPLATE.INFO.T14", "")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_template_info_response\","
            + "\"config\":{\"name\":\"T14\",\"config\":" + TEMPLATE_CONFIG + ",\"max_streams\":4},"
            + "\"streams\":[\"s14_alpha\"]}");
    assertThat(f.request("$JS.API.STREAM.TEMPLATE.INFO.T14_MISSING", "")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_template_info_response\","
            + "\"error\":{\"code\":404,\"err_code\":10068,\"description\":\"template not found\"}}");
    assertThat(f.request("$JS.API.STREAM.TEMPLATE.DELETE.T14", "")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_template_delete_response\",\"success\":true}");
    assertThat(f.request("$JS.API.STREAM.NAMES", "{\"offset\":0}")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_names_response\",\"total\":0,\"offset\":0,\"limit\":1024,"
            + "\"streams\":null}");
    assertThat(f.request("$JS.API.STREAM.TEMPLATE.NAMES", "")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_template_names_response\",\"total\":0,\"offset\":0,"
            + "\"limit\":1024,\"streams\":null}");
  }

  @Test
  void templateRequestsAreCheckedAsNatsServerChecksThem() {
    assertThat(f.request("$JS.API.STREAM.TEMPLATE.CREATE.T1", "{\"name\":\"T2\",\"config\":{\"subjects\":[\"t.*\"]}}"))
        .contains("\"err_code\":10073,\"description\":\"template name in subject does not match request\"");
    assertThat(f.request("$JS.API.STREAM.TEMPLATE.CREATE.T1", "{\"name\":")).contains("\"err_code\":10025");
    createT14();
    assertThat(f.request("$JS.API.STREAM.TEMPLATE.INFO.T14", "{\"x\":1}"))
        .contains("\"err_code\":10038,\"description\":\"expected an empty request payload\"");
  }

  @Test
  void clusterSubjectsAreRefusedAsOnANonClusteredServerOrUnanswered() {
    f.request("$JS.API.STREAM.CREATE.S15_R1",
        "{\"name\":\"S15_R1\",\"num_replicas\":1,\"storage\":\"file\",\"subjects\":[\"s15.>\"]}");
    String required = "\"error\":{\"code\":503,\"err_code\":10010,\"description\":\"JetStream clustering support required\"}}";
    assertThat(f.request("$JS.API.STREAM.LEADER.STEPDOWN.S15_R1", ""))
        .isEqualTo("{\"type\":\"io.nats.jetstream.api.v1.stream_leader_stepdown_response\"," + required);
    assertThat(f.request("$JS.API.CONSUMER.LEADER.STEPDOWN.S15_R1.C1", ""))
        .isEqualTo("{\"type\":\"io.nats.jetstream.api.v1.consumer_leader_stepdown_response\"," + required);
    assertThat(f.request("$JS.API.STREAM.PEER.REMOVE.S15_R1", "{\"peer\":\"nope\"}"))
        .isEqualTo("{\"type\":\"io.nats.jetstream.api.v1.stream_remove_peer_response\"," + required);
    assertThat(f.request("$JS.API.META.LEADER.STEPDOWN", "")).isNull();
    assertThat(f.request("$JS.API.SERVER.REMOVE", "{\"peer\":\"nope\"}")).isNull();
    assertThat(f.request("$JS.API.STREAM.CREATE.S15_R3",
        "{\"name\":\"S15_R3\",\"num_replicas\":3,\"storage\":\"file\",\"subjects\":[\"s15r3.>\"]}"))
        .isEqualTo("{\"type\":\"io.nats.jetstream.api.v1.stream_create_response\",\"error\":{\"code\":500,"
            + "\"err_code\":10074,\"description\":\"replicas \\u003e 1 not supported in non-clustered mode\"}}");
  }
}
