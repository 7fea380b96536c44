package dev.jslab.app.startup;

import dev.jslab.local.cluster.LocalCluster;
import java.util.Objects;

/**
 * What came of starting the explorer's cluster: a running cluster, or why there is none.
 * Immutable.
 */
public sealed interface StartupOutcome {

  /** The cluster runs; the explorer owns it and closes it on exit. */
  record Started(LocalCluster cluster) implements StartupOutcome {
    public Started {
      Objects.requireNonNull(cluster, "cluster");
    }
  }

  /**
   * The cluster could not start.
   *
   * @param summary a headline for the person, e.g. "The command line is not valid"
   * @param cause the failure, whose message says why in one line
   */
  record Failed(String summary, Throwable cause) implements StartupOutcome {
    public Failed {
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(cause, "cause");
    }
  }
}
