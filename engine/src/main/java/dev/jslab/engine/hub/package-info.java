/** A node's message hub: ties client sessions, core routing, the JetStream API and JetStream. */
package dev.jslab.engine.hub;
