package dev.jslab.engine.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.MessageStoreContract;
import dev.jslab.engine.store.StorageType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbMessageStoreTest extends MessageStoreContract {
  @TempDir Path dir;
  private int stores;

  @Override
  protected MessageStore newStore(long firstSeq) {
    return MapDbMessageStore.open(dir.resolve("s" + (++stores)), firstSeq);
  }

  @Test
  void fileBytesCountNatsServersRecordSize() {
    assertThat(store.type()).isEqualTo(StorageType.FILE);
    put("abc", "12345");
    assertThat(store.state().bytes()).isEqualTo(22 + 3 + 5 + 8);
  }
}
