package dev.jslab.engine.node;

import dev.jslab.engine.jetstream.SyncPolicy;
import dev.jslab.engine.message.Outbox;
import dev.jslab.engine.time.Scheduler;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * What the host gives a node: its time and timers, where its messages go, its seeded randomness,
 * its sync policy and JetStream domain, and whether a subject has subscribers.
 *
 * @param scheduler time and timers, running on the node's executor
 * @param outbox where the node's messages go
 * @param random the node's seeded random source
 * @param syncPolicy when file storage is made durable
 * @param domain the JetStream domain, or empty
 * @param interest whether a subject has subscribers
 */
public record NodeEnvironment(
    Scheduler scheduler,
    Outbox outbox,
    RandomGenerator random,
    SyncPolicy syncPolicy,
    String domain,
    Predicate<String> interest) {
  public NodeEnvironment {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(outbox, "outbox");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(syncPolicy, "syncPolicy");
    domain = domain == null ? "" : domain;
    interest = interest == null ? subject -> true : interest;
  }
}
