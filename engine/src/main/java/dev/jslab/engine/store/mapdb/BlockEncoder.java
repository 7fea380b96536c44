package dev.jslab.engine.store.mapdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes messages into a block's bytes, record after record, in the format {@link BlockCodec}
 * reads, and keeps their {@link BlockRecords} so the block can be read while it is filled.
 *
 * <p>The bytes are a sequence of runs. A run is a header (record count, byte length, first
 * sequence, first timestamp: 24 bytes) and records delta-encoded against the previous one:
 * sequence delta, zig-zag timestamp delta, subject reference (0 introduces a new subject spelled
 * out, {@code k} refers to the run's k-th subject), header length and headers, payload length and
 * payload. A run is self-contained, so each stored piece of a block decodes on its own.
 *
 * <p>Not thread-safe.
 */
final class BlockEncoder {
  static final int RUN_HEADER = 24;
  private static final byte[] EMPTY = new byte[0];

  private final ByteSink sink;
  private final BlockRecords records;
  private boolean runOpen;
  private int runStart;
  private int runCount;
  private long previousSeq;
  private long previousTs;
  private int[] runRefs = new int[4];
  private int runSubjects;
  private byte[][] utf8 = new byte[4][];
  private String lastSubject;
  private int lastSubjectId = -1;

  /** An encoder for a block that will hold about {@code maxBytes} and {@code maxRecords}. */
  BlockEncoder(int maxBytes, int maxRecords) {
    sink = new ByteSink(Math.min(maxBytes, 1 << 16), maxBytes + (1 << 16));
    records = new BlockRecords(sink, Math.min(maxRecords, 1024));
  }

  BlockRecords records() {
    return records;
  }

  /** Encoded bytes so far. */
  int size() {
    return sink.size();
  }

  /** Encodes one message and returns its subject id in this block. */
  int append(long seq, String subject, byte[] headers, byte[] data, long ts) {
    headers = headers == null ? EMPTY : headers;
    data = data == null ? EMPTY : data;
    if (!runOpen) {
      startRun(seq, ts);
    }
    int id = subjectId(subject);
    sink.writeVarLong(seq - previousSeq);
    sink.writeVarLong(ByteSink.zigZag(ts - previousTs));
    int ref = runRefs[id];
    if (ref == 0) {
      sink.writeVarLong(0);
      sink.writeVarLong(utf8[id].length);
      sink.writeBytes(utf8[id]);
      runRefs[id] = ++runSubjects;
    } else {
      sink.writeVarLong(ref);
    }
    sink.writeVarLong(headers.length);
    int headerOffset = sink.size();
    sink.writeBytes(headers);
    sink.writeVarLong(data.length);
    int dataOffset = sink.size();
    sink.writeBytes(data);
    records.add(seq, ts, id, headerOffset, headers.length, dataOffset, data.length);
    runCount++;
    sink.setInt(runStart, runCount);
    sink.setInt(runStart + 4, sink.size() - runStart - RUN_HEADER);
    previousSeq = seq;
    previousTs = ts;
    return id;
  }

  /** Ends the current run: what follows starts a new one, decodable without what came before. */
  void closeRun() {
    runOpen = false;
  }

  /** The stored value holding the encoded bytes from {@code from} (a run boundary) to the end. */
  byte[] value(int from) {
    return BlockCodec.frame(sink.array(), from, sink.size());
  }

  private void startRun(long seq, long ts) {
    runStart = sink.size();
    sink.writeInt(0);
    sink.writeInt(0);
    sink.writeLong(seq);
    sink.writeLong(ts);
    runCount = 0;
    previousSeq = seq;
    previousTs = ts;
    Arrays.fill(runRefs, 0, Math.min(runRefs.length, records.subjectCount()), 0);
    runSubjects = 0;
    runOpen = true;
  }

  private int subjectId(String subject) {
    if (subject.equals(lastSubject)) {
      return lastSubjectId;
    }
    int id = records.subjectId(subject);
    if (id >= utf8.length) {
      int n = Math.max(id + 1, utf8.length * 2);
      utf8 = Arrays.copyOf(utf8, n);
      runRefs = Arrays.copyOf(runRefs, n);
    }
    if (utf8[id] == null) {
      utf8[id] = subject.getBytes(StandardCharsets.UTF_8);
    }
    lastSubject = subject;
    lastSubjectId = id;
    return id;
  }
}
