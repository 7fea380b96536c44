package dev.jslab.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.ObjectStoreStatus;
import io.nats.client.api.ObjectStoreWatchOption;
import io.nats.client.api.ObjectStoreWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsObjectStoreWatchSubscription;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tutorial scenario: the {@code artifacts} object store holding a multi-megabyte build. */
class ArtifactsObjectStoreTest {
  private static final int FIVE_MB = 5 * 1024 * 1024;
  private static final int CHUNK = 128 * 1024;

  private LabNode node;
  private ObjectStore os;

  @BeforeEach
  void start() throws Exception {
    node = LabNode.start();
    node.nc
        .objectStoreManagement()
        .create(ObjectStoreConfiguration.builder("artifacts").storageType(StorageType.File).build());
    os = node.nc.objectStore("artifacts");
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private static byte[] seeded(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static String digestOf(byte[] data) throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(data);
    return "SHA-256=" + Base64.getUrlEncoder().encodeToString(sha);
  }

  private byte[] read(String name) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    os.get(name, out);
    return out.toByteArray();
  }

  private ObjectInfo putBuild(byte[] data) throws Exception {
    return os.put(
        ObjectMeta.builder("build-1.0.tar.gz").description("release build").build(),
        new ByteArrayInputStream(data));
  }

  @Test
  void aFiveMegabyteObjectComesBackByteIdenticalWithItsSizeChunksAndDigest() throws Exception {
    byte[] data = seeded(FIVE_MB, 42);
    ObjectInfo put = putBuild(data);
    assertThat(put.getBucket()).isEqualTo("artifacts");
    assertThat(put.getObjectName()).isEqualTo("build-1.0.tar.gz");
    assertThat(put.getSize()).isEqualTo(FIVE_MB);
    assertThat(put.getChunks()).isEqualTo(FIVE_MB / CHUNK);
    assertThat(put.getDigest()).isEqualTo(digestOf(data));
    assertThat(put.isDeleted()).isFalse();

    ObjectInfo info = os.getInfo("build-1.0.tar.gz");
    assertThat(info.getNuid()).isEqualTo(put.getNuid());
    assertThat(info.getSize()).isEqualTo(FIVE_MB);
    assertThat(info.getChunks()).isEqualTo(40);
    assertThat(info.getDigest()).isEqualTo(put.getDigest());
    assertThat(info.getDescription()).isEqualTo("release build");
    assertThat(info.getModified()).isNotNull();

    assertThat(read("build-1.0.tar.gz")).isEqualTo(data);

    ObjectStoreStatus status = os.getStatus();
    assertThat(status.getBucketName()).isEqualTo("artifacts");
    assertThat(status.getSize()).isGreaterThan(FIVE_MB);
    assertThat(status.getBackingStreamInfo().getStreamState().getMsgCount()).as("40 chunks + meta").isEqualTo(41);
  }

  @Test
  void replacingAnObjectPurgesTheOldChunks() throws Exception {
    putBuild(seeded(3 * CHUNK + 5, 1));
    byte[] second = seeded(CHUNK + 1, 2);
    ObjectInfo replaced = putBuild(second);
    assertThat(replaced.getChunks()).isEqualTo(2);
    assertThat(read("build-1.0.tar.gz")).isEqualTo(second);
    assertThat(os.getStatus().getBackingStreamInfo().getStreamState().getMsgCount()).isEqualTo(3);
  }

  @Test
  void listShowsLiveObjectsAndDeleteHidesOneButKeepsItsDeletedMeta() throws Exception {
    putBuild(seeded(2 * CHUNK, 3));
    os.put("notes.txt", "shipped".getBytes(StandardCharsets.UTF_8));
    assertThat(os.getList()).extracting(ObjectInfo::getObjectName)
        .containsExactlyInAnyOrder("build-1.0.tar.gz", "notes.txt");

    ObjectInfo deleted = os.delete("build-1.0.tar.gz");
    assertThat(deleted.isDeleted()).isTrue();
    assertThat(deleted.getSize()).isZero();
    assertThat(deleted.getChunks()).isZero();
    assertThat(os.getInfo("build-1.0.tar.gz")).isNull();
    assertThat(os.getInfo("build-1.0.tar.gz", true).isDeleted()).isTrue();
    assertThat(os.getList()).extracting(ObjectInfo::getObjectName).containsExactly("notes.txt");
    assertThat(os.getStatus().getBackingStreamInfo().getStreamState().getMsgCount())
        .as("notes chunk + notes meta + the deleted meta")
        .isEqualTo(3);
  }

  @Test
  void aLinkToAnObjectReadsTheSameBytesAndABucketLinkPointsAtTheBucket() throws Exception {
    byte[] data = seeded(CHUNK * 2 + 99, 4);
    ObjectInfo target = putBuild(data);
    ObjectInfo link = os.addLink("latest", target);
    assertThat(link.isLink()).isTrue();
    assertThat(link.getLink().isObjectLink()).isTrue();
    assertThat(link.getLink().getBucket()).isEqualTo("artifacts");
    assertThat(link.getLink().getObjectName()).isEqualTo("build-1.0.tar.gz");
    assertThat(read("latest")).isEqualTo(data);

    node.nc.objectStoreManagement()
        .create(ObjectStoreConfiguration.builder("archive").storageType(StorageType.Memory).build());
    ObjectStore archive = node.nc.objectStore("archive");
    ObjectInfo bucketLink = os.addBucketLink("old-builds", archive);
    assertThat(bucketLink.getLink().isBucketLink()).isTrue();
    assertThat(bucketLink.getLink().getBucket()).isEqualTo("archive");
    ObjectInfo stored = os.getInfo("old-builds");
    assertThat(stored.isLink()).isTrue();
    assertThat(stored.getLink().getBucket()).isEqualTo("archive");
    assertThat(stored.getLink().getObjectName()).isNull();
    assertThat(os.getList()).extracting(ObjectInfo::getObjectName)
        .containsExactlyInAnyOrder("build-1.0.tar.gz", "latest", "old-builds");
  }

  /** Records object watch events and the end-of-initial-data signal. */
  private static final class Recorder implements ObjectStoreWatcher {
    final LinkedBlockingQueue<ObjectInfo> seen = new LinkedBlockingQueue<>();
    final CountDownLatch endOfData = new CountDownLatch(1);

    @Override
    public void watch(ObjectInfo info) {
      seen.add(info);
    }

    @Override
    public void endOfData() {
      endOfData.countDown();
    }

    List<String> take(int n) throws InterruptedException {
      List<String> got = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ObjectInfo o = seen.poll(5, TimeUnit.SECONDS);
        assertThat(o).as("watch event %d of %d (got %s)", i + 1, n, got).isNotNull();
        got.add(o.getObjectName() + (o.isDeleted() ? " deleted" : " " + o.getSize()));
      }
      return got;
    }
  }

  @Test
  void aWatchSeesExistingObjectsThenNewPutsAndDeletes() throws Exception {
    os.put("a.txt", "aaa".getBytes(StandardCharsets.UTF_8));
    Recorder r = new Recorder();
    try (NatsObjectStoreWatchSubscription w = os.watch(r)) {
      assertThat(r.endOfData.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(r.take(1)).containsExactly("a.txt 3");
      os.put("b.bin", seeded(CHUNK + 10, 5));
      os.delete("a.txt");
      assertThat(r.take(2)).containsExactly("b.bin " + (CHUNK + 10), "a.txt deleted");
      assertThat(r.seen.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void anUpdatesOnlyWatchIgnoringDeletesSeesOnlyNewPuts() throws Exception {
    os.put("a.txt", "aaa".getBytes(StandardCharsets.UTF_8));
    Recorder r = new Recorder();
    try (NatsObjectStoreWatchSubscription w =
        os.watch(r, ObjectStoreWatchOption.UPDATES_ONLY, ObjectStoreWatchOption.IGNORE_DELETE)) {
      assertThat(r.endOfData.await(5, TimeUnit.SECONDS)).isTrue();
      os.delete("a.txt");
      os.put("c.txt", "cc".getBytes(StandardCharsets.UTF_8));
      assertThat(r.take(1)).containsExactly("c.txt 2");
      assertThat(r.seen.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void anEmptyObjectHasNoChunksAndReadsBackEmpty() throws Exception {
    ObjectInfo empty = os.put("empty.txt", new byte[0]);
    assertThat(empty.getSize()).isZero();
    assertThat(empty.getChunks()).isZero();
    assertThat(empty.getDigest()).isEqualTo(digestOf(new byte[0]));
    ObjectInfo stored = os.getInfo("empty.txt");
    assertThat(stored.getSize()).isZero();
    assertThat(stored.getChunks()).isZero();
    assertThat(os.getStatus().getBackingStreamInfo().getStreamState().getMsgCount()).as("only the meta").isEqualTo(1);
  }

  @Test
  void renamingThroughUpdateMetaKeepsTheBytesUnderTheNewName() throws Exception {
    byte[] data = seeded(CHUNK + 3, 6);
    putBuild(data);
    ObjectInfo renamed =
        os.updateMeta(
            "build-1.0.tar.gz",
            ObjectMeta.builder("build-1.0-final.tar.gz").description("promoted").build());
    assertThat(renamed.getObjectName()).isEqualTo("build-1.0-final.tar.gz");
    assertThat(os.getInfo("build-1.0.tar.gz")).isNull();
    assertThat(os.getInfo("build-1.0-final.tar.gz").getDescription()).isEqualTo("promoted");
    assertThat(read("build-1.0-final.tar.gz")).isEqualTo(data);
  }

  @Test
  void aSealedBucketRefusesNewObjectsButStillServesOldOnes() throws Exception {
    byte[] data = seeded(CHUNK, 7);
    putBuild(data);
    ObjectStoreStatus sealed = os.seal();
    assertThat(sealed.isSealed()).isTrue();
    assertThat(os.getStatus().isSealed()).isTrue();
    assertThrows(
        Exception.class, () -> os.put("late.txt", "x".getBytes(StandardCharsets.UTF_8)));
    assertThat(read("build-1.0.tar.gz")).isEqualTo(data);
    assertThat(node.nc.jetStreamManagement().getStreamInfo("OBJ_artifacts").getConfiguration().getSealed())
        .isTrue();
  }

  @Test
  void headersAndMetadataOfAnObjectRoundTrip() throws Exception {
    Headers h = new Headers();
    h.put("Content-Type", "application/gzip");
    ObjectInfo put =
        os.put(
            ObjectMeta.builder("build-2.tar.gz")
                .headers(h)
                .metadata(Map.of("git-sha", "abc123"))
                .chunkSize(64 * 1024)
                .build(),
            new ByteArrayInputStream(seeded(200 * 1024, 8)));
    assertThat(put.getChunks()).isEqualTo(4);
    ObjectInfo info = os.getInfo("build-2.tar.gz");
    assertThat(info.getHeaders().getFirst("Content-Type")).isEqualTo("application/gzip");
    assertThat(info.getMetaData()).containsEntry("git-sha", "abc123");
    assertThat(info.getObjectMeta().getObjectMetaOptions().getChunkSize()).isEqualTo(64 * 1024);
  }

  @Test
  void aLinkIntoAnotherBucketReadsThatBucketsObject() throws Exception {
    node.nc.objectStoreManagement()
        .create(ObjectStoreConfiguration.builder("archive").storageType(StorageType.Memory).build());
    ObjectStore archive = node.nc.objectStore("archive");
    byte[] data = seeded(CHUNK + 7, 9);
    ObjectInfo old = archive.put("build-0.9.tar.gz", data);
    ObjectInfo link = os.addLink("previous", old);
    assertThat(link.getLink().getBucket()).isEqualTo("archive");
    assertThat(link.getLink().getObjectName()).isEqualTo("build-0.9.tar.gz");
    assertThat(read("previous")).isEqualTo(data);
    assertThat(node.nc.objectStoreManagement().getBucketNames()).containsExactlyInAnyOrder("artifacts", "archive");
  }
}
