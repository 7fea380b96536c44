package dev.jslab.local.bench;

import java.util.List;
import java.util.Optional;

/**
 * How long publishing stopped around a fault: from the moment the fault began until the first
 * PubAck of an attempt that started once the fault had taken effect (the stepdown answered, the
 * process gone). Acks of attempts begun earlier do not count: the old leader may still have
 * acknowledged those.
 *
 * <p>Stateless.
 */
final class Outage {
  private Outage() {}

  /** The first ack, in arrival order, whose attempt started at or after {@code nanos}. */
  static Optional<RetryingPublisher.Ack> firstAckOfAttemptFrom(List<RetryingPublisher.Ack> acks, long nanos) {
    return acks.stream().filter(a -> a.attemptStartNanos() - nanos >= 0).findFirst();
  }

  /**
   * Milliseconds from {@code faultStartNanos} until publishing resumed after a fault that took
   * effect at {@code faultDoneNanos}; empty when it has not resumed.
   */
  static Optional<Double> millis(List<RetryingPublisher.Ack> acks, long faultStartNanos, long faultDoneNanos) {
    return firstAckOfAttemptFrom(acks, faultDoneNanos).map(a -> (a.ackNanos() - faultStartNanos) / 1e6);
  }
}
