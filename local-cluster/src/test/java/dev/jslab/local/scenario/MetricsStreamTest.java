package dev.jslab.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tutorial scenario: the memory {@code METRICS_STREAM} on {@code metrics.>} with a max age. */
class MetricsStreamTest {
  private LabNode node;
  private JetStreamManagement jsm;
  private JetStream js;

  @BeforeEach
  void start() throws Exception {
    node = LabNode.start();
    jsm = node.nc.jetStreamManagement();
    js = node.nc.jetStream();
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private void createMetrics(Duration maxAge) throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name("METRICS_STREAM")
            .subjects("metrics.>")
            .storageType(StorageType.Memory)
            .maxAge(maxAge)
            .build());
  }

  @Test
  void aMemoryStreamWithFiveMinuteMaxAgeStoresEveryMetricsSubject() throws Exception {
    createMetrics(Duration.ofMinutes(5));
    StreamConfiguration c = jsm.getStreamInfo("METRICS_STREAM").getConfiguration();
    assertThat(c.getStorageType()).isEqualTo(StorageType.Memory);
    assertThat(c.getMaxAge()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.getSubjects()).containsExactly("metrics.>");
    assertThat(c.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));

    js.publish("metrics.cpu.host1", "0.42".getBytes(StandardCharsets.UTF_8));
    js.publish("metrics.mem.host1", "512".getBytes(StandardCharsets.UTF_8));
    js.publish("metrics.cpu.host1", "0.43".getBytes(StandardCharsets.UTF_8));

    StreamInfo info =
        jsm.getStreamInfo(
            "METRICS_STREAM", StreamInfoOptions.builder().allSubjects().build());
    assertThat(info.getStreamState().getMsgCount()).isEqualTo(3);
    assertThat(info.getStreamState().getLastSequence()).isEqualTo(3);
    Map<String, Long> perSubject = new TreeMap<>();
    info.getStreamState().getSubjects().forEach(s -> perSubject.put(s.getName(), s.getCount()));
    assertThat(perSubject).containsExactly(Map.entry("metrics.cpu.host1", 2L), Map.entry("metrics.mem.host1", 1L));
    var last = jsm.getLastMessage("METRICS_STREAM", "metrics.cpu.host1");
    assertThat(last.getSeq()).isEqualTo(3);
    assertThat(new String(last.getData(), StandardCharsets.UTF_8)).isEqualTo("0.43");
  }

  @Test
  void messagesOlderThanMaxAgeExpireAndTheSequenceMovesOn() throws Exception {
    createMetrics(Duration.ofMillis(800));
    assertThat(jsm.getStreamInfo("METRICS_STREAM").getConfiguration().getDuplicateWindow())
        .as("the duplicate window is capped at max age")
        .isEqualTo(Duration.ofMillis(800));
    for (int i = 0; i < 3; i++) {
      js.publish("metrics.cpu.host" + i, "1".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(jsm.getStreamInfo("METRICS_STREAM").getStreamState().getMsgCount()).isEqualTo(3);

    LabNode.await(
        Duration.ofSeconds(10),
        "the three metrics to expire",
        () -> {
          try {
            return jsm.getStreamInfo("METRICS_STREAM").getStreamState().getMsgCount() == 0;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    var state = jsm.getStreamInfo("METRICS_STREAM").getStreamState();
    assertThat(state.getLastSequence()).isEqualTo(3);
    assertThat(state.getFirstSequence()).isEqualTo(4);
    assertThat(state.getByteCount()).isZero();
    assertThat(js.publish("metrics.cpu.host0", "2".getBytes(StandardCharsets.UTF_8)).getSeqno())
        .isEqualTo(4);
  }

  @Test
  void aFileStreamExpiresByAgeTooAndKeepsNewerMessages() throws Exception {
    jsm.addStream(
        StreamConfiguration.builder()
            .name("METRICS_FILE")
            .subjects("filemetrics.>")
            .storageType(StorageType.File)
            .maxAge(Duration.ofMillis(800))
            .build());
    js.publish("filemetrics.cpu", "old".getBytes(StandardCharsets.UTF_8));
    js.publish("filemetrics.mem", "old".getBytes(StandardCharsets.UTF_8));
    Thread.sleep(500);
    js.publish("filemetrics.cpu", "new".getBytes(StandardCharsets.UTF_8));
    LabNode.await(
        Duration.ofSeconds(10),
        "the two older metrics to expire",
        () -> {
          try {
            return jsm.getStreamInfo("METRICS_FILE").getStreamState().getMsgCount() <= 1;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    var state =
        jsm.getStreamInfo("METRICS_FILE", StreamInfoOptions.builder().allSubjects().build()).getStreamState();
    assertThat(state.getMsgCount()).as("the newer metric outlives the older ones").isEqualTo(1);
    assertThat(state.getFirstSequence()).isEqualTo(3);
    assertThat(state.getSubjectCount()).isEqualTo(1);
    assertThat(state.getSubjects()).extracting(s -> s.getName()).containsExactly("filemetrics.cpu");
    assertThat(LabNode.apiErrorCode(() -> jsm.getLastMessage("METRICS_FILE", "filemetrics.mem"))).isEqualTo(10037);
    LabNode.await(
        Duration.ofSeconds(10),
        "the newest metric to expire as well",
        () -> {
          try {
            return jsm.getStreamInfo("METRICS_FILE").getStreamState().getMsgCount() == 0;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    var empty = jsm.getStreamInfo("METRICS_FILE").getStreamState();
    assertThat(empty.getFirstSequence()).isEqualTo(4);
    assertThat(empty.getLastSequence()).isEqualTo(3);
    assertThat(empty.getSubjectCount()).isZero();
  }
}
