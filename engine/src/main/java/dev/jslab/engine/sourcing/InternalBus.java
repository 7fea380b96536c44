package dev.jslab.engine.sourcing;

import dev.jslab.engine.message.OutboundMessage;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The messaging a stream's mirror and sources run over, as nats-server's internal client does:
 * subscribe to an inbox, publish, send a request. Everything between a mirror and its origin is a
 * message on this bus — the {@code CONSUMER.CREATE} request and its answer, the deliveries, idle
 * heartbeats and flow-control requests, the flow-control replies — so the same mirror code runs
 * against an origin in this node, in another node of the cluster, or across a WAN link ({@code
 * external.api = $JS.<domain>.API}), depending only on the bus behind it.
 *
 * <p>Called on the node's executor. Nothing is delivered inside the call that sends it: handlers
 * run later, on the node's executor, one message at a time, like a network hop. Nothing blocks and
 * nothing throws for a message nobody receives; a request nobody answers simply gets no reply
 * (callers time out on their own).
 */
public interface InternalBus {
  /** A message as a subscriber receives it. */
  record Message(String subject, String reply, byte[] headers, byte[] data) {
    private static final byte[] EMPTY = new byte[0];

    public Message {
      Objects.requireNonNull(subject, "subject");
      reply = reply == null ? "" : reply;
      headers = headers == null ? EMPTY : headers;
      data = data == null ? EMPTY : data;
    }
  }

  /** An interest that can be withdrawn; cancelling twice is harmless. */
  @FunctionalInterface
  interface Subscription {
    void cancel();
  }

  /**
   * Receives every message published to the literal {@code subject} until cancelled. Messages
   * already under way when the subscription is cancelled are not delivered.
   */
  Subscription subscribe(String subject, Consumer<Message> handler);

  /** Publishes a message to {@code message.route()}. */
  void publish(OutboundMessage message);

  /**
   * Publishes {@code body} to {@code subject} with a fresh reply inbox and hands the first reply to
   * {@code onReply}; cancelling stops waiting. There is no timeout here: the caller keeps its own.
   */
  Subscription request(String subject, byte[] body, Consumer<Message> onReply);
}
