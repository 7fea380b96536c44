package dev.jslab.engine.consumer;

/**
 * A consumer's info with nats-server's numbers ({@code ConsumerInfo} without the cluster part).
 *
 * @param stream {@code stream_name}
 * @param name {@code name}
 * @param createdNanos {@code created}
 * @param config {@code config}
 * @param delivered {@code delivered}: the last delivery as the consumer store recorded it
 * @param ackFloor {@code ack_floor}: everything at or below is acknowledged
 * @param numAckPending {@code num_ack_pending}: deliveries awaiting an ack
 * @param numRedelivered {@code num_redelivered}: messages delivered more than once and not acked
 * @param numWaiting {@code num_waiting}: pull requests waiting
 * @param numPending {@code num_pending}: matching messages not yet delivered
 * @param pushBound {@code push_bound}: a push consumer whose deliver subject has interest
 * @param timestampNanos {@code ts}: when the info was gathered
 */
public record ConsumerInfo(
    String stream,
    String name,
    long createdNanos,
    ConsumerConfig config,
    SequenceInfo delivered,
    SequenceInfo ackFloor,
    long numAckPending,
    long numRedelivered,
    long numWaiting,
    long numPending,
    boolean pushBound,
    long timestampNanos) {}
