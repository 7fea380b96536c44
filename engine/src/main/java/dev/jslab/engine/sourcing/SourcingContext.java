package dev.jslab.engine.sourcing;

import dev.jslab.engine.advisory.Nuid;
import dev.jslab.engine.stream.Stream;
import dev.jslab.engine.time.Scheduler;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * What mirrors and sources get from the node. Immutable; what it holds is used on the node's
 * executor only.
 *
 * @param scheduler time and timers
 * @param bus the messaging to their origins
 * @param random the node's seeded random source (inbox tokens, jitter)
 * @param nuid the node's id generator (consumer names of filtered requests)
 * @param stored told after a mirror or source stored into a stream (so the node keeps its
 *     age-out timer running)
 * @param writes how a mirror or source changes its stream: at once on a stand-alone stream,
 *     through its group's log on a replicated one (the outcome is then {@link
 *     dev.jslab.engine.stream.PublishOutcome.Proposed})
 */
public record SourcingContext(
    Scheduler scheduler,
    InternalBus bus,
    RandomGenerator random,
    Nuid nuid,
    Consumer<Stream> stored,
    Writes writes) {
  /** How a mirror or source changes its stream. */
  @FunctionalInterface
  public interface Writes {
    /** Applies or proposes {@code op} to {@code stream}; the result {@link Stream#apply} gives. */
    Object write(Stream stream, dev.jslab.engine.stream.StreamOp op);

    /** Every change applied to the stream at once. */
    Writes DIRECT = Stream::apply;
  }

  public SourcingContext {
    writes = writes == null ? Writes.DIRECT : writes;
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(bus, "bus");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(nuid, "nuid");
    stored = stored == null ? s -> {} : stored;
  }

  long now() {
    return scheduler.nowNanos();
  }
}
