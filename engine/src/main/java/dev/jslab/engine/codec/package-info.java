/**
 * Small binary forms the engine writes with {@link java.io.DataOutputStream}: what a Raft log entry,
 * a snapshot or a catch-up message holds, one helper for all of them.
 */
package dev.jslab.engine.codec;
