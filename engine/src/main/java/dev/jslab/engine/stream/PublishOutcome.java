package dev.jslab.engine.stream;

import dev.jslab.engine.api.ApiError;

/** What became of one published message. */
public sealed interface PublishOutcome {
  /** Stored at {@code seq}. */
  record Stored(long seq) implements PublishOutcome {}

  /** A duplicate within the window of the message stored at {@code seq}; nothing stored. */
  record Duplicate(long seq) implements PublishOutcome {}

  /** Interest retention with no interested consumer: {@code seq} was used, nothing stored. */
  record NoInterest(long seq) implements PublishOutcome {}

  /** Refused with an API error; nothing stored. */
  record Rejected(ApiError error) implements PublishOutcome {}

  /** Proposed to the stream's Raft group: the PubAck follows when a quorum has committed it. */
  record Proposed() implements PublishOutcome {}

  /** Dropped without an answer, as nats-server drops an invalid {@code Nats-Rollup} value. */
  record Dropped(String reason) implements PublishOutcome {}
}
