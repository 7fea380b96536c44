package dev.jslab.engine.jetstream;

import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.message.Outbox;
import dev.jslab.engine.sourcing.InternalBus;
import dev.jslab.engine.time.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The {@link InternalBus} inside one node, for mirrors and sources whose origin is in the same
 * node. It routes, one message per task on the node's scheduler (a hop, never a nested call):
 *
 * <ul>
 *   <li>what the node's consumers send to a subscribed inbox (deliveries, idle heartbeats,
 *       flow-control requests) — taken from the node's outbox by {@link #tap} — to that inbox's
 *       subscribers;
 *   <li>on a single server, {@code $JS.API.CONSUMER.CREATE…} (and {@code $JS.<domain>.API…} for
 *       the node's own domain) to {@link ConsumerCreateHandler}, the answer to the request's reply
 *       inbox (in a cluster the request goes out like any other: the cluster's API answers it);
 *   <li>{@code $JS.FC.…} flow-control replies and {@code $JS.ACK.…} acks to the node's consumers
 *       (a flow-control reply no consumer led here takes goes on to the network);
 *   <li>anything else to the node's outbox, as a publish to the network.
 * </ul>
 *
 * <p>What other nodes send to the inboxes it waits on arrives through {@link #receive}; the node
 * announces those inboxes as its interest ({@link JetStream#capturedSubjects()}), so an origin in
 * another node of the cluster, or in another domain across a WAN link, reaches its mirror.
 *
 * <p>It also keeps push consumers' delivery interest right for its inboxes: a consumer created for
 * an inbox nobody has subscribed yet has no interest (whatever the host's interest predicate says),
 * gets it when the inbox is subscribed, and loses it when the subscription is cancelled — so the
 * origin's internal consumer waits for its mirror, and goes after its inactive threshold once the
 * mirror has dropped it, as in nats-server.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class LocalBus implements InternalBus {
  private static final int MAX_CLAIMS = 1024;

  private final JetStream js;
  private final Scheduler scheduler;
  private final RandomGenerator random;
  private final ConsumerCreateHandler creates;
  private final Map<String, List<Sub>> subs = new HashMap<>();
  /** Deliver subjects of consumers being created through this bus, not subscribed yet. */
  private final Set<String> claimed = new LinkedHashSet<>();
  private Outbox network = m -> {};
  private boolean closed;

  private final class Sub implements Subscription {
    final String subject;
    final Consumer<Message> handler;
    boolean live = true;

    Sub(String subject, Consumer<Message> handler) {
      this.subject = subject;
      this.handler = handler;
    }

    @Override
    public void cancel() {
      if (!live) {
        return;
      }
      live = false;
      List<Sub> list = subs.get(subject);
      if (list != null && list.remove(this) && list.isEmpty()) {
        subs.remove(subject);
        if (!closed) {
          js.deliveryInterest(subject, false);
          js.subjectsChanged();
        }
      }
    }
  }

  LocalBus(JetStream js, Scheduler scheduler, RandomGenerator random, String domain) {
    this.js = js;
    this.scheduler = scheduler;
    this.random = random;
    this.creates = new ConsumerCreateHandler(js, domain);
  }

  /** The node's outbox with this bus in front: messages to subscribed inboxes stay in the node. */
  Outbox tap(Outbox downstream) {
    this.network = downstream;
    return m -> {
      if (!closed && subs.containsKey(m.route())) {
        hop(m);
      } else {
        downstream.send(m);
      }
    };
  }

  /**
   * Whether a push consumer delivering to {@code subject} has interest, or null when the subject
   * is not this bus's to say (the host's interest predicate decides then).
   */
  Boolean interest(String subject) {
    if (subs.containsKey(subject)) {
      return Boolean.TRUE;
    }
    return claimed.contains(subject) ? Boolean.FALSE : null;
  }

  /** The node stops: nothing more is routed. */
  void close() {
    closed = true;
    subs.clear();
    claimed.clear();
  }

  @Override
  public Subscription subscribe(String subject, Consumer<Message> handler) {
    Sub sub = new Sub(subject, handler);
    if (closed) {
      sub.live = false;
      return sub;
    }
    boolean first = !subs.containsKey(subject);
    subs.computeIfAbsent(subject, s -> new ArrayList<>()).add(sub);
    claimed.remove(subject);
    if (first) {
      js.deliveryInterest(subject, true);
      js.subjectsChanged();
    }
    return sub;
  }

  /** Whether something on this bus waits on the literal {@code subject}. */
  boolean subscribed(String subject) {
    return !closed && subs.containsKey(subject);
  }

  /** The inboxes something on this bus waits on, which the node must hear from other nodes. */
  Set<String> subscribedSubjects() {
    return closed ? Set.of() : Set.copyOf(subs.keySet());
  }

  /**
   * A message another node sent to {@code route}, one of this bus's inboxes: handed to its
   * subscribers now (crossing the network was the hop).
   */
  void receive(String route, Message message) {
    deliver(route, message);
  }

  @Override
  public void publish(OutboundMessage message) {
    if (!closed) {
      hop(message);
    }
  }

  @Override
  public Subscription request(String subject, byte[] body, Consumer<Message> onReply) {
    String inbox = "$JSC.R." + token();
    Sub[] self = new Sub[1];
    self[0] = (Sub) subscribe(inbox, m -> {
      self[0].cancel();
      onReply.accept(m);
    });
    publish(new OutboundMessage(subject, inbox, null, body));
    return self[0];
  }

  private void hop(OutboundMessage m) {
    scheduler.schedule(0, () -> route(m));
  }

  private void route(OutboundMessage m) {
    if (closed) {
      return;
    }
    String to = m.route();
    if (subs.containsKey(to)) {
      deliver(to, new Message(m.subject(), m.reply(), m.headers(), m.data()));
    } else if (to.startsWith("$JS.FC.")) {
      if (!js.processFlowControlReply(to)) {
        network.send(m); // the origin's consumer is led on another node
      }
    } else if (to.startsWith("$JS.ACK.")) {
      js.processAck(to, m.data(), m.reply());
    } else if (!js.clustered() && creates.local(to) != null) {
      creates.handle(creates.local(to), m.data(), claims, answer -> {
        if (m.reply() != null && !m.reply().isEmpty()) {
          publish(new OutboundMessage(m.reply(), null, null, answer));
        }
      });
    } else {
      network.send(m);
    }
  }

  private void deliver(String route, Message message) {
    List<Sub> list = subs.get(route);
    if (closed || list == null) {
      return;
    }
    for (Sub s : List.copyOf(list)) {
      if (s.live) {
        s.handler.accept(message);
      }
    }
  }

  private final ConsumerCreateHandler.Deliveries claims =
      new ConsumerCreateHandler.Deliveries() {
        @Override
        public void creating(String deliverSubject) {
          if (subs.containsKey(deliverSubject)) {
            return;
          }
          claimed.add(deliverSubject);
          if (claimed.size() > MAX_CLAIMS) {
            claimed.remove(claimed.iterator().next());
          }
        }

        @Override
        public void failed(String deliverSubject) {
          claimed.remove(deliverSubject);
        }
      };

  /** The node's environment with this bus's say on delivery interest for its inboxes. */
  JetStream.Environment withInterest(JetStream.Environment env) {
    return new JetStream.Environment(
        env.scheduler(), env.outbox(), env.fileStorage(), env.memoryStorage(),
        env.fileConsumers(), env.catalog(), env.syncPolicy(), env.domain(), env.random(),
        subject -> {
          Boolean mine = interest(subject);
          return mine != null ? mine : env.interest().test(subject);
        });
  }

  private String token() {
    String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    long l = random.nextLong() & Long.MAX_VALUE;
    char[] b = new char[8];
    for (int i = 0; i < b.length; i++) {
      b[i] = digits.charAt((int) (l % digits.length()));
      l /= digits.length();
    }
    return new String(b);
  }
}
