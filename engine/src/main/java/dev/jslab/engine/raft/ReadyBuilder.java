package dev.jslab.engine.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects the effects of one input into a {@link Ready}. Confined to its {@link RaftNode}. */
final class ReadyBuilder {
  private HardState hardState;
  private Snapshot snapshotToPersist;
  private long truncateFrom;
  private final List<Entry> entries = new ArrayList<>();
  private final List<Envelope> messages = new ArrayList<>();
  private Snapshot snapshotToApply;
  private final List<Entry> committed = new ArrayList<>();
  private final List<RaftEvent> events = new ArrayList<>();
  private Proposal proposal;

  void hardState(HardState state) {
    hardState = state;
  }

  void persistSnapshot(Snapshot snapshot) {
    snapshotToPersist = snapshot;
    entries.clear();
    truncateFrom = 0;
  }

  /** Entries from {@code index} on are gone from the log; drops any of them not yet persisted. */
  void truncate(long index) {
    entries.removeIf(e -> e.index() >= index);
    if (truncateFrom == 0 || index < truncateFrom) {
      truncateFrom = index;
    }
  }

  void append(Entry entry) {
    entries.add(entry);
  }

  void send(Envelope envelope) {
    messages.add(envelope);
  }

  void applySnapshot(Snapshot snapshot) {
    snapshotToApply = snapshot;
    committed.clear();
  }

  void apply(Entry entry) {
    committed.add(entry);
  }

  void event(RaftEvent event) {
    events.add(event);
  }

  void proposal(Proposal outcome) {
    proposal = outcome;
  }

  Ready build() {
    return new Ready(
        Optional.ofNullable(hardState),
        Optional.ofNullable(snapshotToPersist),
        truncateFrom,
        entries,
        messages,
        Optional.ofNullable(snapshotToApply),
        committed,
        events,
        Optional.ofNullable(proposal));
  }
}
