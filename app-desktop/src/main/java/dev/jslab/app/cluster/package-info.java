/**
 * The cluster page: a view-model fed from the local cluster's snapshots, and the node cards that
 * show it and send kill and restart commands.
 */
package dev.jslab.app.cluster;
