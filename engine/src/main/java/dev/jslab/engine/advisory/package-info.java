/**
 * JetStream advisories: the JSON events nats-server publishes on {@code $JS.EVENT.ADVISORY.>} when
 * streams and consumers change, and the ids that name them.
 */
package dev.jslab.engine.advisory;
