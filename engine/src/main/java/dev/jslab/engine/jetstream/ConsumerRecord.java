package dev.jslab.engine.jetstream;

import dev.jslab.engine.consumer.ConsumerConfig;

/** What a node remembers of a consumer across restarts: its name, configuration and creation time. */
public record ConsumerRecord(String stream, String name, ConsumerConfig config, long createdNanos) {}
