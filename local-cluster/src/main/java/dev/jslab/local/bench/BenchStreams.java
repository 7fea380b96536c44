package dev.jslab.local.bench;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;

/**
 * Where the wire bench's stream lives and which connection drives it: before each round the bench
 * asks for a fresh, empty stream {@value #STREAM} on {@value #SUBJECT} and gets back the connection
 * to publish and fetch through — the one server's, or the stream leader's in a cluster.
 *
 * <p>Used by one thread at a time; {@link #close} closes the connections it opened.
 */
interface BenchStreams extends AutoCloseable {
  /** The stream every round measures. */
  String STREAM = "BENCH";
  /** Its one subject. */
  String SUBJECT = "bench.js";

  /** Opens the streams of one figure. */
  interface Opener {
    BenchStreams open() throws Exception;
  }

  /**
   * Replaces stream {@value #STREAM} with an empty one of {@code storage} and returns the
   * connection a round uses for it.
   *
   * @throws Exception when the server refuses the stream (its error text) or does not answer
   */
  Connection fresh(StorageType storage) throws Exception;

  @Override
  void close();

  /** Closes {@code nc}, ignoring an interrupt (the flag is kept) and a connection already gone. */
  static void closeQuietly(Connection nc) {
    try {
      nc.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
