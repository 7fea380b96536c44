package dev.jslab.engine.api.handler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.message.OutboundMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer API against capture 06 ({@code wire-samples/nats-server-2.9.10/single/06-consumers.txt}):
 * its stream, two messages and its requests. 2.10 writes {@code ts} in consumer infos (dropped
 * before comparing).
 */
class JsApiConsumerTest {
  @TempDir Path dir;
  private ApiFixture f;

  private static final String CREATE_T = "{\"type\":\"io.nats.jetstream.api.v1.consumer_create_response\",";
  private static final String C1 =
      "{\"config\":{\"ack_policy\":\"explicit\",\"deliver_policy\":\"all\",\"durable_name\":\"C1\",\"name\":\"C1\"},"
          + "\"stream_name\":\"S06_CONS\"}";

  @BeforeEach
  void setUp() {
    f = new ApiFixture(dir);
    f.request("$JS.API.STREAM.CREATE.S06_CONS",
        "{\"name\":\"S06_CONS\",\"num_replicas\":1,\"storage\":\"file\",\"subjects\":[\"s06.>\"]}");
    f.publish("s06.a", null, "a1");
    f.publish("s06.b", null, "b1");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private String create(String subject, String body) {
    return f.request(subject, body);
  }

  private static String error(String type, int code, int errCode, String description) {
    return "{\"type\":\"io.nats.jetstream.api.v1." + type + "\",\"error\":{\"code\":" + code + ",\"err_code\":"
        + errCode + ",\"description\":\"" + description + "\"}}";
  }

  @Test
  void createByNameAnswersTheConsumerInfoAsTheCaptureDoes() {
    String created = create("$JS.API.CONSUMER.CREATE.S06_CONS.C1", C1);
    assertThat(created).startsWith(CREATE_T
        + "\"stream_name\":\"S06_CONS\",\"name\":\"C1\",\"created\":\"<ts>\",\"config\":{\"durable_name\":\"C1\","
        + "\"name\":\"C1\",\"deliver_policy\":\"all\",\"ack_policy\":\"explicit\",\"ack_wait\":30000000000,"
        + "\"max_deliver\":-1,\"replay_policy\":\"instant\",\"max_waiting\":512,\"max_ack_pending\":1000,");
    assertThat(created).endsWith("\"delivered\":{\"consumer_seq\":0,\"stream_seq\":0},"
        + "\"ack_floor\":{\"consumer_seq\":0,\"stream_seq\":0},\"num_ack_pending\":0,\"num_redelivered\":0,"
        + "\"num_waiting\":0,\"num_pending\":2}");
    assertThat(create("$JS.API.CONSUMER.CREATE.S06_CONS.C1", C1)).isEqualTo(created);
  }

  @Test
  void theFilteredLegacyDurableAndEphemeralFormsCreateToo() {
    assertThat(create("$JS.API.CONSUMER.CREATE.S06_CONS.C2.s06.a",
        "{\"config\":{\"ack_policy\":\"explicit\",\"durable_name\":\"C2\",\"filter_subject\":\"s06.a\","
            + "\"name\":\"C2\"},\"stream_name\":\"S06_CONS\"}"))
        .contains("\"name\":\"C2\"").contains("\"filter_subject\":\"s06.a\"").endsWith("\"num_pending\":1}");
    assertThat(create("$JS.API.CONSUMER.DURABLE.CREATE.S06_CONS.D1",
        "{\"config\":{\"ack_policy\":\"explicit\",\"durable_name\":\"D1\"},\"stream_name\":\"S06_CONS\"}"))
        .startsWith(CREATE_T + "\"stream_name\":\"S06_CONS\",\"name\":\"D1\",");
    assertThat(create("$JS.API.CONSUMER.CREATE.S06_CONS",
        "{\"config\":{\"ack_policy\":\"explicit\",\"inactive_threshold\":30000000000},\"stream_name\":\"S06_CONS\"}"))
        .startsWith(CREATE_T + "\"stream_name\":\"S06_CONS\",\"name\":\"")
        .contains("\"inactive_threshold\":30000000000");
    assertThat(f.request("$JS.API.CONSUMER.NAMES.S06_CONS", "{\"offset\":0}"))
        .startsWith("{\"type\":\"io.nats.jetstream.api.v1.consumer_names_response\",\"total\":3,\"offset\":0,"
            + "\"limit\":1024,\"consumers\":[");
  }

  @Test
  void createRefusalsCarryNatsServersCodes() {
    create("$JS.API.CONSUMER.CREATE.S06_CONS.C1", C1);
    String t = "consumer_create_response";
    assertThat(create("$JS.API.CONSUMER.CREATE.S06_CONS.C1", C1.replace("\"all\"", "\"last\"")))
        .isEqualTo(error(t, 500, 10012, "deliver policy can not be updated"));
    assertThat(create("$JS.API.CONSUMER.CREATE.S06_MISSING.C1", C1.replace("S06_CONS", "S06_MISSING")))
        .isEqualTo(error(t, 404, 10059, "stream not found"));
    assertThat(create("$JS.API.CONSUMER.CREATE.S06_CONS.X1", C1.replace("C1", "X2")))
        .isEqualTo(error(t, 400, 10017, "consumer name in subject does not match durable name in request"));
    assertThat(create("$JS.API.CONSUMER.CREATE.S06_CONS.X3", C1.replace("C1", "X3").replace("S06_CONS", "OTHER")))
        .isEqualTo(error(t, 400, 10056, "stream name in subject does not match request"));
    assertThat(create("$JS.API.CONSUMER.CREATE.S06_CONS.X4.s06.a",
        "{\"config\":{\"ack_policy\":\"explicit\",\"durable_name\":\"X4\",\"filter_subject\":\"s06.b\","
            + "\"name\":\"X4\"},\"stream_name\":\"S06_CONS\"}"))
        .isEqualTo(error(t, 400, 10131,
            "Consumer create request did not match filtered subject from create subject"));
    assertThat(create("$JS.API.CONSUMER.CREATE.S06_CONS.X11",
        "{\"config\":{\"ack_policy\":\"sometimes\",\"durable_name\":\"X11\",\"name\":\"X11\"},"
            + "\"stream_name\":\"S06_CONS\"}"))
        .isEqualTo(error(t, 400, 10025, "invalid JSON"));
    assertThat(create("$JS.API.CONSUMER.CREATE.S06_CONS.X14", "{nope")).isEqualTo(error(t, 400, 10025, "invalid JSON"));
    assertThat(create("$JS.API.CONSUMER.DURABLE.CREATE.S06_CONS.D2",
        "{\"config\":{\"ack_policy\":\"explicit\"},\"stream_name\":\"S06_CONS\"}"))
        .isEqualTo(error(t, 400, 10018, "consumer expected to be durable but a durable name was not set"));
    assertThat(create("$JS.API.CONSUMER.DURABLE.CREATE.S06_CONS.D3",
        "{\"config\":{\"ack_policy\":\"explicit\",\"durable_name\":\"D3\",\"name\":\"OTHER\"},"
            + "\"stream_name\":\"S06_CONS\"}"))
        .isEqualTo(error(t, 400, 10132, "Consumer Durable and Name have to be equal if both are provided"));
    assertThat(create("$JS.API.CONSUMER.CREATE.S06_CONS",
        "{\"config\":{\"ack_policy\":\"explicit\",\"durable_name\":\"E1\"},\"stream_name\":\"S06_CONS\"}"))
        .isEqualTo(error(t, 400, 10020,
            "consumer expected to be ephemeral but a durable name was set in request"));
  }

  @Test
  void infoNamesListAndDeleteAnswerAsNatsServerDoes() {
    create("$JS.API.CONSUMER.CREATE.S06_CONS.C1", C1);
    create("$JS.API.CONSUMER.DURABLE.CREATE.S06_CONS.D1",
        "{\"config\":{\"ack_policy\":\"explicit\",\"durable_name\":\"D1\"},\"stream_name\":\"S06_CONS\"}");
    assertThat(f.request("$JS.API.CONSUMER.INFO.S06_CONS.C1", ""))
        .startsWith("{\"type\":\"io.nats.jetstream.api.v1.consumer_info_response\",\"stream_name\":\"S06_CONS\","
            + "\"name\":\"C1\",\"created\":\"<ts>\",");
    assertThat(f.request("$JS.API.CONSUMER.NAMES.S06_CONS", "{\"offset\":0}")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.consumer_names_response\",\"total\":2,\"offset\":0,\"limit\":1024,"
            + "\"consumers\":[\"C1\",\"D1\"]}");
    assertThat(f.request("$JS.API.CONSUMER.LIST.S06_CONS", "{\"offset\":1}")).startsWith(
        "{\"type\":\"io.nats.jetstream.api.v1.consumer_list_response\",\"total\":2,\"offset\":1,\"limit\":256,"
            + "\"consumers\":[{\"stream_name\":\"S06_CONS\",\"name\":\"D1\",");
    assertThat(f.request("$JS.API.CONSUMER.DELETE.S06_CONS.D1", "")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.consumer_delete_response\",\"success\":true}");
    assertThat(f.request("$JS.API.CONSUMER.INFO.S06_CONS.NOPE", ""))
        .isEqualTo(error("consumer_info_response", 404, 10014, "consumer not found"));
    assertThat(f.request("$JS.API.CONSUMER.DELETE.S06_CONS.NOPE", ""))
        .isEqualTo(error("consumer_delete_response", 404, 10014, "consumer not found"));
    assertThat(f.request("$JS.API.CONSUMER.INFO.S06_CONS.C1", "{\"x\":1}"))
        .isEqualTo(error("consumer_info_response", 400, 10038, "expected an empty request payload"));
    assertThat(f.request("$JS.API.CONSUMER.NAMES.S06_MISSING", "")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.consumer_names_response\",\"error\":{\"code\":404,\"err_code\":10059,"
            + "\"description\":\"stream not found\"},\"total\":0,\"offset\":0,\"limit\":0,\"consumers\":[]}");
  }

  @Test
  void aPullRequestIsServedByTheConsumerOnTheRequestsReplySubject() {
    create("$JS.API.CONSUMER.CREATE.S06_CONS.C1", C1);
    f.out.clear();
    f.api.handle("$JS.API.CONSUMER.MSG.NEXT.S06_CONS.C1", "_INBOX.pull", null, "{\"batch\":2}".getBytes(UTF_8));
    f.scheduler.runDue();
    assertThat(f.out).filteredOn(m -> m.route().equals("_INBOX.pull")).extracting(OutboundMessage::data)
        .extracting(d -> new String(d, UTF_8)).containsExactly("a1", "b1");
    f.out.clear();
    f.api.handle("$JS.API.CONSUMER.MSG.NEXT.S06_CONS.NOPE", "_INBOX.none", null, "{\"batch\":1}".getBytes(UTF_8));
    f.api.handle("$JS.API.CONSUMER.MSG.NEXT.S06_CONS.C1", null, null, "{\"batch\":1}".getBytes(UTF_8));
    f.scheduler.runDue();
    assertThat(f.out).as("no consumer, or no reply subject: nothing answers").isEmpty();
  }
}
