package dev.jslab.engine.node;

/**
 * What a node found on disk when it started.
 *
 * @param starts how many times the node has started on this data directory, this start included
 * @param recoveredFromCrash true when the previous run did not shut down cleanly
 */
public record NodeRecovery(long starts, boolean recoveredFromCrash) {}
