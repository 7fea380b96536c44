package dev.jslab.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.wire.StreamConfigJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetaCommandCodecTest {
  @Test
  void aPlacedStreamsCheckedConfigurationComesBackFromTheLogEqual() {
    StreamConfig requested = StreamConfigJson.read(
        ("{\"name\":\"S03_EVENTS\",\"subjects\":[\"events.user.*\"],\"retention\":\"limits\",\"max_msgs\":1000,"
            + "\"max_bytes\":1048576,\"max_age\":3600000000000,\"discard\":\"old\",\"storage\":\"file\",\"num_replicas\":1}")
            .getBytes());
    StreamConfig checked = JetStream.checkCreate(requested, name -> Optional.empty());
    StreamAssignment a = new StreamAssignment(checked, "S-R1F-x", List.of("n1"), 1L, "s", "r");
    MetaCommand back = MetaCommandCodec.decode(MetaCommandCodec.encode(new MetaCommand.AssignStream(a)));
    StreamConfig decoded = ((MetaCommand.AssignStream) back).assignment().config();
    assertThat(decoded).isEqualTo(checked);
    assertThat(JetStream.checkCreate(requested, name -> Optional.of(decoded))).isEqualTo(decoded);
  }
}
