package dev.jslab.engine.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.consumer.ConsumerState;
import dev.jslab.engine.consumer.ConsumerStateCodec;
import dev.jslab.engine.consumer.ConsumerStateStore;
import dev.jslab.engine.consumer.Pending;
import dev.jslab.engine.consumer.SequencePair;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbConsumerStorageTest {
  @TempDir Path dir;

  private static ConsumerState state(long delivered, long floor) {
    return new ConsumerState(
        new SequencePair(delivered, delivered),
        new SequencePair(floor, floor),
        Map.of(delivered, new Pending(delivered, 1_700_000_000_000_000_000L)),
        Map.of(delivered, 2L));
  }

  @Test
  void codecRoundTripsEveryField() {
    ConsumerState s = state(7, 5);
    assertThat(ConsumerStateCodec.decode(ConsumerStateCodec.encode(s))).isEqualTo(s);
    assertThat(ConsumerStateCodec.decode(ConsumerStateCodec.encode(new ConsumerState()))).isEqualTo(new ConsumerState());
  }

  @Test
  void aSyncedStateSurvivesACrashAndLaterSavesDoNot() {
    MapDbConsumerStorage storage = MapDbConsumerStorage.open(dir);
    ConsumerStateStore store = storage.open("S", "C");
    store.save(state(3, 2));
    storage.sync();
    store.save(state(9, 9));
    storage.crash();
    try (MapDbConsumerStorage again = MapDbConsumerStorage.open(dir)) {
      assertThat(again.open("S", "C").load()).contains(state(3, 2));
    }
  }

  @Test
  void aCleanCloseKeepsTheLastSaveOfEveryConsumer() {
    MapDbConsumerStorage storage = MapDbConsumerStorage.open(dir);
    storage.open("S", "A").save(state(1, 0));
    storage.open("S", "B").save(state(2, 1));
    storage.close();
    try (MapDbConsumerStorage again = MapDbConsumerStorage.open(dir)) {
      assertThat(again.open("S", "A").load()).contains(state(1, 0));
      assertThat(again.open("S", "B").load()).contains(state(2, 1));
      assertThat(again.open("S", "NEW").load()).isEmpty();
    }
  }

  @Test
  void aDeletedConsumerLeavesNothingBehind() {
    MapDbConsumerStorage storage = MapDbConsumerStorage.open(dir);
    ConsumerStateStore store = storage.open("S", "C");
    store.save(state(1, 1));
    storage.sync();
    store.delete();
    storage.close();
    try (MapDbConsumerStorage again = MapDbConsumerStorage.open(dir)) {
      assertThat(again.open("S", "C").load()).isEmpty();
    }
  }
}
