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
import dev.jslab.engine.route.RoutedMessage;
import dev.jslab.engine.route.Routes;
import dev.jslab.engine.subject.Subjects;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Ties one node's parts together. What clients publish goes to the core subscribers, and also to
 * the JetStream API ({@code $JS.API.>}), the ack and flow-control handlers ({@code $JS.ACK.>},
 * {@code $JS.FC.>}) or the stream capturing the subject; a request that none of them takes meets
 * the router's {@code 503}. What the node sends (its outbox: PubAcks, API answers, deliveries,
 * advisories) is routed to the client subscriptions of {@link OutboundMessage#route()}. Push
 * consumers learn when subscriptions to a literal deliver subject come and go.
 *
 * <p>In a cluster ({@link #setRoutes}) both also go to the other nodes with interest (and an API
 * request the node itself sends to its own API too, as a client's would), and what
 * they forward arrives through {@link #receiveRouted}: delivered here, to the core subscribers and
 * JetStream alike, and never forwarded again. A request meets the {@code 503} only when no node
 * anywhere takes it. The hub announces its interest through the routes: its clients'
 * subscriptions, and while a node is attached what its JetStream takes.
 *
 * <p>The hub outlives node restarts: {@link #attach} a freshly opened node, {@link #detach()}
 * before it stops. Use {@link #send(OutboundMessage)} as the node's outbox (its API answering
 * through {@link JetStream#outbox()}, so answers to the node's own mirrors stay on its bus) and
 * {@link #hasInterest(String)} as its interest predicate.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class MessageHub implements Router {
  private static final String API = JsApi.PREFIX;
  private static final String ACK = "$JS.ACK.";
  private static final String FC = "$JS.FC.";
  /** Subjects the nodes of a cluster use among themselves (nats-server's {@code $JSC}). */
  private static final String CLUSTER = "$JSC.";
  /**
   * What a node with JetStream takes besides what its JetStream captures (its streams' subjects and
   * its consumers' acks, which a cluster routes to the consumer's leader only).
   */
  private static final List<String> JETSTREAM_INTEREST = List.of(API + ">", FC + ">", CLUSTER + ">");

  private final SubscriptionRouter router;
  private JetStreamNode node;
  private JsApi api;
  /** The other nodes of the cluster; null for a single server, which pays nothing for routing. */
  private Routes routes;

  private String lastChecked;
  private boolean lastValidLiteral;

  public MessageHub(RandomGenerator random) {
    this.router = new SubscriptionRouter(random);
  }

  /** Routes to the other nodes of the cluster from now on. Call before the first attach. */
  public void setRoutes(Routes routes) {
    this.routes = routes;
  }

  /** Starts serving {@code node} with {@code api} (which must send to {@link #send}). */
  public void attach(JetStreamNode node, JsApi api) {
    this.node = node;
    this.api = api;
    if (routes != null) {
      node.jetStream().onCapturedSubjects(this::announceJetStream);
    }
  }

  /** Stops handing work to the node (it is stopping); core routing goes on. */
  public void detach() {
    if (routes != null && node != null) {
      node.jetStream().onCapturedSubjects(null);
      routes.internalInterest(Set.of());
    }
    this.node = null;
    this.api = null;
  }

  /** Whether a node is attached. */
  public boolean attached() {
    return node != null;
  }

  private void announceJetStream(Set<String> streamSubjects) {
    Set<String> interest = new HashSet<>(JETSTREAM_INTEREST);
    String domain = node == null ? "" : node.jetStream().domain();
    if (!domain.isEmpty()) {
      interest.add("$JS." + domain + ".API.>"); // requests from other domains, over a WAN link
    }
    interest.addAll(streamSubjects);
    routes.internalInterest(interest);
  }

  /**
   * The node's outbox: routes {@code message} to the subscriptions of its route, here and on the
   * other nodes.
   */
  public void send(OutboundMessage message) {
    byte[] headers = message.headers().length == 0 ? null : message.headers();
    String route = message.route();
    router.deliverInternal(route, message.subject(), message.reply(), headers, message.data());
    if (routes != null && api != null && route.startsWith("$JS.") && api.serves(route)) {
      // a request the node itself makes (a mirror's consumer create): its own API takes part in
      // answering it as the other nodes' do
      api.handle(route, message.reply(), headers, message.data());
    }
    if (routes != null) {
      routes.forward(
          route,
          message.subject(),
          message.reply(),
          headers,
          message.data(),
          queue -> router.hasQueueMember(route, queue, null));
    }
  }

  /** The node's interest predicate: whether a client subscription matches {@code subject}. */
  public boolean hasInterest(String subject) {
    return router.hasInterest(subject) || (routes != null && routes.remoteInterest(subject));
  }

  /**
   * Feeds bytes from {@code session}'s client, then ends the batch with {@link
   * JetStreamNode#flush()} so answers leave only once their work is durable.
   */
  public void receive(ClientSession session, byte[] data, int offset, int length) {
    session.receive(data, offset, length);
    flush();
  }

  /**
   * A message another node forwarded: delivered to the core subscribers here (plain ones, and one
   * member of each queue group it names) and handed to JetStream as a client's publish would be;
   * never forwarded again. Ends the batch with {@link #flush()}.
   */
  public void receiveRouted(RoutedMessage message) {
    if (node != null && node.isOpen() && node.jetStream().takesOnBus(message.route())) {
      // for a mirror or source here: its consumer create's answer, its origin's deliveries
      node.jetStream().receiveOnBus(
          message.route(), message.subject(), message.reply(), message.headers(), message.payload());
      flush();
      return;
    }
    Publish publish =
        new Publish(message.subject(), message.reply(), message.headers(), message.payload());
    // a consumer's delivery (routed to its deliver subject) is for the core subscribers only
    if (!message.route().equals(message.subject())
        || !toJetStream(null, publish, message.queues())) {
      router.deliverRouted(
          message.route(),
          message.subject(),
          message.reply(),
          message.headers(),
          message.payload(),
          message.queues());
    }
    flush();
  }

  /**
   * Interest on other nodes changed: push consumers whose subscribers are elsewhere in the
   * cluster learn of it.
   */
  public void remoteInterestChanged() {
    if (node != null && node.isOpen()) {
      node.jetStream().refreshDeliveryInterest(this::hasInterest);
      flush();
    }
  }

  /** Ends a batch of work on the attached node, if any. */
  public void flush() {
    if (node != null && node.isOpen()) {
      node.flush();
    }
  }

  @Override
  public void publish(ClientSession origin, Publish publish) {
    boolean taken = toJetStream(origin, publish, null);
    if (routes == null) {
      if (!taken) {
        // core delivery, and the 503 when a request reached nobody
        router.publish(origin, publish);
      }
      return;
    }
    int delivered = taken ? 0 : router.deliver(origin, publish);
    String subject = publish.subject();
    boolean remote =
        routes.forward(
            subject,
            subject,
            publish.reply(),
            publish.headers(),
            publish.payload(),
            queue -> router.hasQueueMember(subject, queue, origin));
    if (!taken && delivered == 0 && !remote) {
      router.answerNoResponders(origin, publish);
    }
  }

  /**
   * Hands {@code publish} to what JetStream takes — the API, acks, flow control, the stream
   * capturing its subject — delivering it to the core subscribers too, in nats-server's order;
   * false, delivering nothing, when JetStream takes none of it.
   *
   * @param origin the publishing client, or null for a message from another node
   * @param routedQueues null for a local publish (every queue group gets it), else the queue
   *     groups a routed message must reach here
   */
  private boolean toJetStream(ClientSession origin, Publish publish, List<String> routedQueues) {
    if (node == null || !node.isOpen()) {
      return false;
    }
    String subject = publish.subject();
    JetStream js = node.jetStream();
    if (subject.startsWith(API) || (subject.startsWith("$JS.") && api.serves(subject))) {
      deliverCore(origin, publish, routedQueues);
      api.handle(
          subject,
          publish.reply(),
          publish.headers(),
          publish.payload(),
          origin == null ? 0 : origin.rttNanos());
      return true;
    }
    if (subject.startsWith(CLUSTER)) {
      if (routedQueues == null) {
        return false; // the nodes' own subjects: a client's publish there is plain core traffic
      }
      js.clusterMessage(subject, publish.reply(), publish.payload());
      return true;
    }
    if (subject.startsWith(ACK)) {
      deliverCore(origin, publish, routedQueues);
      js.processAck(subject, publish.payload(), publish.reply());
      return true;
    }
    if (subject.startsWith(FC)) {
      deliverCore(origin, publish, routedQueues);
      js.processFlowControlReply(subject);
      return true;
    }
    if (isValidLiteral(subject)
        && js.publish(subject, publish.reply(), publish.headers(), publish.payload()).isPresent()) {
      deliverCore(origin, publish, routedQueues);
      return true;
    }
    return false;
  }

  private void deliverCore(ClientSession origin, Publish publish, List<String> routedQueues) {
    if (routedQueues == null) {
      router.deliver(origin, publish);
    } else {
      String subject = publish.subject();
      router.deliverRouted(
          subject, subject, publish.reply(), publish.headers(), publish.payload(), routedQueues);
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
    if (routes != null) {
      routes.subscriptionChanged(subject, subscription.queue(), true);
    }
    if (node != null && node.isOpen() && Subjects.isValidLiteral(subject) && !had) {
      node.jetStream().deliveryInterest(subject, true);
    }
  }

  @Override
  public void unsubscribe(Subscription subscription) {
    router.unsubscribe(subscription);
    String subject = subscription.subject();
    if (routes != null) {
      routes.subscriptionChanged(subject, subscription.queue(), false);
    }
    if (node != null
        && node.isOpen()
        && Subjects.isValidLiteral(subject)
        && !router.hasInterest(subject)) {
      node.jetStream().deliveryInterest(subject, false);
    }
  }
}
