package dev.jslab.local.bench;

import java.util.Locale;

/**
 * One measured figure, printed as {@code bench <name> <value> <unit>} so scripts can read it.
 *
 * @param name dotted name, e.g. {@code engine.memory.append}
 * @param value the figure
 * @param unit e.g. {@code msgs/s}, {@code ms}, {@code MB}
 */
public record BenchResult(String name, double value, String unit) {
  /** The line the bench command prints. */
  public String line() {
    String number =
        value >= 100 || value == Math.rint(value)
            ? Long.toString(Math.round(value))
            : String.format(Locale.ROOT, "%.2f", value);
    return "bench " + name + " " + number + " " + unit;
  }
}
