package dev.jslab.engine.api.handler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream API against the nats-server captures ({@code wire-samples/nats-server-2.9.10/single},
 * 02, 03 and 05): the capture's requests, its raw bodies, volatile times normalised to {@code <ts>}
 * as the captures do. 2.10 adds {@code ts} to stream infos, {@code compression} and {@code
 * consumer_limits} to stream configs, {@code reserved_memory/storage} to account info and, on a
 * single server, {@code "cluster":{"leader":<server name>}} to STREAM.INFO (only); the
 * expectations here are the capture's bodies with those 2.10 fields, {@code ts} dropped. Go's
 * encoder writes {@code >} as {@code \u003e}.
 */
class JsApiStreamTest {
  private static final String EVENTS_CONFIG =
      "{\"name\":\"S03_EVENTS\",\"subjects\":[\"events.user.*\"],\"retention\":\"limits\",\"max_consumers\":-1,"
          + "\"max_msgs\":1000,\"max_bytes\":1048576,\"max_age\":3600000000000,\"max_msgs_per_subject\":-1,"
          + "\"max_msg_size\":-1,\"discard\":\"old\",\"storage\":\"file\",\"num_replicas\":1,"
          + "\"duplicate_window\":120000000000,\"compression\":\"none\",\"allow_direct\":false,\"mirror_direct\":false,"
          + "\"sealed\":false,\"deny_delete\":false,\"deny_purge\":false,\"allow_rollup_hdrs\":false,"
          + "\"consumer_limits\":{}}";

  @TempDir Path dir;
  private ApiFixture f;

  @BeforeEach
  void start() {
    f = new ApiFixture(dir);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private String request(String subject, String body) {
    return f.request(subject, body);
  }

  private static final String CREATE_EVENTS =
      "{\"discard\":\"old\",\"max_age\":3600000000000,\"max_bytes\":1048576,\"max_msgs\":1000,"
          + "\"name\":\"S03_EVENTS\",\"num_replicas\":1,\"retention\":\"limits\",\"storage\":\"file\","
          + "\"subjects\":[\"events.user.*\"]}";

  private void publish(String subject, String data) {
    f.publish(subject, null, data);
  }

  @Test
  void accountInfoOfAnEmptyAccountIsUnlimitedWithNoApiUseYet() {
    assertThat(request("$JS.API.INFO", "")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.account_info_response\",\"memory\":0,\"storage\":0,"
            + "\"reserved_memory\":0,\"reserved_storage\":0,\"streams\":0,\"consumers\":0,"
            + "\"limits\":{\"max_memory\":-1,\"max_storage\":-1,\"max_streams\":-1,\"max_consumers\":-1,"
            + "\"max_ack_pending\":-1,\"memory_max_stream_bytes\":-1,\"storage_max_stream_bytes\":-1,"
            + "\"max_bytes_required\":false},\"api\":{\"total\":0,\"errors\":0}}");
  }

  @Test
  void accountInfoCountsStreamsBytesAndEarlierRequestsAndErrors() {
    request("$JS.API.STREAM.CREATE.S03_EVENTS", CREATE_EVENTS);
    request("$JS.API.STREAM.INFO.NOPE", "");
    publish("events.user.alice", "hello alice");
    String info = request("$JS.API.INFO", "");
    assertThat(info).contains("\"storage\":58,").contains("\"streams\":1,")
        .endsWith("\"api\":{\"total\":2,\"errors\":1}}");
  }

  @Test
  void createAnswersTheStreamInfoAndDidCreateEvenWhenTheSameConfigIsSentAgain() {
    String expected = "{\"type\":\"io.nats.jetstream.api.v1.stream_create_response\",\"config\":" + EVENTS_CONFIG
        + ",\"created\":\"<ts>\",\"state\":{\"messages\":0,\"bytes\":0,\"first_seq\":0,"
        + "\"first_ts\":\"0001-01-01T00:00:00Z\",\"last_seq\":0,\"last_ts\":\"0001-01-01T00:00:00Z\","
        + "\"consumer_count\":0},\"did_create\":true}";
    assertThat(request("$JS.API.STREAM.CREATE.S03_EVENTS", CREATE_EVENTS)).isEqualTo(expected);
    assertThat(request("$JS.API.STREAM.CREATE.S03_EVENTS", CREATE_EVENTS)).isEqualTo(expected);
  }

  @Test
  void createRefusalsCarryNatsServersCodes() {
    request("$JS.API.STREAM.CREATE.S03_EVENTS", CREATE_EVENTS);
    String t = "{\"type\":\"io.nats.jetstream.api.v1.stream_create_response\",\"error\":";
    assertThat(request("$JS.API.STREAM.CREATE.S03_EVENTS", CREATE_EVENTS.replace("1000", "5")))
        .isEqualTo(t + "{\"code\":400,\"err_code\":10058,"
            + "\"description\":\"stream name already in use with a different configuration\"}}");
    assertThat(request("$JS.API.STREAM.CREATE.S03_OVERLAP",
        "{\"name\":\"S03_OVERLAP\",\"subjects\":[\"events.user.alice\"],\"storage\":\"memory\"}"))
        .isEqualTo(t + "{\"code\":400,\"err_code\":10065,\"description\":\"subjects overlap with an existing stream\"}}");
    String invalidJson = t + "{\"code\":400,\"err_code\":10025,\"description\":\"invalid JSON\"}}";
    assertThat(request("$JS.API.STREAM.CREATE.S03_BADJSON", "{\"name\":\"S03_BADJSON\",")).isEqualTo(invalidJson);
    assertThat(request("$JS.API.STREAM.CREATE.S03_EMPTY", "")).isEqualTo(invalidJson);
    assertThat(request("$JS.API.STREAM.CREATE.S03_NULL", "null")).as("Go decodes null into an empty config")
        .contains("\"err_code\":10056");
    assertThat(request("$JS.API.STREAM.CREATE.S03_ARRAY", "[]")).isEqualTo(invalidJson);
    assertThat(request("$JS.API.STREAM.CREATE.S03_TAPE",
        "{\"name\":\"S03_TAPE\",\"subjects\":[\"tape.>\"],\"storage\":\"tape\"}")).isEqualTo(invalidJson);
    assertThat(request("$JS.API.STREAM.CREATE.S03*BAD", "{\"name\":\"S03*BAD\",\"subjects\":[\"bad.>\"]}"))
        .isEqualTo(t + "{\"code\":500,\"err_code\":10052,"
            + "\"description\":\"stream name is required and can not contain '.', '*', '\\u003e'\"}}");
    assertThat(request("$JS.API.STREAM.CREATE.S03_A", "{\"name\":\"S03_B\",\"subjects\":[\"ab.>\"]}"))
        .isEqualTo(t + "{\"code\":400,\"err_code\":10056,"
            + "\"description\":\"stream name in subject does not match request\"}}");
  }

  @Test
  void infoReportsStateAndPerSubjectCountsWithPagingFieldsWhenFiltered() {
    request("$JS.API.STREAM.CREATE.S03_EVENTS", CREATE_EVENTS);
    publish("events.user.alice", "hello alice");
    publish("events.user.bob", "hello bob");
    String state = "\"state\":{\"messages\":2,\"bytes\":112,\"first_seq\":1,\"first_ts\":\"<ts>\","
        + "\"last_seq\":2,\"last_ts\":\"<ts>\",\"num_subjects\":2,";
    assertThat(request("$JS.API.STREAM.INFO.S03_EVENTS", "")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_info_response\",\"total\":0,\"offset\":0,\"limit\":0,"
            + "\"config\":" + EVENTS_CONFIG + ",\"created\":\"<ts>\"," + state + "\"consumer_count\":0},"
            + "\"cluster\":{\"leader\":\"n1\"}}");
    assertThat(request("$JS.API.STREAM.INFO.S03_EVENTS", "{\"subjects_filter\":\">\"}")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_info_response\",\"total\":2,\"offset\":0,\"limit\":100000,"
            + "\"config\":" + EVENTS_CONFIG + ",\"created\":\"<ts>\"," + state
            + "\"subjects\":{\"events.user.alice\":1,\"events.user.bob\":1},\"consumer_count\":0},"
            + "\"cluster\":{\"leader\":\"n1\"}}");
    assertThat(request("$JS.API.STREAM.INFO.S03_EVENTS", "{\"subjects_filter\":\">\",\"offset\":1}"))
        .contains("\"total\":2,\"offset\":1,\"limit\":100000,")
        .contains("\"subjects\":{\"events.user.bob\":1}");
  }

  @Test
  void infoOnANodeOfAClusterNamesTheClusterBeforeTheLeader() {
    JsApi clustered = new JsApi(f.js, f.scheduler, f.out::add, "", "n1", "lab", ApiAudit.none());
    request("$JS.API.STREAM.CREATE.S03_EVENTS", CREATE_EVENTS);
    f.out.clear();
    clustered.handle("$JS.API.STREAM.INFO.S03_EVENTS", "_INBOX.r", null, new byte[0]);
    assertThat(new String(f.out.get(0).data(), UTF_8))
        .contains("\"cluster\":{\"name\":\"lab\",\"leader\":\"n1\"}");
  }

  @Test
  void infoOfAMissingStreamIsNotFoundWithZeroPaging() {
    assertThat(request("$JS.API.STREAM.INFO.S03_MISSING", "")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_info_response\",\"error\":{\"code\":404,\"err_code\":10059,"
            + "\"description\":\"stream not found\"},\"total\":0,\"offset\":0,\"limit\":0}");
  }

  @Test
  void namesAndListArePagedAndFilteredBySubject() {
    request("$JS.API.STREAM.CREATE.S03_EVENTS", CREATE_EVENTS);
    request("$JS.API.STREAM.CREATE.S03_NOSUBJ", "{\"name\":\"S03_NOSUBJ\",\"storage\":\"memory\"}");
    assertThat(request("$JS.API.STREAM.NAMES", "{\"offset\":0}")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_names_response\",\"total\":2,\"offset\":0,\"limit\":1024,"
            + "\"streams\":[\"S03_EVENTS\",\"S03_NOSUBJ\"]}");
    assertThat(request("$JS.API.STREAM.NAMES", "{\"offset\":0,\"subject\":\"events.user.alice\"}")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_names_response\",\"total\":1,\"offset\":0,\"limit\":1024,"
            + "\"streams\":[\"S03_EVENTS\"]}");
    assertThat(request("$JS.API.STREAM.NAMES", "{\"offset\":5}")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_names_response\",\"total\":2,\"offset\":2,\"limit\":1024,"
            + "\"streams\":null}");
    assertThat(request("$JS.API.STREAM.LIST", "{\"offset\":1}")).startsWith(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_list_response\",\"total\":2,\"offset\":1,\"limit\":256,"
            + "\"streams\":[{\"config\":{\"name\":\"S03_NOSUBJ\",\"subjects\":[\"S03_NOSUBJ\"],");
    assertThat(request("$JS.API.STREAM.NAMES", "{\"offset\":")).contains("\"err_code\":10025")
        .endsWith("\"total\":0,\"offset\":0,\"limit\":0,\"streams\":null}");
  }

  @Test
  void updateChangesTheConfigAndRefusesWhatNatsServerRefuses() {
    request("$JS.API.STREAM.CREATE.S03_EVENTS", CREATE_EVENTS);
    String updated = request("$JS.API.STREAM.UPDATE.S03_EVENTS",
        "{\"name\":\"S03_EVENTS\",\"description\":\"user and admin events\","
            + "\"subjects\":[\"events.user.*\",\"events.admin.*\"],\"max_msgs\":2000,\"max_bytes\":1048576,"
            + "\"max_age\":3600000000000,\"storage\":\"file\",\"num_replicas\":1}");
    assertThat(updated).startsWith("{\"type\":\"io.nats.jetstream.api.v1.stream_update_response\",\"config\":"
        + "{\"name\":\"S03_EVENTS\",\"description\":\"user and admin events\","
        + "\"subjects\":[\"events.user.*\",\"events.admin.*\"],");
    assertThat(request("$JS.API.STREAM.UPDATE.S03_EVENTS",
        "{\"name\":\"S03_EVENTS\",\"subjects\":[\"events.user.*\"],\"storage\":\"memory\"}"))
        .contains("\"err_code\":10052,\"description\":\"stream configuration update can not change storage type\"");
    assertThat(request("$JS.API.STREAM.UPDATE.S03_MISSING", "{\"name\":\"S03.MISSING\",\"subjects\":[\"m\"]}"))
        .as("the configuration is checked first").contains("\"err_code\":10052");
    assertThat(request("$JS.API.STREAM.UPDATE.S03_MISSING", "{\"name\":\"S03_OTHER\",\"subjects\":[\"m\"]}"))
        .contains("\"err_code\":10056");
    assertThat(request("$JS.API.STREAM.UPDATE.S03_MISSING", "{\"name\":\"S03_MISSING\",\"subjects\":[\"m\"]}"))
        .isEqualTo("{\"type\":\"io.nats.jetstream.api.v1.stream_update_response\","
            + "\"error\":{\"code\":404,\"err_code\":10059,\"description\":\"stream not found\"}}");
  }

  @Test
  void deleteAnswersSuccessThenNotFound() {
    request("$JS.API.STREAM.CREATE.S03_EVENTS", CREATE_EVENTS);
    assertThat(request("$JS.API.STREAM.DELETE.S03_EVENTS", "{\"x\":1}")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_delete_response\","
            + "\"error\":{\"code\":400,\"err_code\":10038,\"description\":\"expected an empty request payload\"}}");
    assertThat(request("$JS.API.STREAM.DELETE.S03_EVENTS", "")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_delete_response\",\"success\":true}");
    assertThat(request("$JS.API.STREAM.DELETE.S03_EVENTS", "")).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.stream_delete_response\","
            + "\"error\":{\"code\":404,\"err_code\":10059,\"description\":\"stream not found\"}}");
  }

  @Test
  void subjectsNoEndpointServesAndRequestsWithoutReplyGetNoAnswer() {
    assertThat(request("$JS.API.STREAM.CREATE", "{}")).isNull();
    assertThat(request("$JS.API.STREAM.NAMES.X", "")).isNull();
    assertThat(request("$JS.API.NOPE", "")).isNull();
    f.out.clear();
    f.api.handle("$JS.API.STREAM.CREATE.S03_EVENTS", null, null, CREATE_EVENTS.getBytes(UTF_8));
    assertThat(f.out).noneMatch(m -> m.subject().startsWith("_INBOX"));
    assertThat(f.js.stream("S03_EVENTS")).isPresent();
    assertThat(request("$JS.API.INFO", "")).as("counted all the same").endsWith("\"api\":{\"total\":1,\"errors\":0}}");
  }
}
