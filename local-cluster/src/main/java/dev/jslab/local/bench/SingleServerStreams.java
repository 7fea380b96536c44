package dev.jslab.local.bench;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;

/**
 * The R1 bench's streams: one connection to one server, which holds the stream without replicas.
 *
 * <p>Used by one thread at a time.
 */
final class SingleServerStreams implements BenchStreams {
  private final Connection nc;

  SingleServerStreams(String url) throws Exception {
    this.nc = BenchConnections.connect(url);
  }

  @Override
  public Connection fresh(StorageType storage) throws Exception {
    StreamSetup.replace(nc.jetStreamManagement(), STREAM, SUBJECT, storage, 1);
    return nc;
  }

  @Override
  public void close() {
    BenchStreams.closeQuietly(nc);
  }
}
