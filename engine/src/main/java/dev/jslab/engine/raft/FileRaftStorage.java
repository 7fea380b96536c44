package dev.jslab.engine.raft;

import dev.jslab.engine.store.StorageException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * {@link RaftStorage} in two plain files of a directory, as nats-server keeps a group's Raft WAL:
 * {@code log}, the entries after the snapshot as checksummed records appended with one write per
 * {@link Ready}, and {@code state}, the hard state and the latest snapshot, replaced atomically and
 * forced on every change (they change at elections and compactions only). Appends are not forced:
 * a killed process loses nothing it wrote (the operating system has it); {@link #forceToDisk()}
 * makes them survive a power cut, on the owner's sync schedule. On {@link #load} a torn last record
 * (a write cut short) is dropped.
 *
 * <p>Not thread-safe: confined to the member's driver.
 */
public final class FileRaftStorage implements RaftStorage, AutoCloseable {
  private static final int HEADER = 4 + 4; // body length, CRC32C of the body
  private static final int BODY_FIXED = 8 + 8 + 1; // index, term, type

  private final Path dir;
  private FileChannel log;
  private HardState hardState = HardState.INITIAL;
  private Optional<Snapshot> snapshot = Optional.empty();
  /** Index of the first record in the log file; offsets.get(i) is where index first + i starts. */
  private long firstIndex;
  private final List<Long> offsets = new ArrayList<>();
  private long end;
  /** How much of the log file was forced to disk (a power cut keeps no more). */
  private long forcedEnd;

  private FileRaftStorage(Path dir, FileChannel log) {
    this.dir = dir;
    this.log = log;
  }

  /** Opens (or creates) the storage in directory {@code dir}. */
  public static FileRaftStorage open(Path dir) {
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(dir.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileRaftStorage s = new FileRaftStorage(dir, channel);
      s.readState();
      return s;
    } catch (IOException e) {
      throw new StorageException("cannot open Raft storage " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public PersistentState load() {
    List<Entry> entries = new ArrayList<>();
    offsets.clear();
    long after = snapshot.map(Snapshot::lastIndex).orElse(0L);
    firstIndex = after + 1;
    try {
      long size = log.size();
      long at = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (at + HEADER <= size) {
        header.clear();
        log.read(header, at);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length < BODY_FIXED || at + HEADER + length > size) {
          break; // torn write
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        log.read(body, at + HEADER);
        CRC32C check = new CRC32C();
        check.update(body.array());
        if ((int) check.getValue() != crc) {
          break;
        }
        body.flip();
        long index = body.getLong();
        long term = body.getLong();
        EntryType type = EntryType.values()[body.get()];
        byte[] data = new byte[body.remaining()];
        body.get(data);
        if (index <= after) {
          at += HEADER + length; // compacted away after this record was written
          continue;
        }
        if (index != firstIndex + offsets.size()) {
          break; // not contiguous: nothing after a gap is trusted
        }
        offsets.add(at);
        entries.add(new Entry(index, term, type, data));
        at += HEADER + length;
      }
      end = at;
      forcedEnd = end; // what a start finds is what survived
      if (end < size) {
        log.truncate(end);
      }
    } catch (IOException e) {
      throw new StorageException("cannot read Raft log in " + dir + ": " + e.getMessage(), e);
    }
    return new PersistentState(hardState, snapshot, entries);
  }

  @Override
  public void saveHardState(HardState state) {
    hardState = state;
    writeState();
  }

  @Override
  public void saveSnapshot(Snapshot taken) {
    snapshot = Optional.of(taken);
    writeState();
    // keep only the records after the snapshot: copy them into a new log file
    try {
      long keepFrom = taken.lastIndex() + 1;
      long from = keepFrom >= firstIndex && keepFrom - firstIndex < offsets.size()
          ? offsets.get((int) (keepFrom - firstIndex)) : end;
      Path fresh = dir.resolve("log.new");
      try (FileChannel out = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        log.transferTo(from, end - from, out);
        out.force(true);
      }
      List<Long> kept = new ArrayList<>();
      for (int i = (int) Math.max(0, keepFrom - firstIndex); i < offsets.size(); i++) {
        kept.add(offsets.get(i) - from);
      }
      Files.move(fresh, dir.resolve("log"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      // the channel still points at the old file: reopen on the new one
      reopenLog();
      offsets.clear();
      offsets.addAll(kept);
      firstIndex = keepFrom;
      end = end - from;
    } catch (IOException e) {
      throw new StorageException("cannot compact Raft log in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void reopenLog() throws IOException {
    FileChannel old = log;
    log = FileChannel.open(dir.resolve("log"), StandardOpenOption.READ, StandardOpenOption.WRITE);
    old.close();
  }

  @Override
  public void truncateFrom(long index) {
    if (index < firstIndex || index - firstIndex >= offsets.size()) {
      return;
    }
    int i = (int) (index - firstIndex);
    end = offsets.get(i);
    offsets.subList(i, offsets.size()).clear();
    try {
      log.truncate(end);
    } catch (IOException e) {
      throw new StorageException("cannot truncate Raft log in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void append(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    int total = 0;
    for (Entry e : entries) {
      total += HEADER + BODY_FIXED + e.data().length;
    }
    ByteBuffer buf = ByteBuffer.allocate(total);
    long at = end;
    for (Entry e : entries) {
      if (offsets.isEmpty()) {
        firstIndex = e.index();
      }
      int length = BODY_FIXED + e.data().length;
      int bodyStart = buf.position() + HEADER;
      buf.putInt(length);
      buf.putInt(0); // checksum, filled in below
      buf.putLong(e.index());
      buf.putLong(e.term());
      buf.put((byte) e.type().ordinal());
      buf.put(e.data());
      CRC32C check = new CRC32C();
      check.update(buf.array(), bodyStart, length);
      buf.putInt(bodyStart - 4, (int) check.getValue());
      offsets.add(at);
      at += HEADER + length;
    }
    buf.flip();
    try {
      long position = end;
      while (buf.hasRemaining()) {
        position += log.write(buf, position);
      }
    } catch (IOException e) {
      throw new StorageException("cannot append to Raft log in " + dir + ": " + e.getMessage(), e);
    }
    end = at;
  }

  /** Forces the appended records to disk. */
  public void forceToDisk() {
    try {
      if (log.isOpen()) {
        log.force(false);
        forcedEnd = end;
      }
    } catch (IOException e) {
      throw new StorageException("cannot sync Raft log in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A clean stop: everything forced, the file released. */
  @Override
  public void close() {
    forceToDisk();
    crash();
  }

  /** A killed process: what was written stays with the operating system; the file is released. */
  public void crash() {
    try {
      log.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A power cut: the records appended since the last {@link #forceToDisk()} are gone (the state
   * file is always forced); the file is released.
   */
  public void powerLoss() {
    try {
      if (log.isOpen() && forcedEnd < log.size()) {
        log.truncate(forcedEnd);
      }
    } catch (IOException e) {
      throw new StorageException("cannot cut Raft log in " + dir + ": " + e.getMessage(), e);
    }
    crash();
  }

  /** Removes the storage's files (its group was deleted); the storage must be closed. */
  public static void delete(Path dir) {
    try {
      for (String name : List.of("log", "log.new", "state", "state.new")) {
        Files.deleteIfExists(dir.resolve(name));
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new StorageException("cannot delete Raft storage " + dir + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- the state file

  private void writeState() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      RaftStateCodec.writeHardState(out, hardState);
      out.writeBoolean(snapshot.isPresent());
      if (snapshot.isPresent()) {
        RaftStateCodec.writeSnapshot(out, snapshot.get());
      }
      Path fresh = dir.resolve("state.new");
      try (FileChannel ch = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(fresh, dir.resolve("state"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StorageException("cannot write Raft state in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void readState() throws IOException {
    Path file = dir.resolve("state");
    if (!Files.exists(file)) {
      return;
    }
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      hardState = RaftStateCodec.readHardState(in);
      if (in.readBoolean()) {
        snapshot = Optional.of(RaftStateCodec.readSnapshot(in));
      }
    }
  }
}
