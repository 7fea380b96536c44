package dev.jslab.engine.api.handler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.jetstream.ConsumerStorage;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.jetstream.StreamCatalog;
import dev.jslab.engine.jetstream.StreamStorage;
import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.time.VirtualScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code $JS.EVENT.ADVISORY.API} audit advisory, as nats-server's api_audit. */
class ApiAuditTest {
  private static final String AUDIT = "$JS.EVENT.ADVISORY.API";
  private static final String CONFIG =
      "{\"name\":\"S10_ADV\",\"subjects\":[\"s10.>\"],\"storage\":\"memory\",\"num_replicas\":1}";

  private final VirtualScheduler scheduler = new VirtualScheduler(1_700_000_000_000_000_000L);
  private final List<OutboundMessage> out = new ArrayList<>();
  private final AtomicBoolean listening = new AtomicBoolean(true);
  private JetStream js;

  private JsApi api(String domain, String cluster) {
    js =
        JetStream.start(
            new JetStream.Environment(
                scheduler, out::add, StreamStorage.memory(), StreamStorage.memory(),
                ConsumerStorage.memory(), StreamCatalog.none(), SyncPolicy.DEFAULT_INTERVAL,
                domain, new SplittableRandom(1), null));
    ApiAudit audit =
        new ApiAudit(s -> listening.get() && s.equals(AUDIT), new SplittableRandom(2), cluster);
    return new JsApi(js, scheduler, out::add, domain, "n1", audit);
  }

  @AfterEach
  void close() {
    if (js != null) {
      js.close();
    }
  }

  private List<OutboundMessage> audits() {
    return out.stream().filter(m -> m.subject().equals(AUDIT)).toList();
  }

  @Test
  void anAnsweredRequestIsAuditedAfterItsAnswerWithNatsServerFieldsInOrder() throws Exception {
    JsApi api = api("", "lab");
    api.handle("$JS.API.STREAM.CREATE.S10_ADV", "_INBOX.r", null, CONFIG.getBytes(UTF_8));
    List<String> subjects = out.stream().map(OutboundMessage::subject).toList();
    assertThat(subjects).endsWith("_INBOX.r", AUDIT);
    OutboundMessage answer = out.stream().filter(m -> m.subject().equals("_INBOX.r")).findFirst().orElseThrow();
    String audit = new String(audits().get(0).data(), UTF_8);
    assertThat(audit)
        .matches(
            "\\{\"type\":\"io.nats.jetstream.advisory.v1.api_audit\",\"id\":\"[0-9A-Za-z]{22}\","
                + "\"timestamp\":\"2023-11-14T22:13:20Z\",\"server\":\"n1\","
                + "\"client\":\\{\"acc\":\"\\$G\",\"server\":\"n1\",\"cluster\":\"lab\"\\},"
                + "\"subject\":\"\\$JS.API.STREAM.CREATE.S10_ADV\",\"request\":\".*\",\"response\":\".*\"\\}");
    JsonNode parsed = Json.MAPPER.readTree(audit);
    assertThat(parsed.get("request").asText()).isEqualTo(CONFIG);
    assertThat(parsed.get("response").asText()).isEqualTo(new String(answer.data(), UTF_8));
    // Go escapes '>' inside the request string as \u003e
    assertThat(audit).contains("s10.\\u003e");
  }

  @Test
  void theClientsRoundTripIsReportedInNanosecondsBetweenAccountAndServer() {
    JsApi api = api("", "");
    api.handle("$JS.API.INFO", "_INBOX.r", null, new byte[0], 245_000);
    assertThat(new String(audits().get(0).data(), UTF_8))
        .contains("\"client\":{\"acc\":\"$G\",\"rtt\":245000,\"server\":\"n1\"}");
  }

  @Test
  void nothingIsAuditedWhileNobodyListens() {
    JsApi api = api("", "");
    listening.set(false);
    api.handle("$JS.API.STREAM.CREATE.S10_ADV", "_INBOX.r", null, CONFIG.getBytes(UTF_8));
    assertThat(audits()).isEmpty();
    assertThat(out).extracting(OutboundMessage::subject).contains("_INBOX.r");
  }

  @Test
  void errorsAndRequestsWithoutAReplyAreAuditedAndAnEmptyRequestIsLeftOut() {
    JsApi api = api("", "");
    api.handle("$JS.API.STREAM.INFO.NOPE", "_INBOX.r", null, new byte[0]);
    api.handle("$JS.API.STREAM.NAMES", null, null, null);
    assertThat(audits()).hasSize(2);
    String error = new String(audits().get(0).data(), UTF_8);
    assertThat(error)
        .contains("\"client\":{\"acc\":\"$G\",\"server\":\"n1\"}")
        .contains("\"subject\":\"$JS.API.STREAM.INFO.NOPE\"")
        .doesNotContain("\"request\"")
        .contains("10059");
    assertThat(new String(audits().get(1).data(), UTF_8)).contains("stream_names_response");
  }

  @Test
  void aDomainRequestIsAuditedUnderItsApiSubjectWithTheDomain() {
    JsApi api = api("hub", "");
    api.handle("$JS.hub.API.INFO", "_INBOX.r", null, new byte[0]);
    String audit = new String(audits().get(0).data(), UTF_8);
    assertThat(audit).contains("\"subject\":\"$JS.API.INFO\"").endsWith(",\"domain\":\"hub\"}");
  }
}
