/**
 * The fault-injecting simulator's parts: a network between named nodes whose links can be slowed,
 * made lossy, duplicating or reordering, cut one way or partitioned, and healed — driven by an
 * injected scheduler and a seeded random source, so a seed replays the same run.
 */
package dev.jslab.local.sim;
