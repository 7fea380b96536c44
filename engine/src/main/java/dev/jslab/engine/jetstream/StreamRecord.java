package dev.jslab.engine.jetstream;

import dev.jslab.engine.stream.StreamConfig;

/** What a node remembers of a stream across restarts: its configuration and creation time. */
public record StreamRecord(StreamConfig config, long createdNanos) {}
