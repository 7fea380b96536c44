package dev.jslab.engine.consumer;

/**
 * A consumer sequence with its stream sequence, as nats-server's {@code SequencePair}.
 *
 * @param consumerSeq the delivery sequence
 * @param streamSeq the stream sequence
 */
public record SequencePair(long consumerSeq, long streamSeq) {
  public static final SequencePair ZERO = new SequencePair(0, 0);
}
