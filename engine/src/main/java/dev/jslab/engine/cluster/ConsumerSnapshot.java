package dev.jslab.engine.cluster;

import dev.jslab.engine.consumer.ConsumerState;
import dev.jslab.engine.consumer.ConsumerStateCodec;
import java.util.Arrays;

/**
 * What a consumer replica's Raft snapshot holds: everything the replica derived from the group's
 * entries up to the snapshot — the replicated {@link ConsumerState} and whether the log held the
 * consumer's starting point ({@code Started}) — as bytes: a version byte, a flags byte, then the
 * state in {@link ConsumerStateCodec}'s form.
 *
 * <p>Immutable and thread-safe (the state must not be changed once in a snapshot).
 */
record ConsumerSnapshot(boolean startReplicated, ConsumerState state) {
  private static final int VERSION = 1;
  private static final int START_REPLICATED = 1;

  byte[] encode() {
    byte[] st = ConsumerStateCodec.encode(state);
    byte[] out = new byte[2 + st.length];
    out[0] = VERSION;
    out[1] = (byte) (startReplicated ? START_REPLICATED : 0);
    System.arraycopy(st, 0, out, 2, st.length);
    return out;
  }

  /** @throws IllegalArgumentException when {@code data} is not an encoded consumer snapshot */
  static ConsumerSnapshot decode(byte[] data) {
    if (data.length < 2 || data[0] != VERSION) {
      throw new IllegalArgumentException(
          "unknown consumer snapshot version " + (data.length == 0 ? "(empty)" : data[0]));
    }
    return new ConsumerSnapshot(
        (data[1] & START_REPLICATED) != 0,
        ConsumerStateCodec.decode(Arrays.copyOfRange(data, 2, data.length)));
  }
}
