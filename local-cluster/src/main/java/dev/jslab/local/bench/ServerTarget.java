package dev.jslab.local.bench;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The R1 wire figures on one server: each figure is a {@link WireBench} run against the server's
 * URL, on a stream without replicas.
 *
 * <p>Used by one thread; {@link #close} stops the server if the bench started it.
 */
final class ServerTarget implements WireTarget {
  private final BenchServer server;
  private final WireBench bench;

  ServerTarget(BenchServer server, WireBenchSize size, int rounds, Duration warmUp) {
    this.server = server;
    this.bench = new WireBench(server.url(), size, rounds, warmUp);
  }

  @Override
  public String label() {
    return server.label();
  }

  @Override
  public void measure(String name, Consumer<BenchResult> out, Consumer<String> notes) throws Exception {
    bench.measure(FigureSelection.wireFigure(name, 1), label() + ".", out);
  }

  @Override
  public void close() {
    server.close();
  }
}
