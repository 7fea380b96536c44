/** Memory storage: messages on the heap, lost when the node stops. */
package dev.jslab.engine.store.memory;
