package dev.jslab.engine.sourcing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.jslab.engine.jetstream.ConsumerStorage;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.jetstream.StreamCatalog;
import dev.jslab.engine.jetstream.StreamRecord;
import dev.jslab.engine.jetstream.StreamStorage;
import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.stream.PublishOutcome;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.time.VirtualScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One node's JetStream in virtual time for mirror and source tests: file streams kept by a catalog
 * and stores that survive a restart, no client subscribers, and a {@link Link} in front of the
 * node's bus.
 */
final class SourcingFixture {
  static final long MS = 1_000_000L;
  static final long SECOND = 1_000 * MS;
  static final long T0 = 1_700_000_000L * SECOND;

  final VirtualScheduler scheduler = new VirtualScheduler(T0);
  final Link link = new Link(scheduler);
  final List<OutboundMessage> network = new ArrayList<>();
  /** Memory stores standing in for file storage that survive a clean restart. */
  private final StreamStorage stores = StreamStorage.kept();
  private final List<StreamRecord> records = new ArrayList<>();
  JetStream js;

  SourcingFixture() {
    start();
  }

  JetStream start() {
    js = JetStream.start(
        new JetStream.Environment(
            scheduler, network::add, stores, StreamStorage.memory(), ConsumerStorage.memory(),
            catalog(), SyncPolicy.DEFAULT_INTERVAL, "", new SplittableRandom(7), subject -> false),
        link::over);
    return js;
  }

  /** A clean shutdown and a start over the same stores. */
  JetStream restart() {
    js.close();
    return start();
  }

  void create(StreamConfig cfg) {
    js.createStream(cfg);
  }

  long publish(String subject, String data) {
    return publish(subject, null, data);
  }

  long publish(String subject, byte[] headers, String data) {
    PublishOutcome out = js.publish(subject, null, headers, data.getBytes(UTF_8)).orElseThrow();
    return ((PublishOutcome.Stored) out).seq();
  }

  /** Runs what is due now, and everything it causes at this instant. */
  void settle() {
    scheduler.runDue();
  }

  void advance(long nanos) {
    scheduler.advance(nanos);
  }

  StoreState state(String stream) {
    return js.require(stream).state();
  }

  List<StoredMessage> messages(String stream) {
    MessageStore store = js.require(stream).store();
    StoreState st = store.state();
    List<StoredMessage> out = new ArrayList<>();
    for (long seq = st.firstSeq(); seq <= st.lastSeq(); seq++) {
      StoredMessage m = store.load(seq);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  static String text(byte[] b) {
    return new String(b, UTF_8);
  }

  StreamSourceInfo mirror(String stream) {
    return js.mirrorInfo(stream).orElseThrow();
  }

  private StreamCatalog catalog() {
    return new StreamCatalog() {
      @Override
      public void save(StreamRecord record) {
        remove(record.config().name());
        records.add(record);
      }

      @Override
      public void remove(String streamName) {
        records.removeIf(r -> r.config().name().equals(streamName));
      }

      @Override
      public List<StreamRecord> load() {
        return List.copyOf(records);
      }

      @Override
      public void sync() {}
    };
  }
}
