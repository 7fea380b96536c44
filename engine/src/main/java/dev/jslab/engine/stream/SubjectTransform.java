package dev.jslab.engine.stream;

/** Rewrites subjects matching {@code source} into {@code destination} ({@code src}, {@code dest}). */
public record SubjectTransform(String source, String destination) {}
