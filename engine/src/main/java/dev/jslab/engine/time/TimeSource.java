package dev.jslab.engine.time;

/**
 * Where the engine reads the time: nanoseconds since the Unix epoch, the unit of JetStream's
 * message timestamps. Implementations decide whether it is the wall clock or virtual time.
 *
 * <p>Implementations are called from the node's executor only, unless they say otherwise.
 */
@FunctionalInterface
public interface TimeSource {
  long nowNanos();
}
