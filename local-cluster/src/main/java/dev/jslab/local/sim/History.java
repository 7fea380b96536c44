package dev.jslab.local.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The ordered record of a simulated run: one line per thing that happened, stamped with the virtual
 * time; every line feeds a SHA-256, so two runs are the same run exactly when their {@link #hash()}
 * is. Only the latest lines are kept for reading.
 *
 * <p>Not thread-safe: confined to the thread that drives the simulation.
 */
final class History {
  private final LongSupplier clock;
  private final int kept;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private final MessageDigest digest;
  private boolean recording = true;

  /** A history stamped by {@code clock}, keeping the latest {@code kept} lines. */
  History(LongSupplier clock, int kept) {
    this.clock = clock;
    this.kept = kept;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether lines are recorded at all (off only where speed is measured). */
  void recording(boolean on) {
    recording = on;
  }

  boolean isRecording() {
    return recording;
  }

  /** Records one line, stamped with the time now. */
  void record(String line) {
    if (!recording) {
      return;
    }
    String stamped = clock.getAsLong() + " " + line;
    if (lines.size() == kept) {
      lines.removeFirst();
    }
    lines.addLast(stamped);
    digest.update(stamped.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
  }

  /** The latest lines, oldest first. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /** SHA-256 of every line so far, in hex. */
  String hash() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }
}
