package dev.jslab.engine.monitor;

/**
 * Facts about the hosting process, sampled by the host for each request ({@code mem}, {@code
 * cpu}, {@code cores}, {@code gomaxprocs}); the engine never reads them itself. Immutable.
 *
 * @param memBytes resident memory in bytes
 * @param cpuPercent CPU use in percent of one core
 * @param cores processors of the machine
 * @param maxProcs processors the process may use
 */
public record ProcessFacts(long memBytes, double cpuPercent, int cores, int maxProcs) {}
