package dev.jslab.engine.protocol;

/**
 * Where a {@link ClientSession} hands what its client publishes and subscribes; the node
 * implements it (core subscriptions via {@link SubscriptionRouter}, JetStream on top). Called on
 * the node's executor.
 */
public interface Router {
  /** Delivers {@code publish} from {@code origin} to every interested party. */
  void publish(ClientSession origin, Publish publish);

  /** Registers a new subscription of {@code subscription.session()}. */
  void subscribe(Subscription subscription);

  /** Forgets {@code subscription}; no effect when it is not registered. */
  void unsubscribe(Subscription subscription);
}
