package dev.jslab.local.bench;

import java.util.function.Consumer;

/**
 * A server or cluster the wire figures are measured on, under its label ({@code lab}, {@code
 * nats-server}, {@code url}): it measures one figure by name and hands over result lines named
 * {@code <label>.<figure>[.<detail>]}.
 *
 * <p>Used by one thread; {@link #close} stops what the target started.
 */
interface WireTarget extends AutoCloseable {
  /** The prefix of this target's figures. */
  String label();

  /**
   * Measures figure {@code name}, handing each result to {@code out} and free-text remarks (who led,
   * what was verified) to {@code notes}.
   *
   * @throws Exception when the target fails the figure: an error, a lost message, a timeout
   */
  void measure(String name, Consumer<BenchResult> out, Consumer<String> notes) throws Exception;

  @Override
  void close();
}
