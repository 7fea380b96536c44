/**
 * JetStream consumers as nats-server 2.10 runs them: configuration and its validation, push and
 * pull delivery, the ack protocol, redelivery with ack wait and backoff, flow control, idle
 * heartbeats, advisories and consumer info. A {@link dev.jslab.engine.consumer.Consumer} changes
 * its replicated state only through {@link dev.jslab.engine.consumer.ConsumerOp}s applied in order
 * to a {@link dev.jslab.engine.consumer.ConsumerState}; time comes from the injected scheduler and
 * randomness from an injected seeded generator.
 */
package dev.jslab.engine.consumer;
