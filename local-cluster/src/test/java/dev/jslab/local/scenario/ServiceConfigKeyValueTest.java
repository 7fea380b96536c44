package dev.jslab.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValuePurgeOptions;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tutorial scenario: the {@code service-config} KV bucket, history 10, TTL 1 h. */
class ServiceConfigKeyValueTest {
  private static final String BUCKET = "service-config";

  private LabNode node;
  private KeyValue kv;

  @BeforeEach
  void start() throws Exception {
    node = LabNode.start();
    node.nc
        .keyValueManagement()
        .create(
            KeyValueConfiguration.builder()
                .name(BUCKET)
                .maxHistoryPerKey(10)
                .ttl(Duration.ofHours(1))
                .storageType(StorageType.File)
                .build());
    kv = node.nc.keyValue(BUCKET);
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** One entry as "key@revision OP value" so a whole watch compares in one assertion. */
  private static String line(KeyValueEntry e) {
    String value = e.getValue() == null ? "" : new String(e.getValue(), StandardCharsets.UTF_8);
    return e.getKey() + "@" + e.getRevision() + " " + e.getOperation() + (value.isEmpty() ? "" : " " + value);
  }

  /**
   * The tutorial's writes: 1 feature.a=on, 2 feature.b=on, 3 other.x=1, 4 feature.a=off, 5 delete
   * feature.b.
   */
  private void writeRollout() throws Exception {
    assertThat(kv.put("feature.a", utf8("on"))).isEqualTo(1);
    assertThat(kv.put("feature.b", utf8("on"))).isEqualTo(2);
    assertThat(kv.put("other.x", utf8("1"))).isEqualTo(3);
    assertThat(kv.put("feature.a", utf8("off"))).isEqualTo(4);
    kv.delete("feature.b");
  }

  /** A watcher that records entries and the end-of-initial-data signal. */
  private static final class Recorder implements KeyValueWatcher {
    final LinkedBlockingQueue<KeyValueEntry> entries = new LinkedBlockingQueue<>();
    final CountDownLatch endOfData = new CountDownLatch(1);

    @Override
    public void watch(KeyValueEntry entry) {
      entries.add(entry);
    }

    @Override
    public void endOfData() {
      endOfData.countDown();
    }

    /** Waits for end-of-data, then returns what arrived before it (and nothing more arrives). */
    List<String> initial() throws InterruptedException {
      assertThat(endOfData.await(5, TimeUnit.SECONDS)).as("end of initial data").isTrue();
      return drain(Duration.ofMillis(200));
    }

    List<String> take(int n) throws InterruptedException {
      List<String> got = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        KeyValueEntry e = entries.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("watch entry %d of %d (got %s)", i + 1, n, got).isNotNull();
        got.add(line(e));
      }
      return got;
    }

    List<String> drain(Duration quiet) throws InterruptedException {
      List<String> got = new ArrayList<>();
      KeyValueEntry e;
      while ((e = entries.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
        got.add(line(e));
      }
      return got;
    }
  }

  private List<String> initialWatch(KeyValueWatchOption... options) throws Exception {
    Recorder r = new Recorder();
    try (NatsKeyValueWatchSubscription w = kv.watch("feature.*", r, options)) {
      return r.initial();
    }
  }

  @Test
  void theBucketRoundTripsHistoryTenAndTtlOneHourOnItsBackingStream() throws Exception {
    KeyValueStatus status = kv.getStatus();
    assertThat(status.getBucketName()).isEqualTo(BUCKET);
    assertThat(status.getMaxHistoryPerKey()).isEqualTo(10);
    assertThat(status.getTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(status.getStorageType()).isEqualTo(StorageType.File);
    assertThat(status.getBackingStore()).isEqualTo("JetStream");
    StreamConfiguration c =
        node.nc.jetStreamManagement().getStreamInfo("KV_" + BUCKET).getConfiguration();
    assertThat(c.getSubjects()).containsExactly("$KV." + BUCKET + ".>");
    assertThat(c.getMaxMsgsPerSubject()).isEqualTo(10);
    assertThat(c.getMaxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(c.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.getAllowRollup()).isTrue();
    assertThat(c.getDenyDelete()).isTrue();
    assertThat(c.getAllowDirect()).isTrue();
    assertThat(c.getDiscardPolicy()).isEqualTo(DiscardPolicy.New);
  }

  @Test
  void historyKeepsTheLastTenRevisionsOfAKey() throws Exception {
    for (int i = 1; i <= 12; i++) {
      kv.put("feature.a", utf8("v" + i));
    }
    List<KeyValueEntry> history = kv.history("feature.a");
    assertThat(history).extracting(KeyValueEntry::getRevision)
        .containsExactlyElementsOf(LongStream.rangeClosed(3, 12).boxed().collect(Collectors.toList()));
    assertThat(history.get(9).getValueAsString()).isEqualTo("v12");
    assertThat(history).allMatch(e -> e.getOperation() == KeyValueOperation.PUT);
    assertThat(kv.get("feature.a").getRevision()).isEqualTo(12);
    assertThat(kv.get("feature.a", 3).getValueAsString()).isEqualTo("v3");
    assertThat(kv.get("feature.a", 2)).as("revision 2 fell out of the history").isNull();
    assertThat(kv.getStatus().getEntryCount()).isEqualTo(10);
  }

  @Test
  void aDefaultWatchSeesTheLatestEntryOfEachMatchingKeyIncludingDeletes() throws Exception {
    writeRollout();
    assertThat(initialWatch()).containsExactly("feature.a@4 PUT off", "feature.b@5 DELETE");
  }

  @Test
  void aWatchWithIncludeHistorySeesEveryRevisionOfTheMatchingKeys() throws Exception {
    writeRollout();
    assertThat(initialWatch(KeyValueWatchOption.INCLUDE_HISTORY))
        .containsExactly("feature.a@1 PUT on", "feature.b@2 PUT on", "feature.a@4 PUT off", "feature.b@5 DELETE");
    assertThat(initialWatch(KeyValueWatchOption.INCLUDE_HISTORY, KeyValueWatchOption.IGNORE_DELETE))
        .containsExactly("feature.a@1 PUT on", "feature.b@2 PUT on", "feature.a@4 PUT off");
  }

  @Test
  void aWatchIgnoringDeletesSkipsTheDeletedKey() throws Exception {
    writeRollout();
    assertThat(initialWatch(KeyValueWatchOption.IGNORE_DELETE)).containsExactly("feature.a@4 PUT off");
  }

  @Test
  void aMetaOnlyWatchCarriesRevisionsAndSizesButNoValues() throws Exception {
    writeRollout();
    Recorder r = new Recorder();
    try (NatsKeyValueWatchSubscription w = kv.watch("feature.*", r, KeyValueWatchOption.META_ONLY)) {
      assertThat(r.endOfData.await(5, TimeUnit.SECONDS)).isTrue();
      List<KeyValueEntry> got = new ArrayList<>();
      r.entries.drainTo(got);
      assertThat(got).extracting(ServiceConfigKeyValueTest::line)
          .containsExactly("feature.a@4 PUT", "feature.b@5 DELETE");
      assertThat(got.get(0).getDataLen()).as("size of 'off' from Nats-Msg-Size").isEqualTo(3);
    }
  }

  @Test
  void anUpdatesOnlyWatchStartsEmptyThenSeesPutsDeletesAndPurgesOfMatchingKeysOnly() throws Exception {
    writeRollout();
    Recorder r = new Recorder();
    try (NatsKeyValueWatchSubscription w = kv.watch("feature.*", r, KeyValueWatchOption.UPDATES_ONLY)) {
      assertThat(r.initial()).isEmpty();
      kv.put("feature.b", utf8("back"));
      kv.purge("feature.a");
      kv.put("other.x", utf8("2"));
      kv.put("feature.c", utf8("new"));
      kv.delete("feature.c");
      assertThat(r.take(4))
          .containsExactly("feature.b@6 PUT back", "feature.a@7 PURGE", "feature.c@9 PUT new", "feature.c@10 DELETE");
      assertThat(r.drain(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void keysListsOnlyKeysWhoseLatestEntryIsAValue() throws Exception {
    writeRollout();
    assertThat(kv.keys()).containsExactlyInAnyOrder("feature.a", "other.x");
    assertThat(kv.keys("feature.*")).containsExactly("feature.a");
    kv.purge("feature.a");
    assertThat(kv.keys()).containsExactly("other.x");
  }

  @Test
  void deleteKeepsTheHistoryBehindAMarkerAndPurgeLeavesOnlyTheMarker() throws Exception {
    writeRollout();
    assertThat(kv.get("feature.b")).isNull();
    assertThat(kv.history("feature.b")).extracting(ServiceConfigKeyValueTest::line)
        .containsExactly("feature.b@2 PUT on", "feature.b@5 DELETE");

    kv.purge("feature.a");
    assertThat(kv.get("feature.a")).isNull();
    assertThat(kv.history("feature.a")).extracting(ServiceConfigKeyValueTest::line)
        .containsExactly("feature.a@6 PURGE");
    var state = node.nc.jetStreamManagement().getStreamInfo("KV_" + BUCKET).getStreamState();
    assertThat(state.getMsgCount()).as("b@2, x@3, b@5, a@6").isEqualTo(4);
    assertThat(state.getLastSequence()).isEqualTo(6);
  }

  @Test
  void createOnAnExistingKeyFailsWithWrongLastSequenceButSucceedsAfterADelete() throws Exception {
    writeRollout();
    JetStreamApiException e =
        assertThrows(
            JetStreamApiException.class, () -> kv.create("feature.a", utf8("again")));
    assertThat(e.getApiErrorCode()).isEqualTo(10071);
    assertThat(e.getErrorCode()).isEqualTo(400);
    assertThat(e.getErrorDescription()).isEqualTo("wrong last sequence: 4");

    assertThat(kv.create("feature.b", utf8("reborn"))).isEqualTo(6);
    assertThat(kv.create("feature.new", utf8("first"))).isEqualTo(7);
    assertThat(kv.get("feature.b").getValueAsString()).isEqualTo("reborn");
  }

  @Test
  void updateWithAStaleRevisionFailsAndWithTheCurrentOneSucceeds() throws Exception {
    writeRollout();
    JetStreamApiException e =
        assertThrows(
            JetStreamApiException.class, () -> kv.update("feature.a", utf8("stale"), 1));
    assertThat(e.getApiErrorCode()).isEqualTo(10071);
    assertThat(e.getErrorDescription()).isEqualTo("wrong last sequence: 4");
    assertThat(kv.get("feature.a").getValueAsString()).isEqualTo("off");

    assertThat(kv.update("feature.a", utf8("on"), 4)).isEqualTo(6);
    assertThat(kv.get("feature.a").getValueAsString()).isEqualTo("on");
  }

  @Test
  void aWatchOnSeveralFiltersSeesTheLatestOfEachMatchingKey() throws Exception {
    writeRollout();
    kv.put("feature.c", utf8("new"));
    Recorder r = new Recorder();
    try (NatsKeyValueWatchSubscription w = kv.watch(List.of("feature.a", "other.*"), r)) {
      assertThat(r.initial()).containsExactly("other.x@3 PUT 1", "feature.a@4 PUT off");
    }
    assertThat(kv.keys(List.of("feature.a", "feature.c"))).containsExactlyInAnyOrder("feature.a", "feature.c");
  }

  @Test
  void purgeDeletesDropsTheMarkersOfDeletedKeys() throws Exception {
    writeRollout();
    kv.purge("other.x");
    kv.purgeDeletes(
        KeyValuePurgeOptions.builder().deleteMarkersNoThreshold().build());
    assertThat(kv.history("feature.b")).isEmpty();
    assertThat(kv.history("other.x")).isEmpty();
    assertThat(kv.history("feature.a")).extracting(ServiceConfigKeyValueTest::line)
        .containsExactly("feature.a@1 PUT on", "feature.a@4 PUT off");
    assertThat(kv.getStatus().getEntryCount()).isEqualTo(2);
  }

  @Test
  void anEntryOlderThanTheBucketTtlIsGone() throws Exception {
    node.nc
        .keyValueManagement()
        .create(KeyValueConfiguration.builder().name("short").ttl(Duration.ofMillis(500)).storageType(StorageType.Memory).build());
    KeyValue shortKv = node.nc.keyValue("short");
    shortKv.put("feature.a", utf8("on"));
    assertThat(shortKv.get("feature.a").getValueAsString()).isEqualTo("on");
    LabNode.await(Duration.ofSeconds(10), "the entry to expire", () -> {
      try {
        return shortKv.get("feature.a") == null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(shortKv.keys()).isEmpty();
    assertThat(shortKv.getStatus().getEntryCount()).isZero();
  }

  @Test
  void aWatchFromARevisionReplaysFromThereAndThenFollowsLiveUpdates() throws Exception {
    writeRollout();
    Recorder r = new Recorder();
    try (NatsKeyValueWatchSubscription w = kv.watch("feature.*", r, 4)) {
      assertThat(r.initial()).containsExactly("feature.a@4 PUT off", "feature.b@5 DELETE");
      kv.put("feature.a", utf8("on"));
      assertThat(r.take(1)).containsExactly("feature.a@6 PUT on");
    }
  }

  @Test
  void deleteWithAStaleExpectedRevisionIsRefused() throws Exception {
    writeRollout();
    JetStreamApiException e =
        assertThrows(
            JetStreamApiException.class, () -> kv.delete("feature.a", 1));
    assertThat(e.getApiErrorCode()).isEqualTo(10071);
    kv.delete("feature.a", 4);
    assertThat(kv.get("feature.a")).isNull();
    assertThat(kv.get("feature.a", 1).getValueAsString()).isEqualTo("on");
    assertThat(kv.get("feature.a", 6)).as("a delete marker is not a value").isNull();
    assertThat(kv.history("never.written")).isEmpty();
  }

  @Test
  void theBucketIsListedAndRecreatingItWithOtherLimitsIsRefused() throws Exception {
    var kvm = node.nc.keyValueManagement();
    assertThat(kvm.getBucketNames()).containsExactly(BUCKET);
    assertThat(kvm.getStatus(BUCKET).getMaxHistoryPerKey()).isEqualTo(10);
    int code =
        LabNode.apiErrorCode(
            () ->
                kvm.create(
                    KeyValueConfiguration.builder()
                        .name(BUCKET)
                        .maxHistoryPerKey(3)
                        .storageType(StorageType.File)
                        .build()));
    assertThat(code).isEqualTo(10058);
    kvm.delete(BUCKET);
    assertThat(kvm.getBucketNames()).isEmpty();
  }

  @Test
  void aWatchWithHistoryOverThousandsOfEntriesDeliversEveryOneInOrder() throws Exception {
    byte[] value = new byte[1024];
    int keys = 300;
    for (int round = 0; round < 10; round++) {
      for (int k = 0; k < keys; k++) {
        kv.put("feature.k" + k, value);
      }
    }
    Recorder r = new Recorder();
    try (NatsKeyValueWatchSubscription w = kv.watch("feature.*", r, KeyValueWatchOption.INCLUDE_HISTORY)) {
      assertThat(r.endOfData.await(15, TimeUnit.SECONDS)).as("end of initial data").isTrue();
      List<KeyValueEntry> got = new ArrayList<>();
      r.entries.drainTo(got);
      assertThat(got).hasSize(10 * keys);
      assertThat(got).extracting(KeyValueEntry::getRevision)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 10L * keys).boxed().collect(Collectors.toList()));
    }
  }

  @Test
  void aWatchOnAnEmptyBucketSignalsEndOfDataAtOnceThenSeesTheFirstPut() throws Exception {
    Recorder r = new Recorder();
    try (NatsKeyValueWatchSubscription w = kv.watch("feature.*", r)) {
      assertThat(r.initial()).isEmpty();
      kv.put("feature.a", utf8("on"));
      assertThat(r.take(1)).containsExactly("feature.a@1 PUT on");
    }
  }

  @Test
  void aWatchStartedDuringLiveWritesMissesNoRevision() throws Exception {
    for (int i = 0; i < 500; i++) {
      kv.put("feature.k" + (i % 200), utf8("v" + i));
    }
    java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicLong lastRevision = new java.util.concurrent.atomic.AtomicLong(500);
    Thread writer =
        new Thread(
            () -> {
              int i = 500;
              while (writing.get() && i < 1_500) {
                try {
                  lastRevision.set(kv.put("feature.k" + (i % 200), utf8("v" + i)));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                i++;
              }
            });
    writer.start();
    Recorder r = new Recorder();
    try (NatsKeyValueWatchSubscription w = kv.watch("feature.*", r, KeyValueWatchOption.INCLUDE_HISTORY)) {
      Thread.sleep(300);
      writing.set(false);
      writer.join(10_000);
      long last = lastRevision.get();
      List<Long> revisions = new ArrayList<>();
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while ((revisions.isEmpty() || revisions.get(revisions.size() - 1) < last) && System.nanoTime() < end) {
        KeyValueEntry e = r.entries.poll(100, TimeUnit.MILLISECONDS);
        if (e != null) {
          revisions.add(e.getRevision());
        }
      }
      assertThat(revisions)
          .as("every revision up to the last write, in order (at most 8 per key: nothing falls out)")
          .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().collect(Collectors.toList()));
    }
  }

  @Test
  void purgeDeletesKeepsRecentMarkersButDropsTheValuesBehindThem() throws Exception {
    writeRollout();
    kv.purgeDeletes();
    assertThat(kv.history("feature.b")).extracting(ServiceConfigKeyValueTest::line)
        .containsExactly("feature.b@5 DELETE");
    assertThat(kv.history("feature.a")).hasSize(2);
  }

  @Test
  void aValueOverTheBucketsMaximumSizeIsRefusedWith10054() throws Exception {
    node.nc
        .keyValueManagement()
        .create(
            KeyValueConfiguration.builder()
                .name("small")
                .maximumValueSize(16)
                .maxBucketSize(1_000)
                .storageType(StorageType.Memory)
                .build());
    KeyValue small = node.nc.keyValue("small");
    KeyValueStatus status = small.getStatus();
    assertThat(status.getMaximumValueSize()).isEqualTo(16);
    assertThat(status.getMaxBucketSize()).isEqualTo(1_000);
    small.put("feature.a", utf8("0123456789"));
    JetStreamApiException e =
        assertThrows(JetStreamApiException.class, () -> small.put("feature.a", new byte[64]));
    assertThat(e.getApiErrorCode()).isEqualTo(10054);
    assertThat(small.get("feature.a").getValueAsString()).isEqualTo("0123456789");
  }
}
