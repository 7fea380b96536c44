/**
 * Mirrors and sources as nats-server 2.10 runs them: a stream copies another through an internal
 * push consumer on the origin, created with a {@code $JS.API.CONSUMER.CREATE} request and fed as
 * messages on an inbox, over the node's {@link dev.jslab.engine.sourcing.InternalBus}.
 */
package dev.jslab.engine.sourcing;
