package dev.jslab.engine.store.mapdb;

import dev.jslab.engine.store.MessageSizes;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.store.SubjectState;
import dev.jslab.engine.store.memory.MemoryMessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a store shows: its state, every stored message, the deleted sequences and the
 * per-subject state. Two stores with equal images are indistinguishable through the interface.
 */
record StoreImage(
    StoreState state,
    List<StoredMessage> messages,
    List<Long> deleted,
    Map<String, SubjectState> subjects) {

  static StoreImage of(MessageStore store) {
    StoreState state = store.state();
    List<StoredMessage> messages = new ArrayList<>();
    for (long s = state.firstSeq(); s <= state.lastSeq(); s++) {
      StoredMessage m = store.load(s);
      if (m != null) {
        messages.add(m);
      }
    }
    return new StoreImage(state, messages, store.deletedSequences(), store.subjectsState(">"));
  }

  /**
   * The image of a memory store (a model) as a file store would show it: bytes counted as
   * nats-server's file store counts them.
   */
  static StoreImage asFile(MessageStore memory) {
    StoreImage image = of(memory);
    StoreState s = image.state();
    long bytes = 0;
    for (StoredMessage m : image.messages()) {
      bytes += MessageSizes.file(m.subject(), m.headers().length, m.data().length);
    }
    StoreState state = new StoreState(s.messages(), bytes, s.firstSeq(), s.firstTimestampNanos(),
        s.lastSeq(), s.lastTimestampNanos(), s.numSubjects(), s.numDeleted());
    return new StoreImage(state, image.messages(), image.deleted(), image.subjects());
  }

  /** A memory store showing this image, to go on from it. */
  MemoryMessageStore toMemoryStore() {
    long lastSeq = state.lastSeq();
    if (messages.isEmpty()) {
      if (state.lastTimestampNanos() == 0 || lastSeq == 0) {
        return new MemoryMessageStore(lastSeq + 1);
      }
      MemoryMessageStore m = new MemoryMessageStore(lastSeq);
      m.appendAt(lastSeq, "x", null, null, state.lastTimestampNanos());
      m.remove(lastSeq);
      return m;
    }
    MemoryMessageStore m = new MemoryMessageStore(messages.get(0).seq());
    for (StoredMessage msg : messages) {
      m.appendAt(msg.seq(), msg.subject(), msg.headers(), msg.data(), msg.timestampNanos());
    }
    if (lastSeq > messages.get(messages.size() - 1).seq()) {
      m.appendAt(lastSeq, "x", null, null, state.lastTimestampNanos());
      m.remove(lastSeq);
    }
    return m;
  }
}
