package dev.jslab.engine.api.handler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.jetstream.ConsumerStorage;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.jetstream.StreamCatalog;
import dev.jslab.engine.jetstream.StreamStorage;
import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.store.mapdb.MapDbStreamStorage;
import dev.jslab.engine.time.VirtualScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One node's JetStream (file streams in MapDB under a temporary directory, memory streams in
 * memory) with a {@link JsApi} in front, on a virtual clock; requests answered to {@code _INBOX.r}
 * and returned normalised as the captures are.
 */
final class ApiFixture implements AutoCloseable {
  static final long SECOND = 1_000_000_000L;

  final VirtualScheduler scheduler = new VirtualScheduler(1_700_000_000L * SECOND);
  final List<OutboundMessage> out = new ArrayList<>();
  final JetStream js;
  final JsApi api;

  ApiFixture(Path dir) {
    this(dir, "");
  }

  ApiFixture(Path dir, String domain) {
    js = JetStream.start(new JetStream.Environment(
        scheduler, out::add, new MapDbStreamStorage(dir), StreamStorage.memory(), ConsumerStorage.memory(),
        StreamCatalog.none(), SyncPolicy.DEFAULT_INTERVAL, domain, new SplittableRandom(1), null));
    api = new JsApi(js, scheduler, out::add, domain, "n1");
  }

  /** The normalised answer on {@code _INBOX.r}, or null when there is none. */
  String request(String subject, String body) {
    out.clear();
    api.handle(subject, "_INBOX.r", null, body.getBytes(UTF_8));
    List<OutboundMessage> answers = out.stream().filter(m -> m.route().equals("_INBOX.r")).toList();
    if (answers.isEmpty()) {
      return null;
    }
    assertThat(answers).hasSize(1);
    return normalise(new String(answers.get(0).data(), UTF_8));
  }

  /** Times become {@code <ts>} (the zero time stays), 2.10's {@code ts} goes. */
  static String normalise(String json) {
    return json.replaceAll(",\"ts\":\"[^\"]*\"", "")
        .replaceAll("\"(created|first_ts|last_ts|time)\":\"(?!0001-01-01T00:00:00Z)[^\"]*\"", "\"$1\":\"<ts>\"");
  }

  void publish(String subject, String headers, String data) {
    js.publish(subject, null, headers == null ? null : headers.getBytes(UTF_8), data.getBytes(UTF_8));
  }

  @Override
  public void close() {
    js.close();
  }
}
