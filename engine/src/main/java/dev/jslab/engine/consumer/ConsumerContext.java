package dev.jslab.engine.consumer;

import dev.jslab.engine.message.Outbox;
import dev.jslab.engine.time.Scheduler;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * What a consumer gets from the node hosting it: time and timers, where its messages go, its
 * seeded randomness, its state store, and the few network facts it cannot know itself.
 *
 * @param scheduler the node's time and the only way to act later
 * @param outbox where deliveries, status messages, ack replies and advisories go
 * @param random the node's seeded generator (advisory ids, jitter, sampling, flow control ids)
 * @param domain the JetStream domain named in advisories, or empty
 * @param stateStore where the replicated state is kept
 * @param replyInterest whether a pull request's reply subject still has a subscriber
 * @param listener told about applied operations and inactivity
 * @param maxPayload the server's {@code max_payload}, the rate limit's burst when the stream sets
 *     no {@code max_msg_size}
 */
public record ConsumerContext(
    Scheduler scheduler,
    Outbox outbox,
    RandomGenerator random,
    String domain,
    ConsumerStateStore stateStore,
    Predicate<String> replyInterest,
    Listener listener,
    long maxPayload) {

  /** nats-server's default {@code max_payload}: 1 MiB. */
  public static final long DEFAULT_MAX_PAYLOAD = 1024 * 1024;

  public ConsumerContext {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(outbox, "outbox");
    Objects.requireNonNull(random, "random");
    domain = domain == null ? "" : domain;
    stateStore = stateStore == null ? new MemoryConsumerStateStore() : stateStore;
    replyInterest = replyInterest == null ? reply -> true : replyInterest;
    listener = listener == null ? Listener.NONE : listener;
    maxPayload = maxPayload <= 0 ? DEFAULT_MAX_PAYLOAD : maxPayload;
  }

  /** A context with a memory state store, every reply subject listened to, no listener. */
  public static ConsumerContext of(Scheduler scheduler, Outbox outbox, RandomGenerator random) {
    return new ConsumerContext(scheduler, outbox, random, "", null, null, null, 0);
  }

  /** This context with another state store. */
  public ConsumerContext withStateStore(ConsumerStateStore store) {
    return new ConsumerContext(
        scheduler, outbox, random, domain, store, replyInterest, listener, maxPayload);
  }

  /** This context with another reply-interest check. */
  public ConsumerContext withReplyInterest(Predicate<String> interest) {
    return new ConsumerContext(
        scheduler, outbox, random, domain, stateStore, interest, listener, maxPayload);
  }

  /** This context with another listener. */
  public ConsumerContext withListener(Listener l) {
    return new ConsumerContext(
        scheduler, outbox, random, domain, stateStore, replyInterest, l, maxPayload);
  }

  /** This context with a JetStream domain. */
  public ConsumerContext withDomain(String d) {
    return new ConsumerContext(
        scheduler, outbox, random, d, stateStore, replyInterest, listener, maxPayload);
  }

  /** What the host hears from a consumer. Called on the node's executor. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** {@code op} was applied to the consumer's state (in order). */
    default void applied(Consumer consumer, ConsumerOp op) {}

    /**
     * The consumer saw no interest or pull activity for its inactive threshold; nats-server would
     * delete it now. The host deletes it ({@link Consumer#delete()}) and sends the deleted advisory.
     */
    default void inactive(Consumer consumer) {}
  }
}
