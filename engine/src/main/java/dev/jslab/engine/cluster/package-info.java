/**
 * JetStream clustering on Raft, as nats-server does it: a meta group on every node places streams
 * and serves the JetStream API; each replicated stream has its own group among its replicas, whose
 * leader takes publishes and answers once a quorum has committed them.
 */
package dev.jslab.engine.cluster;
