/** A node's identity, storage directory and lifecycle: open (recovering from disk), close, crash. */
package dev.jslab.engine.node;
