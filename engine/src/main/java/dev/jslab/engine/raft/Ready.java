package dev.jslab.engine.raft;

import java.util.List;
import java.util.Optional;

/**
 * What the driver must do after one input to a {@link RaftNode}, in this order: persist ({@code
 * hardState}, then {@code snapshotToPersist}, then drop stored entries from {@code truncateFrom} if
 * it is positive, then append {@code entries}), then send {@code messages}, then apply ({@code
 * snapshotToApply} first, then {@code committed} in order). {@link RaftStorage#persist} does the
 * persisting in that order. {@code events} are for observation only; {@code proposal} answers a
 * {@link RaftNode#propose} or {@link RaftNode#removePeer}.
 *
 * <p>Immutable and thread-safe.
 */
public record Ready(
    Optional<HardState> hardState,
    Optional<Snapshot> snapshotToPersist,
    long truncateFrom,
    List<Entry> entries,
    List<Envelope> messages,
    Optional<Snapshot> snapshotToApply,
    List<Entry> committed,
    List<RaftEvent> events,
    Optional<Proposal> proposal) {

  public Ready {
    entries = List.copyOf(entries);
    messages = List.copyOf(messages);
    committed = List.copyOf(committed);
    events = List.copyOf(events);
  }

  /** True when there is nothing to persist, send or apply. */
  public boolean isEmpty() {
    return hardState.isEmpty()
        && snapshotToPersist.isEmpty()
        && truncateFrom == 0
        && entries.isEmpty()
        && messages.isEmpty()
        && snapshotToApply.isEmpty()
        && committed.isEmpty();
  }
}
