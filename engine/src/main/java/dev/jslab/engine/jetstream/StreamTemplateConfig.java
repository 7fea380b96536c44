package dev.jslab.engine.jetstream;

import dev.jslab.engine.stream.StreamConfig;

/**
 * A stream template (deprecated upstream, kept for the tutorial the lab teaches): a stream
 * configuration from which a stream is created for each new subject published under its
 * subjects, up to {@code maxStreams}.
 *
 * @param name template name
 * @param config the stream configuration each created stream copies (its name is set per stream)
 * @param maxStreams how many streams the template may create
 */
public record StreamTemplateConfig(String name, StreamConfig config, long maxStreams) {}
