package dev.jslab.engine.protocol;

import dev.jslab.engine.subject.SubjectIndex;
import dev.jslab.engine.subject.Subjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Core NATS delivery across the sessions of one node: a publish goes to every matching plain
 * subscription and to one member of each matching queue group (picked by the injected, seeded
 * random), skips the publisher's own subscriptions when it connected with {@code echo:false},
 * ends subscriptions that reached their {@code UNSUB} max, and answers a request nobody received
 * with the {@code 503} status when the requester asked for {@code no_responders}. Subscribers
 * that connected without {@code headers} get {@code MSG} with the payload only.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class SubscriptionRouter implements Router {
  private final SubjectIndex<Subscription> index = new SubjectIndex<>();
  private final RandomGenerator random;

  /** A router picking queue-group members with {@code random}. */
  public SubscriptionRouter(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public void subscribe(Subscription subscription) {
    index.add(subscription.subject(), subscription);
  }

  @Override
  public void unsubscribe(Subscription subscription) {
    index.remove(subscription.subject(), subscription);
  }

  /** Number of registered subscriptions. */
  public int size() {
    return index.size();
  }

  @Override
  public void publish(ClientSession origin, Publish publish) {
    int delivered = deliver(origin, publish);
    if (delivered == 0
        && publish.reply() != null
        && origin.options().noResponders()
        && !origin.isClosed()) {
      noResponders(origin, publish.reply());
    }
  }

  /** Delivers {@code publish} to the local subscriptions; returns how many got it. */
  public int deliver(ClientSession origin, Publish publish) {
    ClientSession skip = origin.options().echo() ? null : origin;
    List<Subscription> targets = targets(publish.subject(), skip);
    for (Subscription target : targets) {
      send(target, publish.subject(), publish.reply(), publish.headers(), publish.payload());
    }
    return targets.size();
  }

  /**
   * The live subscriptions that get a message published to {@code subject}: every plain one, and
   * one member of each queue group chosen at random; none of {@code skip}'s (null: skip none).
   */
  private List<Subscription> targets(String subject, ClientSession skip) {
    Set<Subscription> matched = index.match(subject);
    if (matched.isEmpty()) {
      return List.of();
    }
    List<Subscription> targets = new ArrayList<>(matched.size());
    Map<String, List<Subscription>> groups = null;
    for (Subscription subscription : matched) {
      if (subscription.session().isClosed() || subscription.session() == skip) {
        continue;
      }
      if (subscription.queue() == null) {
        targets.add(subscription);
      } else {
        if (groups == null) {
          groups = new LinkedHashMap<>();
        }
        groups.computeIfAbsent(subscription.queue(), q -> new ArrayList<>()).add(subscription);
      }
    }
    if (groups != null) {
      for (List<Subscription> members : groups.values()) {
        targets.add(members.get(members.size() == 1 ? 0 : random.nextInt(members.size())));
      }
    }
    return targets;
  }

  /** Whether any live subscription matches the literal {@code subject}. */
  public boolean hasInterest(String subject) {
    for (Subscription subscription : index.match(subject)) {
      if (!subscription.session().isClosed()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Delivers a message the node itself sends (no publishing client, so no echo rule) to the
   * subscriptions matching {@code route}; the receivers see {@code subject}. Returns how many got
   * it.
   */
  public int deliverInternal(
      String route, String subject, String reply, byte[] headers, byte[] payload) {
    List<Subscription> targets = targets(route, null);
    for (Subscription target : targets) {
      send(target, subject, reply, headers, payload);
    }
    return targets.size();
  }

  private void noResponders(ClientSession origin, String reply) {
    if (!Subjects.isValidLiteral(reply)) {
      return;
    }
    for (Subscription subscription : origin.subscriptions()) {
      if (Subjects.matches(subscription.subject(), reply)) {
        send(subscription, reply, null, MessageFrames.NO_RESPONDERS_HEADERS, new byte[0]);
        return;
      }
    }
  }

  private void send(
      Subscription target, String subject, String reply, byte[] headers, byte[] payload) {
    // a client that did not ask for headers gets a plain MSG without them, as nats-server sends
    byte[] kept = target.session().options().headers() ? headers : null;
    target.session().write(MessageFrames.message(subject, target.sid(), reply, kept, payload));
    target.session().stats().sent((kept == null ? 0 : kept.length) + (payload == null ? 0 : payload.length));
    if (target.countDelivery()) {
      unsubscribe(target);
      target.session().ended(target);
    }
  }
}
