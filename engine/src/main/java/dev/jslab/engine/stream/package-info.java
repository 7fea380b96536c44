/**
 * Streams: their configuration, the publish path (dedup, expectations, rollups, limits, discard),
 * retention policies, mirrors and sources, and templates.
 */
package dev.jslab.engine.stream;
