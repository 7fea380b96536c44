package dev.jslab.engine.store.mapdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.store.MessageSizes;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.MessageStoreContract;
import dev.jslab.engine.store.StorageType;
import dev.jslab.engine.store.StoreLockedException;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.store.SubjectState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbMessageStoreTest extends MessageStoreContract {
  /** Blocks of 10 messages, 2 blocks per segment, fsync off (crashes here are simulated). */
  private static final MapDbStoreOptions SMALL = new MapDbStoreOptions(10, 1 << 20, 2, 1000, 2, false);

  @TempDir Path dir;
  private int stores;
  private Path path;

  @Override
  protected MessageStore newStore(long firstSeq) {
    path = dir.resolve("s" + (++stores));
    return MapDbMessageStore.open(path, firstSeq, MapDbStoreOptions.DEFAULTS.withFsync(false));
  }

  private MapDbMessageStore small() {
    store.close();
    path = dir.resolve("small" + (++stores));
    store = MapDbMessageStore.open(path, 1, SMALL);
    return (MapDbMessageStore) store;
  }

  private MapDbMessageStore reopen() {
    store = MapDbMessageStore.open(path, 1, SMALL);
    return (MapDbMessageStore) store;
  }

  private void putMany(int n) {
    for (int i = 0; i < n; i++) {
      put("s." + (store.state().lastSeq() % 3), "payload-" + (store.state().lastSeq() + 1));
    }
  }

  private long segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(path)) {
      return files.filter(p -> p.getFileName().toString().matches("seg-\\d+\\.db")).count();
    }
  }

  private long diskBytes() throws IOException {
    try (Stream<Path> files = Files.list(path)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Test
  void fileBytesCountNatsServersRecordSize() {
    assertThat(store.type()).isEqualTo(StorageType.FILE);
    put("abc", "12345");
    assertThat(store.state().bytes()).isEqualTo(22 + 3 + 5 + 8);
  }

  @Test
  void defaultOptionsForceCommitsToDiskAndReopenTheSame() {
    store.close();
    path = dir.resolve("defaults");
    store = MapDbMessageStore.open(path, 1);
    putMany(30);
    store.remove(7);
    store.sync();
    StoreImage synced = StoreImage.of(store);
    store.close();
    store = MapDbMessageStore.open(path, 1);
    assertThat(StoreImage.of(store)).isEqualTo(synced);
  }

  @Test
  void reopenAfterCleanCloseKeepsEverything() {
    small();
    putMany(47);
    store.appendAt(60, "gap", "NATS/1.0\r\nA: b\r\n\r\n".getBytes(UTF_8), new byte[] {1, 2}, T0);
    store.remove(5);
    store.remove(33);
    store.compact(3);
    store.skipTo(70);
    StoreImage before = StoreImage.of(store);

    store.close();
    reopen();

    assertThat(StoreImage.of(store)).isEqualTo(before);
    assertThat(put("after", "x")).isEqualTo(70);
  }

  @Test
  void crashLosesExactlyTheUncommittedOpenBlockAndNothingElse() {
    MapDbMessageStore s = small();
    putMany(25);
    assertThat(s.commits()).as("a commit per sealed block").isEqualTo(2);
    StoreImage sealed = imageOfFirst(20);

    store.crash();
    reopen();

    assertThat(StoreImage.of(store)).isEqualTo(sealed);
    assertThat(put("next", "x")).isEqualTo(21);
  }

  private StoreImage imageOfFirst(long n) {
    MapDbMessageStore other = MapDbMessageStore.open(dir.resolve("ref" + (++stores)), 1, SMALL);
    try {
      for (long seq = 1; seq <= n; seq++) {
        StoredMessage m = store.load(seq);
        other.appendAt(m.seq(), m.subject(), m.headers(), m.data(), m.timestampNanos());
      }
      return StoreImage.of(other);
    } finally {
      other.delete();
    }
  }

  @Test
  void crashKeepsWhatWasSyncedAndLosesRemovalsSinceTheLastCommit() {
    small();
    putMany(5);
    store.sync();
    StoreImage synced = StoreImage.of(store);
    putMany(3);
    store.remove(2);
    store.purgeAll();

    store.crash();
    reopen();

    assertThat(StoreImage.of(store)).isEqualTo(synced);
  }

  @Test
  void sealingABlockCommitsEverythingDoneBeforeIt() {
    small();
    putMany(5);
    store.remove(3);
    store.compact(2);
    putMany(5);
    StoreImage atSeal = StoreImage.of(store);
    putMany(2);

    store.crash();
    reopen();

    assertThat(StoreImage.of(store)).isEqualTo(atSeal);
  }

  @Test
  void powerLossLosesExactlyWhatCameAfterTheLastSync() throws IOException {
    small();
    putMany(12);
    store.remove(4);
    store.sync();
    StoreImage synced = StoreImage.of(store);
    long filesAtSync = segmentFiles();
    putMany(45); // seals the synced block and more, creates segments, all committed
    store.remove(6);
    store.compact(9);
    store.sync();
    StoreImage second = StoreImage.of(store);
    store.remove(30);

    store.powerLoss();
    reopen();
    assertThat(StoreImage.of(store)).isEqualTo(second);

    putMany(3);
    store.powerLoss();
    reopen();
    assertThat(StoreImage.of(store)).isEqualTo(second);
    assertThat(synced.state().lastSeq()).isEqualTo(12);
    assertThat(filesAtSync).isEqualTo(1);
  }

  @Test
  void powerLossCutsABlockSealedAfterTheSyncBackToTheSyncedMessages() throws IOException {
    small();
    putMany(4);
    store.sync();
    StoreImage synced = StoreImage.of(store);
    putMany(30);
    store.remove(2);
    store.purge("s.1", 0, 0);

    store.powerLoss();
    reopen();

    assertThat(StoreImage.of(store)).isEqualTo(synced);
    assertThat(segmentFiles()).isEqualTo(1);
    assertThat(put("next", "x")).isEqualTo(5);
  }

  @Test
  void powerLossAfterACrashAndReopenStillGoesBackToTheLastSync() {
    small();
    putMany(7);
    store.sync();
    StoreImage synced = StoreImage.of(store);
    putMany(16); // seals two blocks: committed
    store.crash();
    reopen();
    assertThat(store.state().lastSeq()).isEqualTo(20);

    store.powerLoss();
    reopen();

    assertThat(StoreImage.of(store)).isEqualTo(synced);
  }

  @Test
  void powerLossBringsBackSegmentsEmptiedSinceTheSync() throws IOException {
    small();
    putMany(45);
    store.sync();
    StoreImage synced = StoreImage.of(store);
    store.purgeAll();
    putMany(5);
    store.crash(); // nothing committed since the sync: back to it
    reopen();
    assertThat(StoreImage.of(store)).isEqualTo(synced);

    store.compact(41);
    putMany(10); // seals a block: the compact is committed
    store.powerLoss();
    reopen();

    assertThat(StoreImage.of(store)).isEqualTo(synced);
    assertThat(segmentFiles()).isEqualTo(3);
  }

  @Test
  void segmentFilesAreDeletedAtTheSyncAfterTheyAreFullyPurged() throws IOException {
    small();
    putMany(100);
    store.sync();
    assertThat(segmentFiles()).isEqualTo(5);
    long fullDisk = diskBytes();

    store.compact(45);
    store.sync();
    assertThat(segmentFiles()).isEqualTo(3);

    store.purgeAll();
    store.sync();
    assertThat(segmentFiles()).isZero();
    assertThat(diskBytes()).isLessThan(fullDisk / 2);
    assertThat(put("a", "x")).isEqualTo(101);
    store.close();
    reopen();
    assertThat(store.state()).isEqualTo(new StoreState(1, size("a", 0, 1), 101, T0 + 101, 101,
        T0 + 101, 1, 0));
  }

  @Test
  void segmentEmptiedByInteriorRemovalsIsDeleted() throws IOException {
    small();
    putMany(40);
    for (long seq = 21; seq <= 40; seq++) {
      store.remove(seq);
    }
    store.sync();
    assertThat(segmentFiles()).isEqualTo(1);
    store.close();
    reopen();
    assertThat(store.state().messages()).isEqualTo(20);
    assertThat(store.state().lastSeq()).isEqualTo(40);
    assertThat(put("a", "x")).isEqualTo(41);
  }

  @Test
  void aSegmentFileThatACrashLeftEmptyNeverCapturesLaterBlocks() {
    small();
    putMany(10); // block 1..10 sealed and committed in seg-1
    putMany(2); // the second block of seg-1, open
    store.purgeAll(); // drops it: the next block starts a new segment
    putMany(1); // seg-13 is created; its block is never committed
    store.crash();
    reopen(); // seg-1 has room again; seg-13 was left empty
    store.skipTo(14);
    putMany(10); // block 14..23 sealed and committed
    StoreImage committed = StoreImage.of(store);

    store.crash();
    reopen();

    assertThat(StoreImage.of(store)).isEqualTo(committed);
  }

  @Test
  void reopenKeepsInteriorDeletesPurgesAndCompactPastTheEnd() {
    small();
    putMany(30);
    store.remove(12);
    store.remove(25);
    store.purge("s.1", 20, 0);
    StoreImage purged = StoreImage.of(store);
    store.close();
    reopen();
    assertThat(StoreImage.of(store)).isEqualTo(purged);
    assertThat(store.deletedSequences()).contains(12L, 25L);

    store.compact(1000);
    store.close();
    reopen();
    assertThat(store.state()).isEqualTo(new StoreState(0, 0, 1000, 0, 999, T0 + 30, 0, 0));
    assertThat(put("a", "x")).isEqualTo(1000);
  }

  @Test
  void bytesEqualTheSumOfFileRecordSizes() {
    small();
    Random random = new Random(7);
    for (int i = 0; i < 60; i++) {
      byte[] headers = random.nextBoolean() ? new byte[random.nextInt(40)] : null;
      byte[] data = new byte[random.nextInt(300)];
      store.append("subj.é." + random.nextInt(4), headers, data, T0 + i);
    }
    for (int i = 0; i < 20; i++) {
      store.remove(1 + random.nextInt(60));
    }
    assertThat(store.state().bytes()).isEqualTo(fileSizesOfStored());
    store.close();
    reopen();
    assertThat(store.state().bytes()).isEqualTo(fileSizesOfStored());
  }

  private long fileSizesOfStored() {
    long sum = 0;
    for (StoredMessage m : StoreImage.of(store).messages()) {
      sum += MessageSizes.file(m.subject(), m.headers().length, m.data().length);
    }
    return sum;
  }

  @Test
  void gapsFromAppendAtAndSkipToSurviveReopen() {
    small();
    store.appendAt(3, "a", null, null, T0);
    store.appendAt(9, "b", null, null, T0 + 1);
    store.skipTo(15);
    store.appendAt(15, "a", null, null, T0 + 2);
    for (long seq = 20; seq < 60; seq += 3) {
      store.appendAt(seq, "c", null, null, T0 + seq);
    }
    StoreImage before = StoreImage.of(store);
    store.close();
    reopen();
    assertThat(StoreImage.of(store)).isEqualTo(before);
    assertThat(store.loadNext("a", 4).seq()).isEqualTo(15);
    assertThat(store.filteredState("c", 30)).isEqualTo(new SubjectState(10, 32, 59));
  }

  @Test
  void aBlockSyncedInPiecesReadsBackWholeAfterSealAndReopen() {
    small();
    for (int i = 0; i < 9; i++) {
      putMany(3);
      store.sync();
    }
    StoreImage before = StoreImage.of(store);
    store.close();
    reopen();
    assertThat(StoreImage.of(store)).isEqualTo(before);
  }

  @Test
  void tornLastBlockIsDroppedOnReopenAndItsSequencesAreNotReused() {
    small();
    putMany(25);
    store.sync();
    store.close();
    Path lastSegment = Segment.fileFor(path, 21);
    Segment segment = Segment.open(lastSegment, false);
    byte[] value = segment.valueMap().get(21L);
    value[value.length - 3] ^= 0x55;
    segment.putValue(21L, value);
    segment.commit();
    segment.release();

    reopen();

    assertThat(store.state().messages()).isEqualTo(20);
    assertThat(store.state().lastSeq()).isEqualTo(25);
    assertThat(store.load(20)).isNotNull();
    assertThat(store.load(21)).isNull();
    assertThat(put("a", "x")).isEqualTo(26);
    store.close();
    reopen();
    assertThat(store.state().messages()).isEqualTo(21);
  }

  @Test
  void segmentMapDbCannotOpenIsMovedAsideAndTheStoreOpensAgainAndAgain() throws IOException {
    small();
    putMany(45);
    store.close();
    Path broken = Segment.fileFor(path, 21);
    Files.write(broken, new byte[4096]);

    reopen();
    assertThat(store.state().messages()).isEqualTo(25);
    assertThat(store.load(21)).isNull();
    assertThat(Files.exists(broken.resolveSibling(broken.getFileName() + ".corrupt"))).isTrue();
    store.close();

    reopen();
    assertThat(store.state().messages()).isEqualTo(25);
    assertThat(store.state().lastSeq()).isEqualTo(45);
  }

  @Test
  void damagedMetaIsRebuiltFromTheSegments() throws IOException {
    small();
    putMany(15);
    store.remove(3);
    store.close();
    Files.write(path.resolve(StoreMeta.FILE_NAME), new byte[4096]);

    reopen();

    assertThat(store.state().messages()).isEqualTo(14);
    assertThat(store.state().firstSeq()).isEqualTo(1);
    assertThat(store.state().lastSeq()).isEqualTo(15);
    assertThat(store.state().lastTimestampNanos()).isEqualTo(T0 + 15);
  }

  @Test
  void secondLiveStoreOnTheSameDirectoryIsRefusedUntilTheFirstIsGone() {
    small();
    assertThatThrownBy(() -> MapDbMessageStore.open(path, 1, SMALL))
        .isInstanceOf(StoreLockedException.class);
    store.crash();
    reopen();
    assertThatThrownBy(() -> MapDbMessageStore.open(path, 1, SMALL))
        .isInstanceOf(StoreLockedException.class);
    store.powerLoss();
    reopen();
  }

  @Test
  void closeCrashAndPowerLossAreIdempotentAndAClosedStoreRefusesWork() {
    small();
    putMany(3);
    store.crash();
    store.powerLoss();
    store.close();
    assertThatThrownBy(() -> put("a", "x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.load(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void deleteRemovesTheStoreFromDisk() {
    small();
    putMany(30);
    store.delete();
    store.delete();
    assertThat(path).doesNotExist();
    reopen();
    assertThat(store.state().messages()).isZero();
  }

  @Test
  void syncWithNothingNewDoesNotCommitAgain() {
    MapDbMessageStore s = small();
    putMany(3);
    store.sync();
    long commits = s.commits();
    store.sync();
    store.remove(99);
    store.compact(1);
    store.sync();
    assertThat(s.commits()).isEqualTo(commits);
    store.skipTo(10);
    store.sync();
    assertThat(s.commits()).isEqualTo(commits + 1);
  }

  @Test
  void removalsAreCommittedInBatches() {
    store.close();
    path = dir.resolve("batched");
    MapDbMessageStore s = MapDbMessageStore.open(path, 1,
        new MapDbStoreOptions(1000, 1 << 20, 4, 4, 2, false));
    store = s;
    putMany(20);
    store.sync();
    long commits = s.commits();
    store.remove(2);
    store.remove(4);
    store.remove(6);
    assertThat(s.commits()).isEqualTo(commits);
    store.remove(8);
    assertThat(s.commits()).isEqualTo(commits + 1);
    assertThat(store.purge("s.1", 0, 0)).isEqualTo(5);
    assertThat(s.commits()).as("one commit at the end of the purge").isEqualTo(commits + 2);
    StoreImage committed = StoreImage.of(store);
    store.crash();
    store = MapDbMessageStore.open(path, 1);
    assertThat(StoreImage.of(store)).isEqualTo(committed);
  }

  @Test
  void subjectsAreRebuiltFromBlockSummariesOnReopen() {
    small();
    putMany(35);
    store.remove(1);
    store.remove(35);
    Map<String, SubjectState> before = store.subjectsState(">");
    store.close();
    reopen();
    assertThat(store.subjectsState(">")).isEqualTo(before);
    assertThat(store.loadLast("s.1").seq()).isEqualTo(before.get("s.1").lastSeq());
    assertThat(store.numPending(1, ">", true)).isEqualTo(3);
    assertThat(List.of(store.loadNext("s.0", 1).seq())).containsExactly(4L);
  }
}
