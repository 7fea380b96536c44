/**
 * Many engine nodes in one process: their lifecycle and faults, what can be observed of them, and
 * the headless command line.
 */
package dev.jslab.local;
