package dev.jslab.engine.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.MessageStoreContract;
import dev.jslab.engine.store.StorageType;
import org.junit.jupiter.api.Test;

class MemoryMessageStoreTest extends MessageStoreContract {
  @Override
  protected MessageStore newStore(long firstSeq) {
    return new MemoryMessageStore(firstSeq);
  }

  @Test
  void memoryBytesCountSixteenBytesOfOverheadLikeNatsServer() {
    assertThat(store.type()).isEqualTo(StorageType.MEMORY);
    put("abc", "12345");
    assertThat(store.state().bytes()).isEqualTo(3 + 5 + 16);
  }
}
