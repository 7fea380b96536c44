package dev.jslab.engine.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MessageStore} does, whatever it stores on: each storage type's test extends
 * this class and supplies a fresh store.
 */
public abstract class MessageStoreContract {
  protected static final long T0 = 1_700_000_000_000_000_000L;
  protected MessageStore store;

  /** A new, empty store whose first sequence is {@code firstSeq}. */
  protected abstract MessageStore newStore(long firstSeq);

  @BeforeEach
  void openStore() {
    store = newStore(1);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected long put(String subject, String data) {
    return store.append(subject, null, data.getBytes(UTF_8), T0 + store.state().lastSeq() + 1);
  }

  protected long size(String subject, int headers, int data) {
    return MessageSizes.of(store.type(), subject, headers, data);
  }

  @Test
  void appendsGetConsecutiveSequencesFromOne() {
    assertThat(put("a", "1")).isEqualTo(1);
    assertThat(put("b", "2")).isEqualTo(2);
    assertThat(put("a", "3")).isEqualTo(3);
    StoredMessage m = store.load(2);
    assertThat(m.subject()).isEqualTo("b");
    assertThat(new String(m.data(), UTF_8)).isEqualTo("2");
    assertThat(m.timestampNanos()).isEqualTo(T0 + 2);
  }

  @Test
  void headersAreKeptByteExact() {
    byte[] headers = "NATS/1.0\r\nNats-Msg-Id: x\r\nX:  two  spaces \r\n\r\n".getBytes(UTF_8);
    store.append("h", headers, "body".getBytes(UTF_8), T0);
    assertThat(store.load(1).headers()).isEqualTo(headers);
    assertThat(store.state().bytes()).isEqualTo(size("h", headers.length, 4));
  }

  @Test
  void emptyStoreStartsAtItsFirstSequence() {
    store.close();
    store = newStore(100);
    assertThat(store.state()).isEqualTo(new StoreState(0, 0, 100, 0, 99, 0, 0, 0));
    assertThat(put("a", "x")).isEqualTo(100);
  }

  @Test
  void stateCountsMessagesBytesSubjectsAndInteriorGaps() {
    put("a", "1");
    put("b", "22");
    put("c", "333");
    put("a", "4");
    store.remove(2);
    StoreState state = store.state();
    assertThat(state.messages()).isEqualTo(3);
    assertThat(state.bytes()).isEqualTo(size("a", 0, 1) + size("c", 0, 3) + size("a", 0, 1));
    assertThat(state.firstSeq()).isEqualTo(1);
    assertThat(state.firstTimestampNanos()).isEqualTo(T0 + 1);
    assertThat(state.lastSeq()).isEqualTo(4);
    assertThat(state.lastTimestampNanos()).isEqualTo(T0 + 4);
    assertThat(state.numSubjects()).isEqualTo(2);
    assertThat(state.numDeleted()).isEqualTo(1);
    assertThat(store.deletedSequences()).containsExactly(2L);
  }

  @Test
  void removingTheFirstMovesFirstToTheNextStoredMessage() {
    put("a", "1");
    put("a", "2");
    put("a", "3");
    store.remove(2);
    assertThat(store.remove(1)).isTrue();
    assertThat(store.state().firstSeq()).isEqualTo(3);
    assertThat(store.state().firstTimestampNanos()).isEqualTo(T0 + 3);
    assertThat(store.state().numDeleted()).isZero();
    assertThat(store.remove(1)).isFalse();
    assertThat(store.load(1)).isNull();
  }

  @Test
  void removingEverythingLeavesFirstOnePastLast() {
    put("a", "1");
    put("a", "2");
    store.remove(2);
    store.remove(1);
    assertThat(store.state()).isEqualTo(new StoreState(0, 0, 3, 0, 2, T0 + 2, 0, 0));
    assertThat(put("a", "3")).isEqualTo(3);
    assertThat(store.state().firstSeq()).isEqualTo(3);
  }

  @Test
  void purgeAllKeepsTheSequenceGoing() {
    put("a", "1");
    put("b", "2");
    assertThat(store.purgeAll()).isEqualTo(2);
    assertThat(store.state()).isEqualTo(new StoreState(0, 0, 3, 0, 2, T0 + 2, 0, 0));
    assertThat(put("c", "3")).isEqualTo(3);
  }

  @Test
  void compactRemovesEverythingBelowTheSequence() {
    for (int i = 1; i <= 5; i++) {
      put("s" + (i % 2), "m" + i);
    }
    assertThat(store.compact(4)).isEqualTo(3);
    assertThat(store.state().firstSeq()).isEqualTo(4);
    assertThat(store.state().messages()).isEqualTo(2);
    assertThat(store.filteredState("s1", 1)).isEqualTo(new SubjectState(1, 5, 5));
  }

  @Test
  void compactPastTheEndEmptiesTheStoreAndMovesTheNextSequence() {
    put("a", "1");
    assertThat(store.compact(10)).isEqualTo(1);
    assertThat(store.state().firstSeq()).isEqualTo(10);
    assertThat(store.state().lastSeq()).isEqualTo(9);
    assertThat(put("a", "x")).isEqualTo(10);
  }

  @Test
  void purgeBySubjectRemovesOnlyMatchingSubjects() {
    put("orders.eu", "1");
    put("orders.us", "2");
    put("orders.eu", "3");
    put("payments", "4");
    assertThat(store.purge("orders.*", 0, 0)).isEqualTo(3);
    assertThat(store.state().messages()).isEqualTo(1);
    assertThat(store.load(4)).isNotNull();
    assertThat(store.state().firstSeq()).isEqualTo(4);
  }

  @Test
  void purgeBySubjectKeepingTheNewest() {
    for (int i = 1; i <= 5; i++) {
      put("k", "v" + i);
    }
    put("other", "x");
    assertThat(store.purge("k", 0, 2)).isEqualTo(3);
    assertThat(store.subjectsState(">"))
        .isEqualTo(Map.of("k", new SubjectState(2, 4, 5), "other", new SubjectState(1, 6, 6)));
  }

  @Test
  void purgeBySubjectBelowASequence() {
    for (int i = 1; i <= 5; i++) {
      put("k", "v" + i);
    }
    assertThat(store.purge("k", 4, 0)).isEqualTo(3);
    assertThat(store.state().firstSeq()).isEqualTo(4);
  }

  @Test
  void purgeAllKeepingTheLastMessages() {
    for (int i = 1; i <= 5; i++) {
      put("k" + i, "v");
    }
    assertThat(store.purge("", 0, 2)).isEqualTo(3);
    assertThat(store.state().firstSeq()).isEqualTo(4);
    assertThat(store.purge(">", 0, 5)).isZero();
  }

  @Test
  void loadNextFindsTheFirstMatchAtOrAfterASequence() {
    put("a.1", "1");
    put("b.1", "2");
    put("a.2", "3");
    put("b.2", "4");
    assertThat(store.loadNext("b.*", 1).seq()).isEqualTo(2);
    assertThat(store.loadNext("b.*", 3).seq()).isEqualTo(4);
    assertThat(store.loadNext("a.1", 2)).isNull();
    assertThat(store.loadNext(">", 3).seq()).isEqualTo(3);
    assertThat(store.loadNext("", 0).seq()).isEqualTo(1);
    assertThat(store.loadNext("c", 1)).isNull();
  }

  @Test
  void loadLastFindsTheNewestMatch() {
    put("a.1", "1");
    put("b.1", "2");
    put("a.2", "3");
    put("b.1", "4");
    assertThat(store.loadLast("a.*").seq()).isEqualTo(3);
    assertThat(store.loadLast("b.1").seq()).isEqualTo(4);
    store.remove(4);
    assertThat(store.loadLast("b.1").seq()).isEqualTo(2);
    assertThat(store.loadLast(">").seq()).isEqualTo(3);
    assertThat(store.loadLast("zzz")).isNull();
  }

  @Test
  void subjectFirstAndLastFollowRemovals() {
    put("k", "1");
    put("x", "2");
    put("k", "3");
    put("k", "4");
    store.remove(1);
    store.remove(4);
    assertThat(store.filteredState("k", 1)).isEqualTo(new SubjectState(1, 3, 3));
    assertThat(store.filteredState(">", 1)).isEqualTo(new SubjectState(2, 2, 3));
  }

  @Test
  void filteredStateFromAMiddleSequence() {
    for (int i = 1; i <= 6; i++) {
      put(i % 2 == 0 ? "even" : "odd", "v");
    }
    assertThat(store.filteredState("even", 3)).isEqualTo(new SubjectState(2, 4, 6));
    assertThat(store.filteredState(">", 5)).isEqualTo(new SubjectState(2, 5, 6));
  }

  @Test
  void numPendingCountsAllOrOnlyTheLastPerSubject() {
    put("a", "1");
    put("b", "2");
    put("a", "3");
    put("c", "4");
    assertThat(store.numPending(1, ">", false)).isEqualTo(4);
    assertThat(store.numPending(2, "a", false)).isEqualTo(1);
    assertThat(store.numPending(1, ">", true)).isEqualTo(3);
    assertThat(store.numPending(3, ">", true)).isEqualTo(2);
  }

  @Test
  void sequenceAtOrAfterATime() {
    put("a", "1");
    put("a", "2");
    put("a", "3");
    assertThat(store.seqAtOrAfter(T0 + 2)).isEqualTo(2);
    assertThat(store.seqAtOrAfter(0)).isEqualTo(1);
    assertThat(store.seqAtOrAfter(T0 + 99)).isEqualTo(4);
  }

  @Test
  void appendAtKeepsGivenSequencesAndCountsTheGapsAsDeleted() {
    store.appendAt(5, "m", null, null, T0);
    store.appendAt(8, "m", null, null, T0 + 1);
    assertThat(store.state().firstSeq()).isEqualTo(5);
    assertThat(store.state().lastSeq()).isEqualTo(8);
    assertThat(store.state().numDeleted()).isEqualTo(2);
    assertThat(store.deletedSequences()).containsExactly(6L, 7L);
  }

  @Test
  void skipToMovesTheNextSequence() {
    put("a", "1");
    store.skipTo(10);
    assertThat(put("a", "2")).isEqualTo(10);
    assertThat(store.state().numDeleted()).isEqualTo(8);
  }

  @Test
  void manyMessagesKeepEveryPayload() {
    for (int i = 1; i <= 10_000; i++) {
      put("s." + (i % 7), "payload-" + i);
    }
    for (int i = 1; i <= 10_000; i += 3) {
      store.remove(i);
    }
    assertThat(store.state().messages()).isEqualTo(10_000 - 3334);
    assertThat(new String(store.load(9_999).data(), UTF_8)).isEqualTo("payload-9999");
    assertThat(store.load(10_000)).isNull();
    assertThat(store.subjectsState(">")).hasSize(7);
    List<Long> deleted = store.deletedSequences();
    assertThat(deleted).hasSize(3333).startsWith(4L, 7L);
  }
}
