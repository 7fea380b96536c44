/** Storage seams of a node: where its state lives on disk and how it survives a crash. */
package dev.jslab.engine.store;
