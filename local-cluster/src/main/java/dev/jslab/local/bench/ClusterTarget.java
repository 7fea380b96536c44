package dev.jslab.local.bench;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The replicated figures on a cluster: the JetStream wire figures on a stream with replicas,
 * driven through the stream leader's node ({@link LeaderStreams}), printed as {@code
 * <label>.r3.js.…}; and the failover figures ({@link FailoverBench}), {@code
 * <label>.r3.failover.…}.
 *
 * <p>Used by one thread; {@link #close} stops the cluster.
 */
final class ClusterTarget implements WireTarget {
  private final BenchCluster cluster;
  private final int replicas;
  private final WireBench bench;

  ClusterTarget(BenchCluster cluster, int replicas, WireBenchSize size, int rounds, Duration warmUp) {
    this.cluster = cluster;
    this.replicas = replicas;
    this.bench =
        new WireBench(
            cluster.urls().get(0), () -> new LeaderStreams(cluster, replicas), size, rounds, warmUp);
  }

  @Override
  public String label() {
    return cluster.label();
  }

  @Override
  public void measure(String name, Consumer<BenchResult> out, Consumer<String> notes) throws Exception {
    String prefix = label() + "." + FigureSelection.marker(replicas);
    if (FigureSelection.isFailover(name)) {
      FailoverBench.Fault fault =
          name.endsWith(FigureSelection.CRASH) ? FailoverBench.Fault.CRASH : FailoverBench.Fault.STEPDOWN;
      new FailoverBench(cluster, replicas).measure(fault, prefix, out, notes);
    } else {
      bench.measure(FigureSelection.wireFigure(name, replicas), prefix, out);
    }
  }

  @Override
  public void close() {
    cluster.close();
  }
}
