package dev.jslab.engine.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RaftStorageTest {
  @TempDir static Path dir;
  private static int files;

  static Stream<Arguments> storages() {
    Supplier<RaftStorage> memory = InMemoryRaftStorage::new;
    Supplier<RaftStorage> mapdb = () -> MapDbRaftStorage.open(dir.resolve("raft-" + files++ + ".db"));
    Supplier<RaftStorage> file = () -> FileRaftStorage.open(dir.resolve("raft-dir-" + files++));
    return Stream.of(
        Arguments.of("memory", memory), Arguments.of("mapdb", mapdb), Arguments.of("file", file));
  }

  private static Entry entry(long index, long term) {
    return new Entry(index, term, EntryType.COMMAND, ("e" + index).getBytes());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storages")
  void truncationAndSnapshotsReadBackAsTheLogAfterTheSnapshot(String name, Supplier<RaftStorage> make) {
    RaftStorage s = make.get();
    s.append(List.of(entry(1, 1), entry(2, 1), entry(3, 1), entry(4, 1)));
    s.truncateFrom(3);
    s.append(List.of(entry(3, 2)));
    s.saveHardState(new HardState(2, Optional.of("b")));
    s.saveSnapshot(new Snapshot(2, 1, Set.of("a", "b"), "two".getBytes()));
    s.sync();

    PersistentState state = s.load();
    assertThat(state.hardState()).isEqualTo(new HardState(2, Optional.of("b")));
    assertThat(state.snapshot()).contains(new Snapshot(2, 1, Set.of("a", "b"), "two".getBytes()));
    assertThat(state.entries()).containsExactly(entry(3, 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storages")
  void anInstalledSnapshotReplacesTheWholeLog(String name, Supplier<RaftStorage> make) {
    RaftStorage s = make.get();
    s.append(List.of(entry(1, 1), entry(2, 1), entry(3, 1)));
    Snapshot installed = new Snapshot(10, 3, Set.of("a"), new byte[0]);
    ReadyBuilder b = new ReadyBuilder();
    b.persistSnapshot(installed);
    b.truncate(11);
    s.persist(b.build());

    assertThat(s.load().entries()).isEmpty();
    assertThat(s.load().snapshot()).contains(installed);
  }

  @Test
  void whatWasPersistedBeforeSendingSurvivesACrashAndTheMemberResumesFromIt() {
    Path file = dir.resolve("crash.db");
    MapDbRaftStorage storage = MapDbRaftStorage.open(file);
    RaftConfig config = RaftConfig.of("G", "a", List.of("a"), RaftTimings.CLASSROOM);
    RaftNode node = new RaftNode(config, storage.load(), new SplittableRandom(1), 0);
    List<String> applied = new ArrayList<>();
    storage.persist(node.advance(node.nextDeadlineNanos()));
    for (String command : List.of("x", "y", "z")) {
      Ready r = node.propose(command.getBytes());
      storage.persist(r);
      r.committed().stream().filter(e -> e.type() == EntryType.COMMAND).forEach(e -> applied.add(new String(e.data())));
    }
    storage.persist(node.compact(2, "snap@2".getBytes()));
    long termBefore = node.term();
    // Written but never synced: a crash loses it.
    storage.saveHardState(new HardState(99, Optional.empty()));
    storage.crash();

    MapDbRaftStorage reopened = MapDbRaftStorage.open(file);
    PersistentState state = reopened.load();
    assertThat(state.hardState().term()).isEqualTo(termBefore);
    assertThat(state.snapshot()).hasValueSatisfying(s -> assertThat(new String(s.data())).isEqualTo("snap@2"));
    assertThat(state.entries()).extracting(Entry::index).containsExactly(3L, 4L);

    RaftNode restarted = new RaftNode(config, state, new SplittableRandom(2), 10_000_000_000L);
    Ready r = restarted.advance(restarted.nextDeadlineNanos());
    reopened.persist(r);
    assertThat(restarted.role()).isEqualTo(Role.LEADER);
    assertThat(restarted.term()).isEqualTo(termBefore + 1);
    assertThat(r.committed()).filteredOn(e -> e.type() == EntryType.COMMAND)
        .extracting(e -> new String(e.data()))
        .containsExactly("y", "z");
    assertThat(applied).containsExactly("x", "y", "z");
    reopened.close();
  }

  @Test
  void aFileStorageKeepsWhatItWroteThroughAKilledProcessAndDropsATornLastRecord() throws Exception {
    Path gdir = dir.resolve("file-kill");
    FileRaftStorage storage = FileRaftStorage.open(gdir);
    storage.load();
    storage.saveHardState(new HardState(3, Optional.of("a")));
    storage.append(List.of(entry(1, 3), entry(2, 3), entry(3, 3)));
    storage.truncateFrom(3);
    storage.append(List.of(entry(3, 4)));
    storage.crash(); // nothing forced: the operating system keeps the writes
    // a write cut short by a power cut leaves half a record at the end
    java.nio.file.Files.write(gdir.resolve("log"), new byte[] {0, 0, 0, 40, 1, 2}, java.nio.file.StandardOpenOption.APPEND);

    FileRaftStorage reopened = FileRaftStorage.open(gdir);
    PersistentState state = reopened.load();
    assertThat(state.hardState()).isEqualTo(new HardState(3, Optional.of("a")));
    assertThat(state.entries()).extracting(Entry::index, Entry::term)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 3L), org.assertj.core.groups.Tuple.tuple(2L, 3L),
            org.assertj.core.groups.Tuple.tuple(3L, 4L));
    reopened.append(List.of(entry(4, 4)));
    reopened.close();
    assertThat(FileRaftStorage.open(gdir).load().entries()).extracting(Entry::index).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aPowerCutTakesTheRecordsNotYetForcedButKeepsTheVote() {
    Path gdir = dir.resolve("file-power");
    FileRaftStorage storage = FileRaftStorage.open(gdir);
    storage.load();
    storage.append(List.of(entry(1, 1), entry(2, 1)));
    storage.forceToDisk();
    storage.saveHardState(new HardState(2, Optional.of("b")));
    storage.append(List.of(entry(3, 2)));
    storage.powerLoss();

    PersistentState state = FileRaftStorage.open(gdir).load();
    assertThat(state.hardState()).isEqualTo(new HardState(2, Optional.of("b")));
    assertThat(state.entries()).extracting(Entry::index).containsExactly(1L, 2L);
  }
}
