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

  @Test
  void aReassignmentWithItsConsumerMovesComesBackFromTheLogEqual() {
    StreamConfig cfg = JetStream.checkCreate(
        StreamConfigJson.read("{\"name\":\"S\",\"subjects\":[\"s.>\"],\"num_replicas\":3}".getBytes()),
        name -> Optional.empty());
    dev.jslab.engine.consumer.ConsumerConfig cc =
        dev.jslab.engine.consumer.ConsumerConfig.builder().durable("C").replicas(3).build();
    MetaCommand.Reassign scale = new MetaCommand.Reassign(
        "S", List.of("n1", "n2", "n3"), cfg, List.of(new MetaCommand.ConsumerMove("C", List.of("n1", "n2", "n3"), cc)),
        List.of("E"), "$JS.API.STREAM.UPDATE.S", "_INBOX.1");
    MetaCommand.Reassign remove = new MetaCommand.Reassign(
        "S", List.of("n4", "n2"), null, List.of(new MetaCommand.ConsumerMove("C", List.of("n4"), null)),
        List.of(), "", "");

    for (MetaCommand.Reassign r : List.of(scale, remove)) {
      MetaCommand back = MetaCommandCodec.decode(MetaCommandCodec.encode(r));
      assertThat(back).isInstanceOf(MetaCommand.Reassign.class);
      MetaCommand.Reassign b = (MetaCommand.Reassign) back;
      assertThat(b.stream()).isEqualTo(r.stream());
      assertThat(b.peers()).isEqualTo(r.peers());
      assertThat(b.config()).isEqualTo(r.config());
      assertThat(b.removedConsumers()).isEqualTo(r.removedConsumers());
      assertThat(b.subject()).isEqualTo(r.subject());
      assertThat(b.reply()).isEqualTo(r.reply());
      assertThat(b.consumers()).hasSameSizeAs(r.consumers());
      assertThat(b.consumers().get(0).name()).isEqualTo(r.consumers().get(0).name());
      assertThat(b.consumers().get(0).peers()).isEqualTo(r.consumers().get(0).peers());
      assertThat(b.consumers().get(0).config() == null).isEqualTo(r.consumers().get(0).config() == null);
    }
    MetaCommand.Reassign b = (MetaCommand.Reassign) MetaCommandCodec.decode(MetaCommandCodec.encode(scale));
    assertThat(b.consumers().get(0).config().durable()).isEqualTo("C");
    assertThat(b.consumers().get(0).config().replicas()).isEqualTo(3);
  }

  @Test
  void anAssignmentKeepsTheMembersItsGroupStartedWithAndAnOldEntryWithoutThemStartsWithItsPeers() {
    StreamConfig cfg = JetStream.checkCreate(
        StreamConfigJson.read("{\"name\":\"S\",\"subjects\":[\"s.>\"],\"num_replicas\":3}".getBytes()),
        name -> Optional.empty());
    StreamAssignment moved =
        new StreamAssignment(cfg, "S-R3F-x", List.of("n1", "n4", "n3"), 1L, "", "", List.of("n1", "n2", "n3"));
    MetaCommand back = MetaCommandCodec.decode(MetaCommandCodec.encode(new MetaCommand.AssignStream(moved)));
    assertThat(((MetaCommand.AssignStream) back).assignment().initialPeers()).containsExactly("n1", "n2", "n3");

    String old = new String(MetaCommandCodec.encode(new MetaCommand.AssignStream(moved)))
        .replaceAll(",\"initial_peers\":\\[[^\\]]*\\]", "");
    assertThat(old).doesNotContain("initial_peers");
    MetaCommand fromOld = MetaCommandCodec.decode(old.getBytes());
    assertThat(((MetaCommand.AssignStream) fromOld).assignment().initialPeers()).containsExactly("n1", "n4", "n3");
  }

  @Test
  void aSnapshotKeepsEveryStreamAndConsumerAssignmentExactlyStreamsFirst() {
    StreamConfig cfg = JetStream.checkCreate(
        StreamConfigJson.read("{\"name\":\"S\",\"subjects\":[\"s.>\"],\"num_replicas\":3}".getBytes()),
        name -> Optional.empty());
    StreamAssignment moved =
        new StreamAssignment(cfg, "S-R3F-x", List.of("n1", "n4", "n3"), 7L, "", "", List.of("n1", "n2", "n3"));
    StreamAssignment fresh = new StreamAssignment(
        JetStream.checkCreate(
            StreamConfigJson.read("{\"name\":\"T\",\"subjects\":[\"t\"]}".getBytes()), name -> Optional.empty()),
        "S-R1F-y", List.of("n2"), 9L, "$JS.API.STREAM.CREATE.T", "_INBOX.1");
    dev.jslab.engine.consumer.ConsumerConfig cc =
        dev.jslab.engine.consumer.ConsumerConfig.builder().durable("C").replicas(3).build();
    ConsumerAssignment consumer = new ConsumerAssignment(
        "S", "C", cc, "C-R3F-z", List.of("n1", "n4", "n3"), 8L, "", "", List.of("n1", "n2", "n3"));

    List<MetaCommand> back =
        MetaCommandCodec.decodeSnapshot(MetaCommandCodec.encodeSnapshot(List.of(moved, fresh), List.of(consumer)));

    assertThat(back).containsExactly(
        new MetaCommand.AssignStream(moved), new MetaCommand.AssignStream(fresh),
        new MetaCommand.AssignConsumer(consumer));
    assertThat(MetaCommandCodec.decodeSnapshot(MetaCommandCodec.encodeSnapshot(List.of(), List.of()))).isEmpty();
  }
}
