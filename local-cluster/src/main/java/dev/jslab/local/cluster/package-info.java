/**
 * A local cluster of engine nodes: lifecycle (start, kill, stop, restart), immutable snapshots
 * and an ordered stream of typed events for a live view.
 */
package dev.jslab.local.cluster;
