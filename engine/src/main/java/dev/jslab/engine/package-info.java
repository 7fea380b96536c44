/**
 * One JetStream node as pure Java: subjects, storage, streams, consumers, Raft and the API.
 *
 * <p>The engine knows nothing of JavaFX or of the simulator that hosts it. Its state machines take
 * time, timers and randomness from what is injected, so the same code runs in the deterministic
 * simulator and in live mode.
 */
package dev.jslab.engine;
