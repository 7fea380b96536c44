package dev.jslab.engine.jetstream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.consumer.AckPolicy;
import dev.jslab.engine.consumer.Consumer;
import dev.jslab.engine.consumer.ConsumerAction;
import dev.jslab.engine.consumer.ConsumerConfig;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.sourcing.InternalBus;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.time.VirtualScheduler;
import dev.jslab.engine.wire.ConsumerCreateJson;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The node's own bus: create requests answered, deliveries to subscribed inboxes, interest. */
class LocalBusTest {
  private static final long SECOND = 1_000_000_000L;

  private final VirtualScheduler scheduler = new VirtualScheduler(1_700_000_000L * SECOND);
  private final List<OutboundMessage> network = new ArrayList<>();
  private InternalBus bus;
  private final JetStream js = start("hub");

  private JetStream start(String domain) {
    return JetStream.start(
        new JetStream.Environment(
            scheduler, network::add, StreamStorage.memory(), StreamStorage.memory(),
            ConsumerStorage.memory(), StreamCatalog.none(), SyncPolicy.DEFAULT_INTERVAL, domain,
            new SplittableRandom(3), null),
        local -> bus = local);
  }

  private static ConsumerConfig push(String deliver) {
    return ConsumerConfig.builder().deliverSubject(deliver).ackPolicy(AckPolicy.NONE).direct(true).build();
  }

  private String request(String subject, byte[] body) {
    List<InternalBus.Message> replies = new ArrayList<>();
    bus.request(subject, body, replies::add);
    assertThat(replies).as("answers come later, never inside the call").isEmpty();
    scheduler.runDue();
    return replies.isEmpty() ? null : new String(replies.get(0).data(), UTF_8);
  }

  private static byte[] create(String stream, ConsumerConfig cfg) {
    return ConsumerCreateJson.request(stream, cfg, ConsumerAction.CREATE_OR_UPDATE);
  }

  @Test
  void createdConsumerWaitsForItsInboxToBeSubscribedAndStopsWhenItIsNot() {
    js.createStream(StreamConfig.builder("O").subjects("o.>").build());
    js.publish("o.a", null, null, "1".getBytes(UTF_8));

    String answer = request("$JS.API.CONSUMER.CREATE.O", create("O", push("$JS.M.inbox")));
    assertThat(answer).startsWith(
        "{\"type\":\"io.nats.jetstream.api.v1.consumer_create_response\",\"stream_name\":\"O\",\"name\":\"");
    String name = ConsumerCreateJson.read(answer.getBytes(UTF_8)).name();
    Consumer c = js.consumer("O", name).orElseThrow();
    assertThat(c.isActive()).as("the host says everything has interest, the bus knows better").isFalse();

    List<InternalBus.Message> got = new ArrayList<>();
    InternalBus.Subscription sub = bus.subscribe("$JS.M.inbox", got::add);
    assertThat(c.isActive()).isTrue();
    assertThat(got).isEmpty();
    scheduler.runDue();
    assertThat(got).singleElement().satisfies(m -> {
      assertThat(m.subject()).isEqualTo("o.a");
      assertThat(m.reply()).startsWith("$JS.ACK.O." + name + ".1.1.1.");
    });
    assertThat(network).noneMatch(m -> m.route().equals("$JS.M.inbox"));

    sub.cancel();
    assertThat(c.isActive()).isFalse();
    scheduler.advance(10 * SECOND);
    assertThat(js.consumer("O", name)).isEmpty();
  }

  @Test
  void refusedRequestsAreAnsweredWithNatsServersErrors() {
    js.createStream(StreamConfig.builder("O").subjects("o.>").build());
    assertThat(request("$JS.API.CONSUMER.CREATE.X", create("X", push("d")))).isEqualTo(
        "{\"type\":\"io.nats.jetstream.api.v1.consumer_create_response\","
            + "\"error\":{\"code\":404,\"err_code\":10059,\"description\":\"stream not found\"}}");
    assertThat(request("$JS.API.CONSUMER.CREATE.O", create("P", push("d")))).contains("\"err_code\":10056");
    assertThat(request("$JS.API.CONSUMER.CREATE.O.n.o.b",
        create("O", push("d").toBuilder().filterSubject("o.a").build()))).contains("\"err_code\":10131");
    assertThat(request("$JS.API.CONSUMER.CREATE.O", "{".getBytes(UTF_8))).contains("\"err_code\":10025");
    assertThat(js.consumerNames("O")).isEmpty();
  }

  @Test
  void onlyThisNodesDomainIsAnsweredAndOtherSubjectsGoToTheNetwork() {
    js.createStream(StreamConfig.builder("O").subjects("o.>").build());
    assertThat(request("$JS.hub.API.CONSUMER.CREATE.O", create("O", push("d1")))).contains("\"name\":");
    network.clear();
    assertThat(request("$JS.spoke.API.CONSUMER.CREATE.O", create("O", push("d2")))).isNull();
    assertThat(network).singleElement().satisfies(m -> {
      assertThat(m.subject()).isEqualTo("$JS.spoke.API.CONSUMER.CREATE.O");
      assertThat(m.reply()).matches("\\$JSC\\.R\\.[0-9A-Za-z]{8}");
    });
  }
}
