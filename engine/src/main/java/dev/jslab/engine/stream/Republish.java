package dev.jslab.engine.stream;

/**
 * After storing, republish messages matching {@code source} to {@code destination}, optionally
 * headers only.
 */
public record Republish(String source, String destination, boolean headersOnly) {}
