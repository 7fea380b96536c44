package dev.jslab.engine.consumer;

/**
 * One change to a consumer's replicated state. A consumer's {@link ConsumerState} is the result of
 * applying its operations in order ({@link ConsumerState#apply}); in a cluster the leader proposes
 * them and every replica applies them on commit. Each operation applies as nats-server's consumer
 * store applies the matching call ({@code UpdateDelivered}, {@code UpdateAcks}, {@code
 * SetStarting}, {@code Update}).
 */
public sealed interface ConsumerOp {
  /** The consumer starts after {@code streamSeq} ({@code SetStarting}). */
  record Started(long streamSeq) implements ConsumerOp {}

  /** A message was delivered (or redelivered) ({@code UpdateDelivered}). */
  record Delivered(long consumerSeq, long streamSeq, long deliveryCount, long timestampNanos)
      implements ConsumerOp {}

  /** A delivery was acknowledged ({@code UpdateAcks}). */
  record Acked(long consumerSeq, long streamSeq) implements ConsumerOp {}

  /**
   * A delivery was refused with a delay: its pending time moves so that it is redelivered after
   * the delay ({@code UpdateDelivered} with the back-dated time). A {@code -NAK} without delay
   * changes no replicated state and has no operation.
   */
  record Nacked(long consumerSeq, long streamSeq, long deliveryCount, long timestampNanos)
      implements ConsumerOp {}

  /** {@code +WPI}: the ack timer of a delivery restarts ({@code UpdateDelivered}, count 1). */
  record ProgressReset(long consumerSeq, long streamSeq, long timestampNanos)
      implements ConsumerOp {}

  /** {@code +TERM}: no more redeliveries; applies as an ack ({@code UpdateAcks}). */
  record Terminated(long consumerSeq, long streamSeq, long deliveryCount, String reason)
      implements ConsumerOp {}

  /** A delivery reached {@code max_deliver} ({@code UpdateDelivered} with the count). */
  record DeliveriesExceeded(
      long consumerSeq, long streamSeq, long deliveryCount, long timestampNanos)
      implements ConsumerOp {}

  /** The whole state is written at once (after a purge or a cleanup) ({@code Update}). */
  record StateReplaced(ConsumerState state) implements ConsumerOp {}
}
