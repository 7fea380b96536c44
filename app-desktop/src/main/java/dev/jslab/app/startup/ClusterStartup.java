package dev.jslab.app.startup;

import dev.jslab.local.cli.ClusterOptions;
import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.LocalCluster;
import java.util.List;
import picocli.CommandLine.ParameterException;

/**
 * Reads the cluster options from the explorer's arguments and starts that cluster, turning every
 * expected failure into a {@link StartupOutcome.Failed} instead of an exception.
 *
 * <p>Blocks until the nodes run: call it off the FX thread (JavaFX's {@code init()} is).
 */
public final class ClusterStartup {
  private ClusterStartup() {}

  /** Parses {@code rawArgs} (unknown ones are ignored) and starts the cluster they describe. */
  public static StartupOutcome start(List<String> rawArgs) {
    ClusterSpec spec;
    try {
      spec = ClusterOptions.parse(rawArgs.toArray(String[]::new));
    } catch (ParameterException e) {
      return new StartupOutcome.Failed("The command line is not valid", e);
    }
    try {
      return new StartupOutcome.Started(LocalCluster.start(spec));
    } catch (RuntimeException e) { // ClusterStartException, an unusable data directory, or worse
      return new StartupOutcome.Failed("The local cluster could not start", e);
    }
  }
}
