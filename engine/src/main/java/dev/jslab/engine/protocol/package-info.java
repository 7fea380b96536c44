/**
 * The NATS client protocol, pure: {@link dev.jslab.engine.protocol.ProtocolParser} turns the
 * client's bytes into {@link dev.jslab.engine.protocol.ProtocolOp}s, a {@link
 * dev.jslab.engine.protocol.ClientSession} per connection answers them as nats-server does, and
 * {@link dev.jslab.engine.protocol.SubscriptionRouter} delivers publishes to subscriptions as
 * {@code MSG}/{@code HMSG} frames. No sockets and no threads: the host (the TCP layer in
 * local-cluster) feeds bytes in and writes the sessions' {@link
 * dev.jslab.engine.protocol.SessionOutput}s out, all on the node's executor.
 */
package dev.jslab.engine.protocol;
