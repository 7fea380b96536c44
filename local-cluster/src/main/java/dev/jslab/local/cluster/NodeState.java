package dev.jslab.local.cluster;

/** Where a node is in its lifecycle, as a person watching the cluster would name it. */
public enum NodeState {
  /** Opening its data directory and recovering. */
  STARTING,
  /** Up and serving. */
  RUNNING,
  /** Shut down cleanly: everything was flushed. */
  STOPPED,
  /** Stopped abruptly: only what was durable survives. */
  KILLED,
  /** Its power was cut: only what was synced to disk survives. */
  POWERED_OFF,
  /** Frozen, as a stopped process: connections stay open, nothing is answered until resumed. */
  PAUSED,
  /** Could not start; the snapshot's {@code error} says why. */
  FAILED;

  /** True for the states in which the node is not serving. */
  public boolean isDown() {
    return this != RUNNING && this != STARTING;
  }

  /** True while the node holds its ports: running, or paused with them open. */
  public boolean isListening() {
    return this == RUNNING || this == PAUSED;
  }

  /** Lower-case label for display ({@code running}, {@code killed}, {@code powered off}, …). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
