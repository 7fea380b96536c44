package dev.jslab.engine.stream;

import java.util.List;

/** Where a stream's replicas should live: a cluster name and server tags. */
public record Placement(String cluster, List<String> tags) {
  public Placement {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
