package dev.jslab.local.bench;

import java.io.IOException;
import java.util.List;

/**
 * A cluster of NATS servers the R3 bench starts, measures and breaks: its nodes are named n1, n2,
 * … ({@code server_name}), each with its own client URL on the loopback interface.
 *
 * <p>Implementations are not thread-safe unless they say so; {@link #close} stops every node that
 * still runs and deletes the cluster's storage, and may be called more than once.
 */
interface BenchCluster extends AutoCloseable {
  /** {@code lab} or {@code nats-server}: the prefix of every figure measured on it. */
  String label();

  /** Node names, n1 first. */
  List<String> nodes();

  /** The client URL of node {@code name}. */
  String urlOf(String name);

  /** Every node's client URL, in node order. */
  default List<String> urls() {
    return nodes().stream().map(this::urlOf).toList();
  }

  /**
   * Crashes node {@code name} at once, as {@code kill -9} does, and returns when it is gone.
   *
   * @throws IOException when the node cannot be crashed
   */
  void crash(String name) throws IOException;

  /**
   * Starts node {@code name}, crashed before, again from its data and returns once it runs; false,
   * doing nothing, when this cluster cannot (then no figure needs it).
   *
   * @throws IOException when the node cannot be restarted
   */
  default boolean restart(String name) throws IOException {
    return false;
  }

  @Override
  void close();

  /** Node names n1 … n{@code count}. */
  static List<String> names(int count) {
    return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> "n" + i).toList();
  }
}
