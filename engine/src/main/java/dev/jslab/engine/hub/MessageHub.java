package dev.jslab.engine.hub;

import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.node.JetStreamNode;
import dev.jslab.engine.protocol.ClientSession;
import dev.jslab.engine.protocol.Publish;
import dev.jslab.engine.protocol.Router;
import dev.jslab.engine.protocol.Subscription;
import dev.jslab.engine.protocol.SubscriptionRouter;
import dev.jslab.engine.subject.Subjects;
import java.util.random.RandomGenerator;

/**
 * Ties one node's parts together. What clients publish goes to the core subscribers, and also to
 * the JetStream API ({@code $JS.API.>}), the ack and flow-control handlers ({@code $JS.ACK.>},
 * {@code $JS.FC.>}) or the stream capturing the subject; a request that none of them takes meets
 * the router's {@code 503}. What the node sends (its outbox: PubAcks, API answers, deliveries,
 * advisories) is routed to the client subscriptions of {@link OutboundMessage#route()}. Push
 * consumers learn when subscriptions to a literal deliver subject come and go.
 *
 * <p>The hub outlives node restarts: {@link #attach} a freshly opened node, {@link #detach()}
 * before it stops. Use {@link #send(OutboundMessage)} as the node's outbox and {@link
 * #hasInterest(String)} as its interest predicate.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class MessageHub implements Router {
  private static final String API = JsApi.PREFIX;
  private static final String ACK = "$JS.ACK.";
  private static final String FC = "$JS.FC.";

  private final SubscriptionRouter router;
  private JetStreamNode node;
  private JsApi api;

  private String lastChecked;
  private boolean lastValidLiteral;

  public MessageHub(RandomGenerator random) {
    this.router = new SubscriptionRouter(random);
  }

  /** Starts serving {@code node} with {@code api} (which must send to {@link #send}). */
  public void attach(JetStreamNode node, JsApi api) {
    this.node = node;
    this.api = api;
  }

  /** Stops handing work to the node (it is stopping); core routing goes on. */
  public void detach() {
    this.node = null;
    this.api = null;
  }

  /** Whether a node is attached. */
  public boolean attached() {
    return node != null;
  }

  /** The node's outbox: routes {@code message} to the subscriptions of its route. */
  public void send(OutboundMessage message) {
    byte[] headers = message.headers().length == 0 ? null : message.headers();
    router.deliverInternal(
        message.route(), message.subject(), message.reply(), headers, message.data());
  }

  /** The node's interest predicate: whether a client subscription matches {@code subject}. */
  public boolean hasInterest(String subject) {
    return router.hasInterest(subject);
  }

  /**
   * Feeds bytes from {@code session}'s client, then ends the batch with {@link
   * JetStreamNode#flush()} so answers leave only once their work is durable.
   */
  public void receive(ClientSession session, byte[] data, int offset, int length) {
    session.receive(data, offset, length);
    flush();
  }

  /** Ends a batch of work on the attached node, if any. */
  public void flush() {
    if (node != null && node.isOpen()) {
      node.flush();
    }
  }

  @Override
  public void publish(ClientSession origin, Publish publish) {
    String subject = publish.subject();
    boolean taken = false;
    if (node != null && node.isOpen()) {
      JetStream js = node.jetStream();
      if (subject.startsWith(API) || (subject.startsWith("$JS.") && api.serves(subject))) {
        taken = true;
        router.deliver(origin, publish);
        api.handle(
            subject,
            publish.reply(),
            publish.headers(),
            publish.payload(),
            origin == null ? 0 : origin.rttNanos());
      } else if (subject.startsWith(ACK)) {
        taken = true;
        router.deliver(origin, publish);
        js.processAck(subject, publish.payload(), publish.reply());
      } else if (subject.startsWith(FC)) {
        taken = true;
        router.deliver(origin, publish);
        js.processFlowControlReply(subject);
      } else if (isValidLiteral(subject)
          && js.publish(subject, publish.reply(), publish.headers(), publish.payload())
          .isPresent()) {
        taken = true;
        router.deliver(origin, publish);
      }
    }
    if (!taken) {
      // core delivery, and the 503 when a request reached nobody
      router.publish(origin, publish);
    }
  }

  /**
   * {@link Subjects#isValidLiteral}, remembered for the last subject string seen: the parser
   * hands a publisher's repeated subject over as the same string.
   */
  private boolean isValidLiteral(String subject) {
    if (subject != lastChecked) {
      lastChecked = subject;
      lastValidLiteral = Subjects.isValidLiteral(subject);
    }
    return lastValidLiteral;
  }

  @Override
  public void subscribe(Subscription subscription) {
    String subject = subscription.subject();
    boolean had = Subjects.isValidLiteral(subject) && router.hasInterest(subject);
    router.subscribe(subscription);
    if (node != null && node.isOpen() && Subjects.isValidLiteral(subject) && !had) {
      node.jetStream().deliveryInterest(subject, true);
    }
  }

  @Override
  public void unsubscribe(Subscription subscription) {
    router.unsubscribe(subscription);
    String subject = subscription.subject();
    if (node != null
        && node.isOpen()
        && Subjects.isValidLiteral(subject)
        && !router.hasInterest(subject)) {
      node.jetStream().deliveryInterest(subject, false);
    }
  }
}
