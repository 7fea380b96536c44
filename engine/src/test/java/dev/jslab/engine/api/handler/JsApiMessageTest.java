package dev.jslab.engine.api.handler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.message.OutboundMessage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code STREAM.MSG.GET}, {@code STREAM.MSG.DELETE} and {@code STREAM.PURGE} against capture 05
 * ({@code wire-samples/nats-server-2.9.10/single/05-get-delete-purge.txt}): its stream, its five
 * messages and its requests, answers in nats-server's field order.
 */
class JsApiMessageTest {
  @TempDir Path dir;
  private ApiFixture f;

  private static final String GET = "$JS.API.STREAM.MSG.GET.S05_MSGS";
  private static final String DEL = "$JS.API.STREAM.MSG.DELETE.S05_MSGS";
  private static final String PURGE = "$JS.API.STREAM.PURGE.S05_MSGS";
  private static final String GET_T = "{\"type\":\"io.nats.jetstream.api.v1.stream_msg_get_response\",";
  private static final String DEL_T = "{\"type\":\"io.nats.jetstream.api.v1.stream_msg_delete_response\",";
  private static final String PURGE_T = "{\"type\":\"io.nats.jetstream.api.v1.stream_purge_response\",";

  @BeforeEach
  void setUp() {
    f = new ApiFixture(dir);
    assertThat(f.request("$JS.API.STREAM.CREATE.S05_MSGS",
        "{\"allow_direct\":true,\"name\":\"S05_MSGS\",\"num_replicas\":1,\"storage\":\"file\","
            + "\"subjects\":[\"s05.>\"]}")).contains("\"did_create\":true");
    f.publish("s05.a", "NATS/1.0\r\nX-Trace: t1\r\n\r\n", "a1");
    f.publish("s05.b", null, "b1");
    f.publish("s05.a", null, "a2");
    f.publish("s05.b", "NATS/1.0\r\nX-Trace: t2\r\nX-Multi: one\r\nX-Multi: two\r\n\r\n", "b2");
    f.publish("s05.c", null, "c1");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void getAnswersTheMessageWithBase64HeadersAndDataBySeqLastOrNext() {
    assertThat(f.request(GET, "{\"seq\":1}")).isEqualTo(GET_T
        + "\"message\":{\"subject\":\"s05.a\",\"seq\":1,\"hdrs\":\"TkFUUy8xLjANClgtVHJhY2U6IHQxDQoNCg==\","
        + "\"data\":\"YTE=\",\"time\":\"<ts>\"}}");
    assertThat(f.request(GET, "{\"seq\":2}")).isEqualTo(GET_T
        + "\"message\":{\"subject\":\"s05.b\",\"seq\":2,\"data\":\"YjE=\",\"time\":\"<ts>\"}}");
    assertThat(f.request(GET, "{\"last_by_subj\":\"s05.b\"}")).isEqualTo(GET_T
        + "\"message\":{\"subject\":\"s05.b\",\"seq\":4,"
        + "\"hdrs\":\"TkFUUy8xLjANClgtVHJhY2U6IHQyDQpYLU11bHRpOiBvbmUNClgtTXVsdGk6IHR3bw0KDQo=\","
        + "\"data\":\"YjI=\",\"time\":\"<ts>\"}}");
    assertThat(f.request(GET, "{\"next_by_subj\":\"s05.a\",\"seq\":2}")).isEqualTo(GET_T
        + "\"message\":{\"subject\":\"s05.a\",\"seq\":3,\"data\":\"YTI=\",\"time\":\"<ts>\"}}");
  }

  @Test
  void getRefusalsAreNotFoundOrBadRequest() {
    String notFound = GET_T + "\"error\":{\"code\":404,\"err_code\":10037,\"description\":\"no message found\"}}";
    String bad = GET_T + "\"error\":{\"code\":400,\"err_code\":10003,\"description\":\"bad request\"}}";
    assertThat(f.request(GET, "{\"seq\":99}")).isEqualTo(notFound);
    assertThat(f.request(GET, "{\"last_by_subj\":\"s05.zzz\"}")).isEqualTo(notFound);
    assertThat(f.request(GET, "{}")).isEqualTo(bad);
    assertThat(f.request(GET, "")).isEqualTo(bad);
    assertThat(f.request(GET, "{\"last_by_subj\":\"s05.a\",\"seq\":1}")).isEqualTo(bad);
    assertThat(f.request(GET, "{\"seq\":")).contains("\"err_code\":10025");
    assertThat(f.request("$JS.API.STREAM.MSG.GET.S05_MISSING", "{\"seq\":1}")).contains("\"err_code\":10059");
  }

  @Test
  void deleteRemovesOnceThenReportsTheSequenceOrTheStoresEnd() {
    assertThat(f.request(DEL, "{\"seq\":2}")).isEqualTo(DEL_T + "\"success\":true}");
    assertThat(f.request(DEL, "{\"seq\":2}")).isEqualTo(
        DEL_T + "\"error\":{\"code\":400,\"err_code\":10043,\"description\":\"sequence 2 not found\"}}");
    assertThat(f.request(DEL, "{\"no_erase\":true,\"seq\":3}")).isEqualTo(DEL_T + "\"success\":true}");
    assertThat(f.request(DEL, "{\"seq\":99}")).isEqualTo(
        DEL_T + "\"error\":{\"code\":500,\"err_code\":10057,\"description\":\"stream store EOF\"}}");
    assertThat(f.request(DEL, "")).contains("\"err_code\":10003");

    assertThat(f.request("$JS.API.STREAM.INFO.S05_MSGS", "{\"deleted_details\":true}")).contains(
        "\"state\":{\"messages\":3,\"bytes\":197,\"first_seq\":1,\"first_ts\":\"<ts>\",\"last_seq\":5,"
            + "\"last_ts\":\"<ts>\",\"num_subjects\":3,\"num_deleted\":2,\"deleted\":[2,3],\"consumer_count\":0}");
  }

  @Test
  void purgeByFilterKeepAndSequenceThenEverything() {
    f.request(DEL, "{\"seq\":2}");
    f.request(DEL, "{\"seq\":3}");
    f.publish("s05.a", null, "a3");
    f.publish("s05.b", null, "b3");
    f.publish("s05.b", null, "b4");
    f.publish("s05.c", null, "c2");
    assertThat(f.request(PURGE, "{\"filter\":\"s05.a\"}")).isEqualTo(PURGE_T + "\"success\":true,\"purged\":2}");
    assertThat(f.request(PURGE, "{\"filter\":\"s05.b\",\"keep\":1}"))
        .isEqualTo(PURGE_T + "\"success\":true,\"purged\":2}");
    assertThat(f.request(PURGE, "{\"seq\":9}")).isEqualTo(PURGE_T + "\"success\":true,\"purged\":2}");
    assertThat(f.request(PURGE, "{\"keep\":1,\"seq\":9}")).isEqualTo(PURGE_T
        + "\"error\":{\"code\":400,\"err_code\":10003,\"description\":\"bad request\"},\"purged\":0}");
    assertThat(f.request("$JS.API.STREAM.PURGE.S05_MISSING", "{\"keep\":1,\"seq\":9}"))
        .as("checked before the stream is looked up").contains("\"err_code\":10003");
    assertThat(f.request("$JS.API.STREAM.INFO.S05_MSGS", "")).contains(
        "\"state\":{\"messages\":1,\"bytes\":37,\"first_seq\":9,\"first_ts\":\"<ts>\",\"last_seq\":9,"
            + "\"last_ts\":\"<ts>\",\"num_subjects\":1,\"consumer_count\":0}");
    assertThat(f.request(PURGE, "")).isEqualTo(PURGE_T + "\"success\":true,\"purged\":1}");
    assertThat(f.request("$JS.API.STREAM.INFO.S05_MSGS", "")).contains(
        "\"state\":{\"messages\":0,\"bytes\":0,\"first_seq\":10,\"first_ts\":\"0001-01-01T00:00:00Z\","
            + "\"last_seq\":9,\"last_ts\":\"<ts>\",\"consumer_count\":0}");
  }

  private String direct(String subject, String body) {
    f.out.clear();
    f.api.handle(subject, "_INBOX.d", null, body.getBytes(UTF_8));
    List<OutboundMessage> got = f.out.stream().filter(m -> m.route().equals("_INBOX.d")).toList();
    if (got.isEmpty()) {
      return null;
    }
    assertThat(got).hasSize(1);
    String headers = new String(got.get(0).headers(), UTF_8).replaceAll("Nats-Time-Stamp: [^\\r]*", "Nats-Time-Stamp: <ts>");
    return headers + "|" + new String(got.get(0).data(), UTF_8);
  }

  @Test
  void directGetAnswersTheMessageWithItsHeadersAndTheStreamsOrABareStatus() {
    assertThat(direct("$JS.API.DIRECT.GET.S05_MSGS", "{\"seq\":1}")).isEqualTo("NATS/1.0\r\nX-Trace: t1\r\n"
        + "Nats-Stream: S05_MSGS\r\nNats-Subject: s05.a\r\nNats-Sequence: 1\r\nNats-Time-Stamp: <ts>\r\n\r\n|a1");
    assertThat(direct("$JS.API.DIRECT.GET.S05_MSGS", "{\"seq\":2}")).isEqualTo("NATS/1.0\r\n"
        + "Nats-Stream: S05_MSGS\r\nNats-Subject: s05.b\r\nNats-Sequence: 2\r\nNats-Time-Stamp: <ts>\r\n\r\n|b1");
    String b2 = "NATS/1.0\r\nX-Trace: t2\r\nX-Multi: one\r\nX-Multi: two\r\nNats-Stream: S05_MSGS\r\n"
        + "Nats-Subject: s05.b\r\nNats-Sequence: 4\r\nNats-Time-Stamp: <ts>\r\n\r\n|b2";
    assertThat(direct("$JS.API.DIRECT.GET.S05_MSGS", "{\"last_by_subj\":\"s05.b\"}")).isEqualTo(b2);
    assertThat(direct("$JS.API.DIRECT.GET.S05_MSGS.s05.b", "")).isEqualTo(b2);
    assertThat(direct("$JS.API.DIRECT.GET.S05_MSGS", "{\"next_by_subj\":\"s05.a\",\"seq\":2}"))
        .isEqualTo("NATS/1.0\r\nNats-Stream: S05_MSGS\r\nNats-Subject: s05.a\r\nNats-Sequence: 3\r\n"
            + "Nats-Time-Stamp: <ts>\r\n\r\n|a2");
    assertThat(direct("$JS.API.DIRECT.GET.S05_MSGS", "{\"seq\":99}")).isEqualTo("NATS/1.0 404 Message Not Found\r\n\r\n|");
    assertThat(direct("$JS.API.DIRECT.GET.S05_MSGS.s05.zzz", "")).isEqualTo("NATS/1.0 404 Message Not Found\r\n\r\n|");
    assertThat(direct("$JS.API.DIRECT.GET.S05_MSGS", "")).isEqualTo("NATS/1.0 408 Empty Request\r\n\r\n|");
    assertThat(direct("$JS.API.DIRECT.GET.S05_MSGS", "{nope")).isEqualTo("NATS/1.0 408 Malformed Request\r\n\r\n|");
    assertThat(direct("$JS.API.DIRECT.GET.S05_MSGS", "{\"last_by_subj\":\"s05.a\",\"seq\":1}"))
        .isEqualTo("NATS/1.0 408 Bad Request\r\n\r\n|");
    assertThat(direct("$JS.API.DIRECT.GET.S05_MISSING", "{\"seq\":1}")).isNull();
  }

  @Test
  void directGetIsNotAnsweredForAStreamWithoutAllowDirect() {
    f.request("$JS.API.STREAM.CREATE.PLAIN", "{\"name\":\"PLAIN\",\"subjects\":[\"plain\"],\"storage\":\"memory\"}");
    f.publish("plain", null, "p");
    assertThat(direct("$JS.API.DIRECT.GET.PLAIN", "{\"seq\":1}")).isNull();
    assertThat(f.request("$JS.API.INFO", "")).contains("\"api\":{\"total\":2,");
  }
}
