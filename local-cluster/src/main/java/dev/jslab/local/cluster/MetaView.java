package dev.jslab.local.cluster;

import java.util.Optional;

/**
 * One node's view of the cluster's meta group ({@code _meta_}, the Raft group every node joins):
 * its role, its term and the leader it knows. Immutable.
 *
 * @param role {@code leader}, {@code follower}, {@code candidate} or {@code pre-candidate}
 * @param term the node's current term
 * @param leader the leader the node knows, if any
 */
public record MetaView(String role, long term, Optional<String> leader) {
  /** {@code leader · term 3}, as a card shows it. */
  public String label() {
    return role + " · term " + term;
  }
}
