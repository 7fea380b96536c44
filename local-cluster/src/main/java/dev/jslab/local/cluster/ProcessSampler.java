package dev.jslab.local.cluster;

import dev.jslab.engine.monitor.ProcessFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Samples this process for {@code /varz}: resident memory ({@code VmRSS} of {@code
 * /proc/self/status}, else the heap in use), CPU in percent of one core since the previous sample
 * ({@code utime + stime} of {@code /proc/self/stat} at 100 ticks a second, as nats-server's
 * Linux sampler reads them; 0 where there is no {@code /proc}), and the processor count.
 *
 * <p>Thread-safe.
 */
final class ProcessSampler {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path STAT = Path.of("/proc/self/stat");
  private static final double TICKS_PER_SECOND = 100;

  private long lastTicks = -1;
  private long lastWallNanos;
  private double lastPercent;

  /** One sample. */
  synchronized ProcessFacts sample() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new ProcessFacts(residentBytes(), cpuPercent(), cores, cores);
  }

  private static long residentBytes() {
    try {
      List<String> lines = Files.readAllLines(STATUS);
      for (String line : lines) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall back to the heap in use
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private double cpuPercent() {
    long ticks;
    try {
      String stat = Files.readString(STAT);
      // fields after the command name, which is in parentheses and may hold spaces
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    long now = System.nanoTime();
    if (lastTicks >= 0 && now - lastWallNanos >= 100_000_000L) {
      double cpuSeconds = (ticks - lastTicks) / TICKS_PER_SECOND;
      double wallSeconds = (now - lastWallNanos) / 1e9;
      lastPercent = Math.round(cpuSeconds / wallSeconds * 1000) / 10.0;
      lastTicks = ticks;
      lastWallNanos = now;
    } else if (lastTicks < 0) {
      lastTicks = ticks;
      lastWallNanos = now;
    }
    return lastPercent;
  }
}
