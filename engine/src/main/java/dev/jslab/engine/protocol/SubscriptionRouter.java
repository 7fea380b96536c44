package dev.jslab.engine.protocol;

import dev.jslab.engine.subject.SubjectIndex;
import dev.jslab.engine.subject.Subjects;
import java.util.ArrayList;
import java.util.Collection;
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
    if (deliver(origin, publish) == 0) {
      answerNoResponders(origin, publish);
    }
  }

  /**
   * Answers {@code publish}, which reached nobody, with the {@code 503} status when it is a
   * request and its client asked for {@code no_responders}.
   */
  public void answerNoResponders(ClientSession origin, Publish publish) {
    if (publish.reply() != null && origin.options().noResponders() && !origin.isClosed()) {
      noResponders(origin, publish.reply());
    }
  }

  /** Delivers {@code publish} to the local subscriptions; returns how many got it. */
  public int deliver(ClientSession origin, Publish publish) {
    List<Subscription> targets = targets(publish.subject(), skipped(origin), null);
    for (Subscription target : targets) {
      send(target, publish.subject(), publish.reply(), publish.headers(), publish.payload());
    }
    return targets.size();
  }

  /** The session whose subscriptions {@code origin}'s publish skips: itself with echo off. */
  private static ClientSession skipped(ClientSession origin) {
    return origin.options().echo() ? null : origin;
  }

  /**
   * Delivers a message that came over a route to the subscriptions matching {@code route}: every
   * plain one, and one member of each of the queue groups in {@code queues} (the ones the sending
   * node left to this one); the receivers see {@code subject}. Returns how many got it.
   */
  public int deliverRouted(
      String route,
      String subject,
      String reply,
      byte[] headers,
      byte[] payload,
      Collection<String> queues) {
    List<Subscription> targets = targets(route, null, queues);
    for (Subscription target : targets) {
      send(target, subject, reply, headers, payload);
    }
    return targets.size();
  }

  /**
   * Whether a live member of queue group {@code queue} matches {@code subject}, not counting the
   * subscriptions of {@code origin}'s session when its publishes skip them ({@code echo:false});
   * null {@code origin}: a message of the node itself.
   */
  public boolean hasQueueMember(String subject, String queue, ClientSession origin) {
    ClientSession skip = origin == null ? null : skipped(origin);
    for (Subscription subscription : index.match(subject)) {
      if (queue.equals(subscription.queue())
          && !subscription.session().isClosed()
          && subscription.session() != skip) {
        return true;
      }
    }
    return false;
  }

  /**
   * The live subscriptions that get a message published to {@code subject}: every plain one, and
   * one member of each queue group chosen at random — of every group when {@code queues} is null,
   * else only of those named — none of {@code skip}'s (null: skip none).
   */
  private List<Subscription> targets(String subject, ClientSession skip, Collection<String> queues) {
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
      } else if (queues == null || queues.contains(subscription.queue())) {
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
    List<Subscription> targets = targets(route, null, null);
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
