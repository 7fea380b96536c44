package dev.jslab.local.cluster;

/** One or more nodes of a cluster could not start; the message names each and why. */
public final class ClusterStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClusterStartException(String message) {
    super(message);
  }
}
