/** Benchmarks: {@code jslab bench}, printing one {@code bench <name> <value> <unit>} line per figure. */
package dev.jslab.local.bench;
