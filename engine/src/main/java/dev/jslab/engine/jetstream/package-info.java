/**
 * The JetStream of one node: its streams (and their consumers), how they are created, changed,
 * found by subject, stored and recovered, and when their work becomes durable.
 */
package dev.jslab.engine.jetstream;
